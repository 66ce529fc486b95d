package dev.peregrine.outputs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One alert as the channels receive it. {@code line} is already formatted upstream (Falco's text line or JSON
 * object, without a trailing newline); channels write it as it is. {@code fields} carries the output fields for
 * channels that want structure (may be empty; values may be null).
 *
 * @param timeNs   event time, ns since the epoch
 * @param priority Falco's spelling, e.g. "Warning"
 * @param severity the priority's syslog severity, 0 (Emergency) .. 7 (Debug)
 */
public record Alert(long timeNs, String priority, int severity, String rule, String source, String hostname,
                    List<String> tags, String line, Map<String, Object> fields) {

    /** Falco's priority names, indexed by syslog severity. */
    public static final List<String> PRIORITY_NAMES = List.of(
            "Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Informational", "Debug");

    public Alert {
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(line, "line");
        if (severity < 0 || severity > 7) {
            throw new IllegalArgumentException("severity must be 0..7, was " + severity);
        }
        tags = tags == null ? List.of() : List.copyOf(tags);
        // a copy keeps the caller's order and allows null values, which Map.copyOf would not
        fields = fields == null || fields.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** An alert without output fields, with the priority spelled as Falco does for {@code severity}. */
    public static Alert of(long timeNs, int severity, String rule, String source, String hostname,
                           List<String> tags, String line) {
        return new Alert(timeNs, priorityName(severity), severity, rule, source, hostname, tags, line, Map.of());
    }

    /** Falco's name for a syslog severity 0..7. */
    public static String priorityName(int severity) {
        if (severity < 0 || severity > 7) {
            throw new IllegalArgumentException("severity must be 0..7, was " + severity);
        }
        return PRIORITY_NAMES.get(severity);
    }
}
