package dev.peregrine.app.legacy;

import dev.peregrine.testkit.LegacySpecs;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a spec was written for other versions of the rules files than the shared ones: it expects a rule the
 * files do not define, or one of its files appends to a list no earlier file defines (Falco refuses that). Such a
 * spec fails with Falco itself on these files, so it says nothing about Peregrine.
 */
final class RulesVersionCheck {
    private RulesVersionCheck() {
    }

    /** Why the spec does not fit the rules files, or null when it does. */
    static String mismatch(LegacyCase c) throws IOException {
        if (c.rulesFiles == null) {
            return null;
        }
        Set<String> lists = new HashSet<>();
        Set<String> rules = new HashSet<>();
        for (String f : c.rulesFiles) {
            Path file = c.resolve(f);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            for (Map<String, String> item : items(file)) {
                String list = item.get("list");
                if (list != null) {
                    if ("true".equals(item.get("append")) && !lists.contains(list)) {
                        return f + " appends to list '" + list + "', which no earlier rules file defines";
                    }
                    lists.add(list);
                }
                if (item.get("rule") != null) {
                    rules.add(item.get("rule"));
                }
            }
        }
        for (String rule : c.detectCounts.keySet()) {
            if (!rules.contains(rule)) {
                return "it expects rule '" + rule + "', which its rules files do not define";
            }
        }
        return null;
    }

    /** The top-level items of a rules file, each as its scalar keys. */
    private static List<Map<String, String>> items(Path file) throws IOException {
        Compose compose = new Compose(LoadSettings.builder().setLabel(file.toString()).build());
        List<Map<String, String>> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (Node doc : compose.composeAllFromReader(r)) {
                if (doc instanceof SequenceNode seq) {
                    for (Node n : seq.getValue()) {
                        if (n instanceof MappingNode m) {
                            out.add(scalars(m));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static Map<String, String> scalars(MappingNode m) {
        Map<String, String> out = new HashMap<>();
        for (NodeTuple t : m.getValue()) {
            Node v = t.getValueNode();
            String value = LegacySpecs.scalar(v);
            if (value != null) {
                out.put(LegacySpecs.scalar(t.getKeyNode()), value);
            }
        }
        return out;
    }
}
