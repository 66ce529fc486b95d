package dev.peregrine.fields;

/**
 * An extractor whose value is a list of strings (a plugin's list field, {@code getopt(...)} without {@code [opt]}):
 * conditions compare its items, outputs print them as {@code (a,b)}.
 */
public interface ListExtractor extends Extractor {
    /** Loads the items into {@code out} (cleared first); false when the field has no value (no item). */
    boolean extractItems(EventContext ctx, TextList out);
}
