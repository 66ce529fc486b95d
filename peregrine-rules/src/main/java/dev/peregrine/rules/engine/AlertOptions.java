package dev.peregrine.rules.engine;

/** How alerts are written: falco.yaml's json_* keys, time_format_iso_8601 and the host name. */
public record AlertOptions(boolean json, boolean includeOutput, boolean includeTags, boolean includeMessage,
                           boolean includeOutputFields, boolean iso8601, String hostname) {
    public static AlertOptions text(String hostname) {
        return new AlertOptions(false, true, true, false, true, false, hostname);
    }
}
