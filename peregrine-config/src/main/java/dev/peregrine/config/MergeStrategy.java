package dev.peregrine.config;

/** How an included configuration file's top-level keys merge into the main one. */
public enum MergeStrategy {
    /** The default: a sequence is appended to the existing one; any other value replaces the existing one. */
    APPEND,
    /** Every value replaces the existing one, sequences too. */
    OVERRIDE,
    /** Only keys not already present are added. */
    ADD_ONLY;

    /** Falco's spelling ("append", "override", "add-only"); anything else means append, as in Falco. */
    public static MergeStrategy parse(String text) {
        return switch (text) {
            case "override" -> OVERRIDE;
            case "add-only" -> ADD_ONLY;
            default -> APPEND;
        };
    }
}
