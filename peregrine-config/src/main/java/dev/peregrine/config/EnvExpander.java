package dev.peregrine.config;

import java.util.Map;

/**
 * Falco's environment references in configuration values: {@code ${NAME}} becomes the variable's value (empty when
 * unset), {@code $${...}} is an escape that leaves {@code ${...}}, and a {@code $} followed by anything else ends
 * the scan, so {@code $NAME} stays as written. An expanded value is scanned again, so a variable may refer to
 * another one.
 */
final class EnvExpander {
    private EnvExpander() {
    }

    /** Stops a variable that refers to itself; Falco would loop forever. */
    private static final int MAX_EXPANSIONS = 1000;

    /** The expanded text, or null when expansion does not terminate. */
    static String expand(String value, Map<String, String> env) {
        int pos = value.indexOf('$');
        int expansions = 0;
        while (pos >= 0) {
            if (value.startsWith("${", pos)) {
                int close = value.indexOf('}', pos);
                if (close < 0) {
                    break;
                }
                if (++expansions > MAX_EXPANSIONS) {
                    return null;
                }
                String replacement = env.get(value.substring(pos + 2, close));
                // Stay at pos: the inserted text is scanned too.
                value = value.substring(0, pos) + (replacement == null ? "" : replacement) + value.substring(close + 1);
            } else if (value.startsWith("$${", pos)) {
                if (value.indexOf('}', pos) < 0) {
                    break;
                }
                value = value.substring(0, pos) + value.substring(pos + 1);
                pos++; // past the "$" that remains
            } else {
                break;
            }
            pos = value.indexOf('$', pos);
        }
        return value;
    }
}
