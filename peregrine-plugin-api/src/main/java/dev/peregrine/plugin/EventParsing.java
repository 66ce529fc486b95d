package dev.peregrine.plugin;

import java.util.Set;

/** The event parsing capability: sees every event of its sources, in order, before the rules do. */
public interface EventParsing {
    /** The sources whose events it parses; empty means every source. */
    default Set<String> parseEventSources() {
        return Set.of();
    }

    /** Parses one event (e.g. to keep state that its fields read); must not keep {@code event} past the call. */
    void parse(PluginEvent event);
}
