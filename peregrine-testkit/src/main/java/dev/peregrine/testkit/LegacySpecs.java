package dev.peregrine.testkit;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Falco's legacy regression specs (falco_tests.yaml and friends): groups of named tests, each a mapping of keys
 * (detect, validate_rules_file, ...). Read at node level, so every test sees the keys exactly as written.
 */
public final class LegacySpecs {
    private LegacySpecs() {
    }

    /** One test of a spec: its name and its keys. */
    public record LegacyTest(String name, MappingNode body) {
    }

    /** Every test of every group of the spec file, in file order. */
    public static List<LegacyTest> tests(Path spec) throws IOException {
        List<LegacyTest> out = new ArrayList<>();
        Compose compose = new Compose(LoadSettings.builder().setLabel(spec.toString()).build());
        try (Reader r = Files.newBufferedReader(spec, StandardCharsets.UTF_8)) {
            for (Node doc : compose.composeAllFromReader(r)) {
                if (!(doc instanceof MappingNode top)) {
                    continue;
                }
                for (NodeTuple group : top.getValue()) {
                    if (group.getValueNode() instanceof MappingNode tests) {
                        for (NodeTuple test : tests.getValue()) {
                            if (test.getValueNode() instanceof MappingNode body) {
                                out.add(new LegacyTest(scalar(test.getKeyNode()), body));
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The text of a key that holds one value or a list of them (validate_rules_file, rules_file). */
    public static List<String> strings(Node n) {
        List<String> out = new ArrayList<>();
        if (n instanceof org.snakeyaml.engine.v2.nodes.SequenceNode seq) {
            for (Node item : seq.getValue()) {
                out.add(scalar(item));
            }
        } else {
            out.add(scalar(n));
        }
        return out;
    }

    /** A scalar node's text, or null for other nodes. */
    public static String scalar(Node n) {
        return n instanceof ScalarNode s ? s.getValue() : null;
    }
}
