package dev.peregrine.filter;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules-file validations of Falco's legacy regression specs ({@code falco_tests*.yaml}): which files a test
 * validates, in order, and which errors Falco must report for them.
 */
final class LegacySpecs {
    private LegacySpecs() {
    }

    /** Falco's code for a condition that does not parse (or does not compile). */
    static final String COMPILE_CONDITION = "LOAD_ERR_COMPILE_CONDITION";

    record ExpectedError(String itemType, String itemName, String code, String message) {
    }

    /** A test validating {@code files} (relative to falco-legacy-tests), in order. */
    record Validation(String test, List<String> files, List<ExpectedError> errors) {
    }

    static List<Validation> read(Path spec) throws IOException {
        List<Validation> out = new ArrayList<>();
        for (dev.peregrine.testkit.LegacySpecs.LegacyTest t : dev.peregrine.testkit.LegacySpecs.tests(spec)) {
            Validation v = validation(t.name(), t.body());
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    private static Validation validation(String name, MappingNode body) {
        List<String> files = new ArrayList<>();
        List<ExpectedError> errors = new ArrayList<>();
        for (NodeTuple t : body.getValue()) {
            String key = scalar(t.getKeyNode());
            Node value = t.getValueNode();
            if ("validate_rules_file".equals(key)) {
                files.addAll(dev.peregrine.testkit.LegacySpecs.strings(value));
            } else if ("validate_errors".equals(key) && value instanceof SequenceNode seq) {
                for (Node e : seq.getValue()) {
                    if (e instanceof MappingNode m) {
                        errors.add(new ExpectedError(field(m, "item_type"), field(m, "item_name"), field(m, "code"),
                                field(m, "message")));
                    }
                }
            }
        }
        return files.isEmpty() ? null : new Validation(name, List.copyOf(files), List.copyOf(errors));
    }

    private static String field(MappingNode m, String key) {
        for (NodeTuple t : m.getValue()) {
            if (key.equals(scalar(t.getKeyNode()))) {
                return scalar(t.getValueNode());
            }
        }
        return null;
    }

    private static String scalar(Node n) {
        return dev.peregrine.testkit.LegacySpecs.scalar(n);
    }
}
