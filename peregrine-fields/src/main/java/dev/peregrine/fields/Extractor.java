package dev.peregrine.fields;

/** Reads one field's value for the current event. Built once per field use at load time, then reused. */
public interface Extractor {
    /**
     * Appends the field's printed value.
     *
     * @return false, appending nothing, when the field has no value for this event
     */
    boolean print(EventContext ctx, TextBuffer out);
}
