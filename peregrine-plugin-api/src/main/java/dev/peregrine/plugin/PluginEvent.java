package dev.peregrine.plugin;

import java.nio.ByteBuffer;

/** The event a plugin extracts fields from or parses: valid only during the call. */
public interface PluginEvent {
    /** evt.num: the event's ordinal in its source's stream, from 1; changes with every event. */
    long number();

    /** Nanoseconds since the epoch. */
    long timestamp();

    /** The name of the event's source ("syscall" or a plugin's source). */
    String source();

    /** The id of the plugin that produced the event; 0 for the syscall source. */
    int pluginId();

    /**
     * The event's payload, read-only, from position 0 to its limit: what the source plugin produced, or for the
     * syscall source the whole event in libscap's layout (header, parameter lengths, parameters).
     */
    ByteBuffer data();
}
