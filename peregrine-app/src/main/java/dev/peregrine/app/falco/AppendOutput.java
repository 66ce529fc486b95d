package dev.peregrine.app.falco;

import dev.peregrine.config.ConfigNode;
import dev.peregrine.rules.CompiledRule;
import dev.peregrine.rules.engine.AlertFormat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * falco.yaml's append_output: entries that add text to matching rules' outputs (extra_output) and fields to
 * their JSON output_fields only (extra_fields: a field, or a name with a format). An entry matches a rule when
 * every one of its match keys (rule, source, tags: all of them) agrees; no match keys match every rule.
 * suggested_output concerns plugin fields, and no plugin is loaded, so it adds nothing.
 */
record AppendOutput(String rule, String source, List<String> tags, String extraOutput,
                    List<AlertFormat.Extra> extraFields) {

    static List<AppendOutput> from(Optional<ConfigNode> node) throws Fatal {
        List<AppendOutput> out = new ArrayList<>();
        if (node.isEmpty() || node.get().isNull()) {
            return out;
        }
        if (!(node.get() instanceof ConfigNode.Sequence seq)) {
            throw bad(node.get(), "append_output must be a list of entries");
        }
        for (ConfigNode item : seq.items()) {
            if (!(item instanceof ConfigNode.Mapping m)) {
                throw bad(item, "append_output entries must be maps");
            }
            String rule = null;
            String source = null;
            List<String> tags = List.of();
            if (m.get("match") instanceof ConfigNode.Mapping match) {
                rule = text(match.get("rule"));
                source = text(match.get("source"));
                tags = texts(match.get("tags"));
            }
            List<AlertFormat.Extra> extras = new ArrayList<>();
            if (m.get("extra_fields") instanceof ConfigNode.Sequence fields) {
                for (ConfigNode f : fields.items()) {
                    if (f instanceof ConfigNode.Scalar s && !s.nullValue()) {
                        extras.add(new AlertFormat.Extra(s.text(), null));
                    } else if (f instanceof ConfigNode.Mapping fm) {
                        fm.entries().forEach((k, v) -> extras.add(new AlertFormat.Extra(k, text(v))));
                    } else {
                        throw bad(f, "extra_fields entries are a field name or a map of a name to a format");
                    }
                }
            }
            out.add(new AppendOutput(rule, source, tags, text(m.get("extra_output")), List.copyOf(extras)));
        }
        return out;
    }

    boolean matches(CompiledRule r) {
        return (rule == null || rule.equals(r.name())) && (source == null || source.equals(r.source()))
                && r.tags().containsAll(tags);
    }

    private static String text(ConfigNode n) {
        return n instanceof ConfigNode.Scalar s && !s.nullValue() ? s.text() : null;
    }

    private static List<String> texts(ConfigNode n) {
        if (n instanceof ConfigNode.Sequence s) {
            return s.items().stream().map(AppendOutput::text).filter(java.util.Objects::nonNull).toList();
        }
        String one = text(n);
        return one == null ? List.of() : List.of(one);
    }

    private static Fatal bad(ConfigNode n, String what) {
        return new Fatal(n.origin().where() + ": " + what + ", got " + n.describe());
    }
}
