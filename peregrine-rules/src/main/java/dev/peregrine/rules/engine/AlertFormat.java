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
    /**
     * A field added to JSON alerts' output_fields only (falco.yaml's append_output extra_fields): a field by
     * name (format null), or a name whose value is a format rendered as text.
     */
    public record Extra(String name, String format) {
    }

    /** An extra field ready to render: a typed field, or a format. */
    record CompiledExtra(String name, OutputField field, OutputFormat format) {
    }

    private final OutputFormat message;
    private final List<OutputField> fields;
    private final List<CompiledExtra> extras;

    private AlertFormat(OutputFormat message, List<OutputField> fields, List<CompiledExtra> extras) {
        this.message = message;
        this.fields = fields;
        this.extras = extras;
    }

    /** @throws IllegalArgumentException for an unknown field (the rules loader has normally caught it already) */
    public static AlertFormat compile(String output, FieldRegistry registry) {
        return compile(output, List.of(), registry);
    }

    /** @throws IllegalArgumentException for an unknown field in the output or an extra */
    public static AlertFormat compile(String output, List<Extra> extraFields, FieldRegistry registry) {
        List<CompiledExtra> extras = new ArrayList<>();
        for (Extra e : extraFields) {
            if (e.format() == null) {
                FieldRegistry.Reference ref = registry.parse(e.name(), 0);
                if (ref.end() != e.name().length()) {
                    throw new IllegalArgumentException("invalid field " + e.name());
                }
                extras.add(new CompiledExtra(e.name(), new OutputField(e.name(), ref.field().type(),
                        ref.extractor()), null));
            } else {
                extras.add(new CompiledExtra(e.name(), null, OutputFormat.compile("*" + e.format(), registry)));
            }
        }
        AlertFormat plain = compilePlain(output, registry);
        return new AlertFormat(plain.message, plain.fields, List.copyOf(extras));
    }

    private static AlertFormat compilePlain(String output, FieldRegistry registry) {
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
        return new AlertFormat(OutputFormat.compile("*" + body, registry), new ArrayList<>(byName.values()), List.of());
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

    List<CompiledExtra> extras() {
        return extras;
    }
}
