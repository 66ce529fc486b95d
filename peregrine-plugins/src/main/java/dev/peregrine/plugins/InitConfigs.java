package dev.peregrine.plugins;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import java.util.List;

/**
 * A plugin's init configuration checked against the JSON Schema the plugin gives, as libsinsp checks it: an empty
 * configuration stands for {@code {}}, it must be JSON, and the first violation is reported.
 */
final class InitConfigs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private InitConfigs() {
    }

    /** The configuration the plugin is initialised with: {@code {}} for an empty one when there is a schema. */
    static String check(String plugin, String schema, String config) throws PluginSetupException {
        if (schema == null || schema.isBlank()) {
            return config;
        }
        String text = config.isBlank() ? "{}" : config;
        Schema compiled;
        try {
            JsonNode schemaNode = JSON.readTree(schema);
            if (schemaNode == null || !schemaNode.isObject()) {
                throw new PluginSetupException("error in plugin " + plugin + ": its init schema is not a JSON object");
            }
            compiled = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(schema);
        } catch (JacksonException | RuntimeException e) {
            throw new PluginSetupException("error in plugin " + plugin + ": its init schema cannot be used: "
                    + e.getMessage());
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new PluginSetupException("error in plugin " + plugin + ": init config is not a valid json ("
                    + e.getOriginalMessage() + ")");
        }
        List<Error> errors = compiled.validate(node);
        if (!errors.isEmpty()) {
            Error first = errors.getFirst();
            throw new PluginSetupException("error in plugin " + plugin + " init config: In " + first.getInstanceLocation()
                    + ", " + first.getMessage());
        }
        return text;
    }
}
