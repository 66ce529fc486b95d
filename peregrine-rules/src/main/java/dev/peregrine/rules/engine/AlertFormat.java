package dev.peregrine.rules.engine;

import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.fields.OutputFormat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rule's output compiled once at load: the message (every field printed, {@code <NA>} when missing, as Falco
 * prints alerts) and its fields for JSON alerts.
 */
public final class AlertFormat {
    private final OutputFormat message;
    private final List<OutputField> fields;

    private AlertFormat(OutputFormat message, List<OutputField> fields) {
        this.message = message;
        this.fields = fields;
    }

    /** @throws IllegalArgumentException for an unknown field (the rules loader has normally caught it already) */
    public static AlertFormat compile(String output, FieldRegistry registry) {
        String body = output.startsWith("*") ? output.substring(1) : output;
        Map<String, OutputField> byName = new LinkedHashMap<>();
        for (int i = 0; i < body.length(); i++) {
            if (body.charAt(i) == '%' && i + 1 < body.length() && isNameStart(body.charAt(i + 1))) {
                FieldRegistry.Reference ref = registry.parse(body, i + 1);
                String name = body.substring(i + 1, ref.end());
                byName.putIfAbsent(name, new OutputField(name, ref.field().type(), ref.extractor()));
                i = ref.end() - 1;
            }
        }
        return new AlertFormat(OutputFormat.compile("*" + body, registry), new ArrayList<>(byName.values()));
    }

    private static boolean isNameStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    OutputFormat message() {
        return message;
    }

    List<OutputField> fields() {
        return fields;
    }
}
