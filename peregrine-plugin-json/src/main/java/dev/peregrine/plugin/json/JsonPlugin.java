package dev.peregrine.plugin.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peregrine.plugin.FieldExtraction;
import dev.peregrine.plugin.FieldExtractor;
import dev.peregrine.plugin.FieldSink;
import dev.peregrine.plugin.Plugin;
import dev.peregrine.plugin.PluginApi;
import dev.peregrine.plugin.PluginEvent;
import dev.peregrine.plugin.PluginException;
import dev.peregrine.plugin.PluginField;
import dev.peregrine.plugin.PluginInfo;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Falco's json plugin: fields of any plugin event whose payload is JSON. Its version is that of the Falco json
 * plugin whose fields it provides, so that rules files' required_plugin_versions hold for it.
 */
public final class JsonPlugin implements Plugin, FieldExtraction {
    private static final PluginInfo INFO = new PluginInfo("json", "0.7.4",
            "Fields read from events whose payload is JSON (Peregrine's Java version of Falco's json plugin)",
            "Peregrine", PluginApi.VERSION);

    private static final List<PluginField> FIELDS = List.of(
            PluginField.text("json.value", "The value a JSON pointer names in the event (json.value[/a/b]): a "
                    + "string's text, other values as JSON.").withArg(PluginField.Arg.KEY, true),
            PluginField.text("json.obj", "The whole event as indented JSON."),
            PluginField.text("json.rawtime", "The event's time (ns since the epoch), as evt.rawtime."),
            PluginField.text("jevt.value", "Same as json.value (older name).").withArg(PluginField.Arg.KEY, true),
            PluginField.text("jevt.obj", "Same as json.obj (older name)."),
            PluginField.text("jevt.rawtime", "Same as json.rawtime (older name)."));

    private final JsonEvents events = new JsonEvents();

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public String initSchema() {
        return """
                {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
                 "properties": {"useAsync": {"type": "boolean", "description": "accepted for Falco's \
                configurations; extraction is synchronous"}}}""";
    }

    @Override
    public void init(String config) {
        // useAsync is Falco's optimisation of its C plugin interface; there is nothing to set here
    }

    @Override
    public List<PluginField> fields() {
        return FIELDS;
    }

    @Override
    public FieldExtractor extractor(int field, String argument) throws PluginException {
        return switch (FIELDS.get(field).name()) {
            case "json.value", "jevt.value" -> value(JsonPointer.compile(argument));
            case "json.obj", "jevt.obj" -> this::obj;
            case "json.rawtime", "jevt.rawtime" -> (e, out) -> {
                if (events.parse(e) != null) {
                    out.text(Long.toString(e.timestamp()));
                }
            };
            default -> throw new PluginException("no field " + FIELDS.get(field).name());
        };
    }

    private FieldExtractor value(JsonPointer pointer) {
        return (e, out) -> {
            JsonNode root = events.parse(e);
            JsonNode v = root == null ? null : pointer.resolve(root);
            if (v != null) {
                out.text(JsonEvents.text(v));
            }
        };
    }

    private void obj(PluginEvent e, FieldSink out) {
        if (events.parse(e) == null) {
            return;
        }
        ByteArrayOutputStream indented = new ByteArrayOutputStream(events.length() * 2);
        JsonIndent.indent(events.raw(e), events.length(), indented);
        out.text(indented.toByteArray(), 0, indented.size());
    }
}
