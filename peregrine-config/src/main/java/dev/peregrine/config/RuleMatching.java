package dev.peregrine.config;

import java.util.Locale;

/** rule_matching: whether an event stops at the first matching rule or goes on to all of them. */
public enum RuleMatching {
    FIRST, ALL;

    /** Case-insensitive, as in Falco. */
    static RuleMatching from(ConfigTree tree) {
        String text = tree.string("rule_matching", "first");
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "first" -> FIRST;
            case "all" -> ALL;
            default -> throw new ConfigException("Unknown rule matching strategy \"" + text
                    + "\"--must be one of first, all");
        };
    }
}
