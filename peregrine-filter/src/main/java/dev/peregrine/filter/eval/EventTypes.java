package dev.peregrine.filter.eval;

import dev.peregrine.scap.EventInfo;
import dev.peregrine.scap.EventTable;

import java.util.BitSet;

/**
 * The event types a condition can match, as Falco's event-type index computes them: {@code and} intersects,
 * {@code or} unites, checks on evt.type (=, !=, in) name their types, every other check matches all types, and
 * negations are pushed down to the checks (De Morgan) so that {@code not evt.type=open} excludes open while
 * {@code not proc.name=cat} still matches every type.
 */
public final class EventTypes {
    private EventTypes() {
    }

    public static BitSet of(Condition c) {
        BitSet s = eval(c, false, EventTable.get());
        // generic syscall events stand for syscalls that had no event type of their own when the capture was made,
        // so no condition on evt.type can rule them out in advance
        s.set(0, 2);
        return s;
    }

    /**
     * The syscalls whose generic events (types 0 and 1, which carry the syscall's id) a condition can match: the
     * same algebra as {@link #of} over syscall ids, so that a rule on {@code evt.type=open} is not evaluated for a
     * generic madvise while a rule on {@code evt.type=madvise} or with no evt.type check is.
     */
    public static BitSet syscallsOf(Condition c) {
        return syscalls(c, false, EventTable.get());
    }

    private static BitSet syscalls(Condition c, boolean negated, EventTable table) {
        return switch (c) {
            case Condition.And a -> combineSyscalls(a.parts(), negated, !negated, table);
            case Condition.Or o -> combineSyscalls(o.parts(), negated, negated, table);
            case Condition.Not n -> syscalls(n.part(), !negated, table);
            case Condition.OneOf o -> negated ? allSyscalls(table) : combineSyscalls(o.parts(), false, false, table);
            case Condition.Const k -> k.value() != negated ? allSyscalls(table) : new BitSet();
            case Condition.Test t -> {
                boolean evtType = t.field().def().name().equals("evt.type") && t.field().transformers().isEmpty()
                        && t.other() == null && (t.op() == Op.EQ || t.op() == Op.NE || t.op() == Op.IN);
                if (!evtType) {
                    yield allSyscalls(table);
                }
                BitSet named = new BitSet(table.syscallCount());
                for (Constant v : t.values()) {
                    int id = table.syscallId(v.text());
                    if (id >= 0) {
                        named.set(id);
                    }
                }
                if ((t.op() == Op.NE) != negated) {
                    BitSet all = allSyscalls(table);
                    all.andNot(named);
                    yield all;
                }
                yield named;
            }
        };
    }

    private static BitSet combineSyscalls(java.util.List<Condition> parts, boolean negated, boolean intersect,
                                          EventTable table) {
        BitSet acc = null;
        for (Condition p : parts) {
            BitSet s = syscalls(p, negated, table);
            if (acc == null) {
                acc = s;
            } else if (intersect) {
                acc.and(s);
            } else {
                acc.or(s);
            }
        }
        return acc == null ? allSyscalls(table) : acc;
    }

    private static BitSet allSyscalls(EventTable table) {
        BitSet s = new BitSet(table.syscallCount());
        s.set(0, table.syscallCount());
        return s;
    }

    /**
     * The names compared with evt.type (=, !=, in) that are neither an event type nor a syscall, in order; Falco
     * refuses such rules ("unknown event type NAME").
     */
    public static java.util.List<String> unknownNames(Condition c) {
        java.util.List<String> out = new java.util.ArrayList<>();
        unknown(c, EventTable.get(), out);
        return out;
    }

    private static void unknown(Condition c, EventTable table, java.util.List<String> out) {
        switch (c) {
            case Condition.And a -> a.parts().forEach(p -> unknown(p, table, out));
            case Condition.Or o -> o.parts().forEach(p -> unknown(p, table, out));
            case Condition.OneOf o -> o.parts().forEach(p -> unknown(p, table, out));
            case Condition.Not n -> unknown(n.part(), table, out);
            case Condition.Const k -> { }
            case Condition.Test t -> {
                boolean evtType = t.field().def().name().equals("evt.type") && t.field().transformers().isEmpty()
                        && t.other() == null && (t.op() == Op.EQ || t.op() == Op.NE || t.op() == Op.IN);
                if (evtType) {
                    for (Constant v : t.values()) {
                        if (table.byName(v.text()).isEmpty() && table.syscallId(v.text()) < 0
                                && !out.contains(v.text())) {
                            out.add(v.text());
                        }
                    }
                }
            }
        }
    }

    private static BitSet eval(Condition c, boolean negated, EventTable table) {
        return switch (c) {
            case Condition.And a -> combine(a.parts(), negated, !negated, table);
            case Condition.Or o -> combine(o.parts(), negated, negated, table);
            case Condition.Not n -> eval(n.part(), !negated, table);
            // exactly one part holds implies at least one does; its negation says nothing about the types
            case Condition.OneOf o -> negated ? all(table) : combine(o.parts(), false, false, table);
            case Condition.Const k -> k.value() != negated ? all(table) : new BitSet();
            case Condition.Test t -> test(t, negated, table);
        };
    }

    private static BitSet combine(java.util.List<Condition> parts, boolean negated, boolean intersect,
                                  EventTable table) {
        BitSet acc = null;
        for (Condition p : parts) {
            BitSet s = eval(p, negated, table);
            if (acc == null) {
                acc = s;
            } else if (intersect) {
                acc.and(s);
            } else {
                acc.or(s);
            }
        }
        return acc == null ? all(table) : acc;
    }

    private static BitSet test(Condition.Test t, boolean negated, EventTable table) {
        boolean evtType = t.field().def().name().equals("evt.type") && t.field().transformers().isEmpty()
                && t.other() == null && (t.op() == Op.EQ || t.op() == Op.NE || t.op() == Op.IN);
        if (!evtType) {
            return all(table);
        }
        BitSet named = new BitSet(table.size());
        for (Constant v : t.values()) {
            named.or(typesNamed(v.text(), table));
        }
        boolean complement = (t.op() == Op.NE) != negated;
        if (complement) {
            BitSet all = all(table);
            all.andNot(named);
            return all;
        }
        return named;
    }

    /** Every event type (both directions, all versions) with this name. */
    static BitSet typesNamed(String name, EventTable table) {
        BitSet s = new BitSet(table.size());
        for (EventInfo e : table.byName(name)) {
            s.set(e.id());
        }
        return s;
    }

    static BitSet all(EventTable table) {
        BitSet s = new BitSet(table.size());
        s.set(0, table.size());
        return s;
    }
}
