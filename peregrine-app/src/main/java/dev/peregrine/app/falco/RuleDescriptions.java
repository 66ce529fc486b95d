package dev.peregrine.app.falco;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.peregrine.rules.CompiledRule;
import dev.peregrine.rules.JsonList;
import dev.peregrine.rules.engine.AlertFormatter;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/** -L and -l: the loaded rules' names and descriptions, as text or (json_output) JSON. */
final class RuleDescriptions {
    private RuleDescriptions() {
    }

    /** @return false when {@code only} names no loaded rule */
    static boolean print(List<CompiledRule> rules, String only, boolean json, PrintStream out) {
        List<CompiledRule> shown = rules.stream().filter(r -> only == null || r.name().equals(only)).toList();
        if (shown.isEmpty() && only != null) {
            return false;
        }
        if (json) {
            out.println(json(shown));
        } else {
            int width = Math.max(4, shown.stream().mapToInt(r -> r.name().length()).max().orElse(4));
            out.printf("%-" + width + "s %s%n", "Rule", "Description");
            out.printf("%-" + width + "s %s%n", "----", "-----------");
            for (CompiledRule r : shown) {
                out.printf("%-" + width + "s %s%n", r.name(), r.description().strip().replace('\n', ' '));
            }
        }
        out.flush();
        return true;
    }

    private static String json(List<CompiledRule> rules) {
        return JsonList.of("rules", rules, RuleDescriptions::write);
    }

    private static void write(JsonGenerator g, CompiledRule r) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("info");
        g.writeStringField("condition", r.condition() == null ? "" : r.filter().source());
        g.writeStringField("description", r.description());
        g.writeBooleanField("enabled", r.enabled());
        g.writeStringField("name", r.name());
        g.writeStringField("output", r.output());
        g.writeStringField("priority", AlertFormatter.priorityName(r.priority()));
        g.writeStringField("source", r.source());
        g.writeArrayFieldStart("tags");
        for (String t : r.tags()) {
            g.writeString(t);
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
    }
}
