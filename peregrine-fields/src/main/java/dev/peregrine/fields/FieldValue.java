package dev.peregrine.fields;

/**
 * One field's value for the current event, as conditions compare it. Reused for every event: an extractor either
 * sets {@link #number} (and {@link #numeric}), or appends the value's text to {@link #text}; conditions read the
 * number, or parse the text according to the field's type.
 */
public final class FieldValue {
    public final TextBuffer text = new TextBuffer(128);
    public long number;
    public boolean numeric;

    /** Clears the value before an extraction. */
    public void reset() {
        text.reset();
        numeric = false;
    }

    public void setNumber(long v) {
        number = v;
        numeric = true;
    }
}
