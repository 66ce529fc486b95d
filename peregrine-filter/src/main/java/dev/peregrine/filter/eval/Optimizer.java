package dev.peregrine.filter.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites a checked condition into an equivalent one that evaluates faster: nested and/or flattened, constants
 * folded, double negations removed, and, inside an {@code or}, equality tests and {@code in} lists on the same
 * field merged into one set look-up, and {@code contains} tests on the same field into one multi-needle test.
 */
public final class Optimizer {
    private Optimizer() {
    }

    public static Condition optimize(Condition c) {
        return switch (c) {
            case Condition.And a -> and(a.parts());
            case Condition.Or o -> or(o.parts());
            case Condition.Not n -> {
                Condition inner = optimize(n.part());
                if (inner instanceof Condition.Not nn) {
                    yield nn.part();
                }
                if (inner instanceof Condition.Const k) {
                    yield new Condition.Const(!k.value());
                }
                yield new Condition.Not(inner);
            }
            case Condition.Const k -> k;
            case Condition.OneOf o -> {
                List<Condition> parts = new ArrayList<>();
                for (Condition p : o.parts()) {
                    parts.add(optimize(p));
                }
                yield parts.isEmpty() ? new Condition.Const(false)
                        : parts.size() == 1 ? parts.get(0) : new Condition.OneOf(parts);
            }
            case Condition.Test t -> t;
        };
    }

    private static Condition and(List<Condition> parts) {
        List<Condition> out = flatten(parts, true);
        return out == null ? new Condition.Const(false)
                : out.isEmpty() ? new Condition.Const(true) : out.size() == 1 ? out.get(0) : new Condition.And(out);
    }

    /**
     * The optimised parts of an and ({@code and} true) or an or, nested ones of the same kind lifted into it and
     * neutral constants left out; null when a part decides the whole (false in an and, true in an or).
     */
    private static List<Condition> flatten(List<Condition> parts, boolean and) {
        List<Condition> out = new ArrayList<>();
        for (Condition p : parts) {
            Condition o = optimize(p);
            if (and && o instanceof Condition.And a) {
                out.addAll(a.parts());
            } else if (!and && o instanceof Condition.Or or) {
                out.addAll(or.parts());
            } else if (o instanceof Condition.Const k) {
                if (k.value() != and) {
                    return null;
                }
            } else {
                out.add(o);
            }
        }
        return out;
    }

    private static Condition or(List<Condition> parts) {
        List<Condition> flat = flatten(parts, false);
        if (flat == null) {
            return new Condition.Const(true);
        }
        // merge set-like tests on the same field, keeping the first one's position in the chain
        Map<String, Integer> slots = new LinkedHashMap<>();
        List<Condition> out = new ArrayList<>();
        for (Condition c : flat) {
            String key = mergeKey(c);
            if (key == null) {
                out.add(c);
                continue;
            }
            Integer slot = slots.get(key);
            if (slot == null) {
                slots.put(key, out.size());
                out.add(c);
            } else {
                Condition.Test prev = (Condition.Test) out.get(slot);
                Condition.Test t = (Condition.Test) c;
                List<Constant> values = new ArrayList<>(prev.values());
                values.addAll(t.values());
                Op op = prev.op() == Op.CONTAINS ? Op.CONTAINS : Op.IN;
                out.set(slot, new Condition.Test(prev.field(), op, values, null));
            }
        }
        return out.isEmpty() ? new Condition.Const(false) : out.size() == 1 ? out.get(0) : new Condition.Or(out);
    }

    /** Tests that can merge: =, in on text or integer fields; contains on text fields. Null for the others. */
    private static String mergeKey(Condition c) {
        if (!(c instanceof Condition.Test t) || t.other() != null || t.field().list()) {
            return null;
        }
        ValueKind k = t.field().kind();
        boolean text = k == ValueKind.TEXT || k == ValueKind.BYTES;
        boolean number = k == ValueKind.SIGNED || k == ValueKind.UNSIGNED;
        if ((t.op() == Op.EQ || t.op() == Op.IN) && (text || number)) {
            return "eq " + t.field();
        }
        if (t.op() == Op.CONTAINS && text) {
            return "contains " + t.field();
        }
        return null;
    }
}
