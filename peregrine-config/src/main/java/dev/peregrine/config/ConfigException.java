package dev.peregrine.config;

/**
 * A configuration problem: bad YAML, a value of the wrong type, an invalid setting or a malformed {@code -o}. The
 * message is one line naming where the problem is; there is no stack trace because the cause is the input.
 */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message, null, false, false);
    }

    /** "WHERE: KEY: PROBLEM", the shape of every error about one value. */
    static ConfigException at(Origin origin, String key, String problem) {
        return new ConfigException(origin.where() + ": " + key + ": " + problem);
    }

    /** Falco's shape for a setting that is well typed but not acceptable. */
    static ConfigException reading(String configName, String problem) {
        return new ConfigException("Error reading config file (" + configName + "): " + problem);
    }
}
