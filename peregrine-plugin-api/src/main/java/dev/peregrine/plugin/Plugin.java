package dev.peregrine.plugin;

/**
 * A plugin: its description, its init configuration, and (through the capability interfaces it implements:
 * {@link EventSourcing}, {@link FieldExtraction}, {@link EventParsing}) what it does. Found with
 * {@link java.util.ServiceLoader}; a plugin must implement at least one capability.
 */
public interface Plugin {
    PluginInfo info();

    /**
     * The JSON Schema that the init configuration must satisfy, or null for none. The host checks the
     * configuration against it before {@link #init}, so {@code init} sees only valid input.
     */
    default String initSchema() {
        return null;
    }

    /**
     * Initialises the plugin with the configuration's {@code init_config}: a JSON object's text when the schema
     * is given (an empty configuration becomes {@code {}}), else the text as written.
     *
     * @throws PluginException with a message for the user when the configuration cannot be used
     */
    void init(String config) throws PluginException;

    /** Releases what {@link #init} acquired; the instance is not used afterwards. */
    default void destroy() {
    }
}
