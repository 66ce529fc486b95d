package dev.peregrine.inspector;

import dev.peregrine.fields.EventContext;

/** Sees each event an inspector reads, after the state has: plugins with the event parsing capability. */
@FunctionalInterface
public interface EventHook {
    EventHook NONE = ctx -> { };

    void seen(EventContext ctx);
}
