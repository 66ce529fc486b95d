package dev.peregrine.plugin;

/** Reads one field use from events; made by {@link FieldExtraction#extractor}. */
@FunctionalInterface
public interface FieldExtractor {
    /**
     * Puts the field's value for {@code event} into {@code out}: one value, or for a list field one call per
     * item. Adding nothing means the field has no value for this event.
     */
    void extract(PluginEvent event, FieldSink out);
}
