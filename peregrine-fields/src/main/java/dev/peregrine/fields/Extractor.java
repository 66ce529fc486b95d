package dev.peregrine.fields;

/** Reads one field's value for the current event. Built once per field use at load time, then reused. */
public interface Extractor {
    /**
     * Appends the field's printed value.
     *
     * @return false, appending nothing, when the field has no value for this event
     */
    boolean print(EventContext ctx, TextBuffer out);

    /**
     * Loads the field's value for conditions into {@code out} (reset first). By default this is the printed
     * text, which conditions parse by the field's type; extractors of hot fields set numbers directly.
     *
     * @return false when the field has no value for this event
     */
    default boolean extract(EventContext ctx, FieldValue out) {
        out.reset();
        return print(ctx, out.text);
    }
}
