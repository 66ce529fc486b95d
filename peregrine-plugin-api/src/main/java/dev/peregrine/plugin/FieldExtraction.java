package dev.peregrine.plugin;

import java.util.List;
import java.util.Set;

/** The field extraction capability: typed fields that rules' conditions and outputs use. */
public interface FieldExtraction {
    /** The fields, in the order listings show them; their names must not clash with other fields of a source. */
    List<PluginField> fields();

    /**
     * The event sources the fields are read from. Empty means every source (a plugin with its own source
     * extracts from it in any case).
     */
    default Set<String> extractEventSources() {
        return Set.of();
    }

    /**
     * An extractor of one use of a field, made once when rules or outputs are compiled and then called for every
     * event. The host has checked that the argument is present when the field requires one and absent when it
     * takes none; a numeric index ({@link PluginField.Arg#INDEX}) is given as its text.
     *
     * @param field    index in {@link #fields()}
     * @param argument the text between brackets, or null
     * @throws PluginException when the argument is not usable (the message is shown with the rule)
     */
    FieldExtractor extractor(int field, String argument) throws PluginException;
}
