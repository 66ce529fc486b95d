package dev.peregrine.filter.eval;

import dev.peregrine.fields.EventContext;

/** A compiled condition: {@link #test} decides one event, allocation-free. */
public abstract class Predicate {
    public abstract boolean test(EventContext ctx);
}
