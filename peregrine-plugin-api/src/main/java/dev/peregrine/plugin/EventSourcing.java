package dev.peregrine.plugin;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The event sourcing capability: a named source of events that rules with {@code source: NAME} watch. */
public interface EventSourcing {
    /**
     * The plugin's event source id, as Falco's plugin registry assigns them (1 is k8saudit); not 0, and unique
     * among the loaded plugins. Events in captures carry it to name their plugin.
     */
    int id();

    /** The event source's name, as rules' {@code source:} and {@code --enable-source} name it. */
    String eventSource();

    /**
     * Opens the source; events are then read with {@link SourceInstance#nextBatch}.
     *
     * @param params the configuration's {@code open_params}
     * @param host   what the host offers the instance (logging of rejected input, web endpoints)
     */
    SourceInstance open(String params, SourceHost host) throws PluginException;

    /** Suggested values of {@code open_params}, for the user (may be empty). */
    default List<OpenParam> openParams() {
        return List.of();
    }

    /** A line of text for an event of this source (evt.plugininfo): by default its payload as UTF-8. */
    default String eventToString(PluginEvent event) {
        byte[] data = new byte[event.data().remaining()];
        event.data().duplicate().get(data);
        return new String(data, StandardCharsets.UTF_8);
    }

    /** A suggested {@code open_params} value and what it means. */
    record OpenParam(String value, String description) {
    }
}
