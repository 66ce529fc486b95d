package dev.peregrine.config;

import java.util.Locale;

/** log_level: the least severe message Falco's own log keeps. */
public enum LogLevel {
    EMERGENCY, ALERT, CRITICAL, ERROR, WARNING, NOTICE, INFO, DEBUG;

    /** Falco's lower-case names only (its logger compares them exactly). */
    static LogLevel from(ConfigTree tree) {
        String text = tree.string("log_level", "info");
        for (LogLevel level : values()) {
            if (level.name().toLowerCase(Locale.ROOT).equals(text)) {
                return level;
            }
        }
        throw new ConfigException("Unknown log level " + text);
    }
}
