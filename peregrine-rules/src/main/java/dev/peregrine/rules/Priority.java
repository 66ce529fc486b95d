package dev.peregrine.rules;

import java.util.Locale;

/** Falco's rule priorities (syslog severities), most severe first. */
public enum Priority {
    EMERGENCY, ALERT, CRITICAL, ERROR, WARNING, NOTICE, INFORMATIONAL, DEBUG;

    /** Falco's spelling, case-insensitive, with "info" for informational; null if not a priority. */
    public static Priority parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("info")) {
            return INFORMATIONAL;
        }
        for (Priority p : values()) {
            if (p.name().toLowerCase(Locale.ROOT).equals(t)) {
                return p;
            }
        }
        return null;
    }
}
