package dev.peregrine.filter.eval;

import dev.peregrine.scap.EventIds;
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
    /**
     * What a set is over: event types (the index of ordinary events) or syscall ids (the index of generic events,
     * which carry the syscall they stand for), and the members a name compared with evt.type stands for.
     */
    private record Universe(int size, java.util.function.Function<String, BitSet> named) {
        BitSet all() {
            BitSet s = new BitSet(size);
            s.set(0, size);
            return s;
        }
    }

    private EventTypes() {
    }

    public static BitSet of(Condition c) {
        EventTable table = EventTable.get();
        BitSet s = eval(c, false, new Universe(table.size(), name -> typesNamed(name, table)));
        // generic syscall events stand for syscalls that had no event type of their own when the capture was made,
        // so no condition on evt.type can rule them out in advance
        s.set(EventIds.GENERIC_E);
        s.set(EventIds.GENERIC_X);
        return s;
    }

    /**
     * The syscalls whose generic events ({@link EventIds#GENERIC_E} and {@link EventIds#GENERIC_X}, which carry the
     * syscall's id) a condition can match: the same algebra as {@link #of} over syscall ids, so that a rule on
     * {@code evt.type=open} is not evaluated for a generic madvise while a rule on {@code evt.type=madvise} or with
     * no evt.type check is.
     */
    public static BitSet syscallsOf(Condition c) {
        EventTable table = EventTable.get();
        return eval(c, false, new Universe(table.syscallCount(), name -> {
            BitSet s = new BitSet();
            int id = table.syscallId(name);
            if (id >= 0) {
                s.set(id);
            }
            return s;
        }));
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
                if (isEventTypeCheck(t)) {
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

    private static BitSet eval(Condition c, boolean negated, Universe u) {
        return switch (c) {
            case Condition.And a -> combine(a.parts(), negated, !negated, u);
            case Condition.Or o -> combine(o.parts(), negated, negated, u);
            case Condition.Not n -> eval(n.part(), !negated, u);
            // exactly one part holds implies at least one does; its negation says nothing about the types
            case Condition.OneOf o -> negated ? u.all() : combine(o.parts(), false, false, u);
            case Condition.Const k -> k.value() != negated ? u.all() : new BitSet();
            case Condition.Test t -> test(t, negated, u);
        };
    }

    private static BitSet combine(java.util.List<Condition> parts, boolean negated, boolean intersect, Universe u) {
        BitSet acc = null;
        for (Condition p : parts) {
            BitSet s = eval(p, negated, u);
            if (acc == null) {
                acc = s;
            } else if (intersect) {
                acc.and(s);
            } else {
                acc.or(s);
            }
        }
        return acc == null ? u.all() : acc;
    }

    private static boolean isEventTypeCheck(Condition.Test t) {
        return t.field().def().name().equals("evt.type") && t.field().transformers().isEmpty() && t.other() == null
                && (t.op() == Op.EQ || t.op() == Op.NE || t.op() == Op.IN);
    }

    private static BitSet test(Condition.Test t, boolean negated, Universe u) {
        if (!isEventTypeCheck(t)) {
            return u.all();
        }
        BitSet named = new BitSet(u.size());
        for (Constant v : t.values()) {
            named.or(u.named().apply(v.text()));
        }
        if ((t.op() == Op.NE) != negated) {
            BitSet all = u.all();
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
