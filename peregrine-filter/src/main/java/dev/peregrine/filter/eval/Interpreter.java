package dev.peregrine.filter.eval;

import dev.peregrine.fields.EventContext;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The reference evaluator: walks the checked condition for every event, with no optimisation (lists scanned in
 * order, every comparison through {@link Comparisons}). Slow and plain on purpose: the compiled predicates are
 * tested against it.
 */
public final class Interpreter {
    private final Condition condition;
    private final Map<Condition.Test, FieldReader[]> readers = new IdentityHashMap<>();
    private final Comparisons.RegexCache regexes = new Comparisons.RegexCache();

    /** How far up the parent chain "any ancestor" fields look (libsinsp stops at loops; this bounds the walk). */
    static final int MAX_ANCESTORS = 64;

    public Interpreter(Condition condition) {
        this.condition = condition;
    }

    public boolean matches(EventContext ctx) {
        return eval(condition, ctx);
    }

    private FieldReader[] readers(Condition.Test t) {
        return readers.computeIfAbsent(t, k -> new FieldReader[]{new FieldReader(k.field()),
                k.other() == null ? null : new FieldReader(k.other())});
    }

    private FieldReader reader(Condition.Test t) {
        return readers(t)[0];
    }

    private boolean eval(Condition c, EventContext ctx) {
        return switch (c) {
            case Condition.And a -> {
                for (Condition p : a.parts()) {
                    if (!eval(p, ctx)) {
                        yield false;
                    }
                }
                yield true;
            }
            case Condition.Or o -> {
                for (Condition p : o.parts()) {
                    if (eval(p, ctx)) {
                        yield true;
                    }
                }
                yield false;
            }
            case Condition.OneOf o -> {
                int holding = 0;
                for (Condition p : o.parts()) {
                    if (eval(p, ctx) && ++holding > 1) {
                        yield false;
                    }
                }
                yield holding == 1;
            }
            case Condition.Not n -> !eval(n.part(), ctx);
            case Condition.Const k -> k.value();
            case Condition.Test t -> test(t, ctx);
        };
    }

    private final Map<Condition.Test, java.util.List<Condition.Test>> ancestorTests = new IdentityHashMap<>();

    private boolean test(Condition.Test t, EventContext ctx) {
        if (t.field().anyAncestor()) {
            java.util.List<Condition.Test> depths = ancestorTests.computeIfAbsent(t, k -> new java.util.ArrayList<>());
            for (int d = 1; d <= MAX_ANCESTORS; d++) {
                if (depths.size() < d) {
                    depths.add(new Condition.Test(t.field().atDepth(d), t.op(), t.values(), t.other()));
                }
                Condition.Test at = depths.get(d - 1);
                if (!reader(at).load(ctx)) {
                    return false;
                }
                if (test(at, ctx)) {
                    return true;
                }
            }
            return false;
        }
        FieldReader[] rs = readers(t);
        FieldReader r = rs[0];
        if (!r.load(ctx)) {
            return false;
        }
        if (t.op() == Op.EXISTS) {
            return true;
        }
        if (r.list && t.op() != Op.IN && t.op() != Op.INTERSECTS) {
            // a plugin's list field with a one-value operator: some item compares true with some value
            for (int i = 0, n = r.count(); i < n; i++) {
                r.select(i);
                for (Constant c : t.values()) {
                    if (Comparisons.compare(r, t.op(), c, regexes)) {
                        return true;
                    }
                }
            }
            return false;
        }
        if (r.list) {
            // libsinsp compare_rhs on a list: in = every item is a value (true for no item), intersects = some is
            for (int i = 0, n = r.count(); i < n; i++) {
                r.select(i);
                boolean found = false;
                for (Constant c : t.values()) {
                    if (Comparisons.compare(r, Op.EQ, c, regexes)) {
                        found = true;
                        break;
                    }
                }
                if (found != (t.op() == Op.IN)) {
                    return found;
                }
            }
            return t.op() == Op.IN;
        }
        if (t.other() != null) {
            FieldReader o = rs[1];
            if (!o.load(ctx)) {
                return false;
            }
            try {
                return Comparisons.compare(r, t.op(), Constant.parse(o.text().toString(), r.kind), regexes);
            } catch (IllegalArgumentException e) {
                return false; // the other field's value is not of this field's type
            }
        }
        for (Constant c : t.values()) {
            if (Comparisons.compare(r, t.op(), c, regexes)) {
                return true;
            }
        }
        return false;
    }
}
