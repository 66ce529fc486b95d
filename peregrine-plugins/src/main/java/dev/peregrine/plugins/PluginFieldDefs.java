package dev.peregrine.plugins;

import dev.peregrine.fields.FieldDef;
import dev.peregrine.fields.FieldType;
import dev.peregrine.plugin.FieldExtraction;
import dev.peregrine.plugin.PluginException;
import dev.peregrine.plugin.PluginField;

import java.util.function.Consumer;

/** A plugin's fields as Peregrine's field definitions: types mapped, arguments checked, extractors adapted. */
final class PluginFieldDefs {
    private PluginFieldDefs() {
    }

    static FieldType type(PluginField.Type t) {
        return switch (t) {
            case STRING -> FieldType.CHARBUF;
            case UINT64 -> FieldType.UINT64;
            case BOOL -> FieldType.BOOL;
            case RELTIME -> FieldType.RELTIME;
            case ABSTIME -> FieldType.ABSTIME;
            case IPADDR -> FieldType.IPADDR;
            case IPNET -> FieldType.IPNET;
        };
    }

    /**
     * The definition of field {@code index} of {@code plugin} on a source.
     *
     * @param pluginEventsOnly whether it reads plugin events only (see {@link PluginFieldExtractor})
     */
    static FieldDef of(String pluginName, FieldExtraction plugin, int index, PluginField f, PluginEventView event,
                       boolean pluginEventsOnly, Consumer<String> problems) {
        FieldDef.Arg arg = f.arg() == PluginField.Arg.NONE ? FieldDef.Arg.NONE
                : f.argRequired() ? FieldDef.Arg.REQUIRED : FieldDef.Arg.OPTIONAL;
        String description = f.description() + " (" + pluginName + " plugin)";
        return new FieldDef(f.name(), type(f.type()), description, arg, argument -> {
            if (f.arg() == PluginField.Arg.INDEX && argument != null && !argument.matches("\\d+")) {
                throw new IllegalArgumentException("field " + f.name() + " takes a numeric index, not '" + argument
                        + "'");
            }
            try {
                return new PluginFieldExtractor(f, plugin.extractor(index, argument), event, pluginEventsOnly,
                        problems);
            } catch (PluginException e) {
                throw new IllegalArgumentException("field " + f.name() + (argument == null ? "" : "[" + argument + "]")
                        + ": " + e.getMessage());
            }
        }, f.list());
    }
}
