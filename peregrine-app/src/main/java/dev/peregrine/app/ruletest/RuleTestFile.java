package dev.peregrine.app.ruletest;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A file of rule tests:
 * <pre>
 * rules_files: [../rules/my_rules.yaml]    # optional; relative to this file; else -r, else the default config's
 * tests:
 *   - name: reading /etc/shadow
 *     run: cat /etc/shadow > /dev/null      # or container: {run: ..., privileged: true}, or capture: x.scap
 *     expect:
 *       Read sensitive file untrusted: 1    # exactly once; "&gt;= 1" for at least once
 *     silent: [Write below etc]             # or silent: all (nothing else may fire)
 * </pre>
 * Mistakes are reported with the file and line.
 */
record RuleTestFile(Path file, List<Path> rulesFiles, List<RuleTest> tests) {
    private static final Set<String> TOP_KEYS = Set.of("rules_files", "tests");
    private static final Set<String> TEST_KEYS = Set.of("name", "run", "container", "capture", "expect", "silent");
    private static final Set<String> CONTAINER_KEYS = Set.of("run", "privileged", "interactive");

    /** A mistake in a rule test file, with its file and line. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    static RuleTestFile read(Path file) throws Invalid {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new Invalid(file + ": cannot read: " + (Files.exists(file) ? e.getMessage() : "no such file"));
        }
        Node root;
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).build();
            Optional<Node> doc = new Compose(settings).composeString(text);
            root = doc.orElse(null);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(1);
            throw new Invalid(file + ":" + line + ": invalid YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new Invalid(file + ": invalid YAML: " + e.getMessage());
        }
        Reader r = new Reader(file);
        Map<String, Node> top = r.mapping(root, "the file", TOP_KEYS);
        List<Path> rules = new ArrayList<>();
        if (top.containsKey("rules_files")) {
            for (Node n : r.sequence(top.get("rules_files"), "rules_files")) {
                rules.add(resolve(file, r.text(n, "a rules file")));
            }
        }
        if (!top.containsKey("tests")) {
            throw r.error(root, "no tests: the file needs a 'tests' list");
        }
        List<RuleTest> tests = new ArrayList<>();
        for (Node n : r.sequence(top.get("tests"), "tests")) {
            tests.add(test(r, n, file));
        }
        return new RuleTestFile(file, List.copyOf(rules), List.copyOf(tests));
    }

    private static RuleTest test(Reader r, Node node, Path file) throws Invalid {
        Map<String, Node> keys = r.mapping(node, "a test", TEST_KEYS);
        if (!keys.containsKey("name")) {
            throw r.error(node, "a test needs a name");
        }
        String name = r.text(keys.get("name"), "name");
        List<String> actions = keys.keySet().stream().filter(k -> Set.of("run", "container", "capture").contains(k))
                .toList();
        if (actions.size() != 1) {
            throw r.error(node, "test '" + name + "' needs exactly one of run, container, capture; it has "
                    + (actions.isEmpty() ? "none" : String.join(" and ", actions)));
        }
        RuleTest.Action action = switch (actions.getFirst()) {
            case "run" -> new RuleTest.Run(r.text(keys.get("run"), "run"));
            case "capture" -> new RuleTest.Replay(resolve(file, r.text(keys.get("capture"), "capture")));
            default -> {
                Map<String, Node> c = r.mapping(keys.get("container"), "container", CONTAINER_KEYS);
                if (!c.containsKey("run")) {
                    throw r.error(keys.get("container"), "container needs a run command");
                }
                yield new RuleTest.InContainer(r.text(c.get("run"), "run"), r.bool(c.get("privileged"), "privileged"),
                        r.bool(c.get("interactive"), "interactive"));
            }
        };
        Map<String, RuleTest.Times> expected = new LinkedHashMap<>();
        if (keys.containsKey("expect")) {
            for (NodeTuple t : r.tuples(keys.get("expect"), "expect")) {
                expected.put(r.text(t.getKeyNode(), "a rule name"), times(r, t.getValueNode()));
            }
        }
        List<String> silent = new ArrayList<>();
        boolean onlyExpected = false;
        Node s = keys.get("silent");
        if (s instanceof ScalarNode sc && sc.getValue().equals("all")) {
            onlyExpected = true;
        } else if (s != null) {
            for (Node n : r.sequence(s, "silent")) {
                silent.add(r.text(n, "a rule name"));
            }
        }
        if (expected.isEmpty() && silent.isEmpty() && !onlyExpected) {
            throw r.error(node, "test '" + name + "' checks nothing: give it expect, silent or both");
        }
        return new RuleTest(name, file + ":" + r.line(node), action, expected, List.copyOf(silent), onlyExpected);
    }

    private static RuleTest.Times times(Reader r, Node n) throws Invalid {
        String text = r.text(n, "a count").strip();
        boolean atLeast = text.startsWith(">=");
        String digits = atLeast ? text.substring(2).strip() : text;
        try {
            long v = Long.parseLong(digits);
            if (v >= 0) {
                return new RuleTest.Times(v, atLeast);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw r.error(n, "expected a count (N, or >= N), got '" + text + "'");
    }

    private static Path resolve(Path file, String path) {
        Path p = Path.of(path);
        Path dir = file.toAbsolutePath().getParent();
        return p.isAbsolute() || dir == null ? p : dir.resolve(p).normalize();
    }

    /** Reads nodes of the expected kinds, or says where the file differs. */
    private record Reader(Path file) {
        int line(Node n) {
            return n.getStartMark().map(m -> m.getLine() + 1).orElse(1);
        }

        Invalid error(Node n, String message) {
            return new Invalid(file + ":" + (n == null ? 1 : line(n)) + ": " + message);
        }

        Map<String, Node> mapping(Node n, String what, Set<String> allowed) throws Invalid {
            Map<String, Node> out = new LinkedHashMap<>();
            for (NodeTuple t : tuples(n, what)) {
                String key = text(t.getKeyNode(), "a key");
                if (!allowed.contains(key)) {
                    throw error(t.getKeyNode(), "unknown key '" + key + "' in " + what + " (known: "
                            + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
                out.put(key, t.getValueNode());
            }
            return out;
        }

        List<NodeTuple> tuples(Node n, String what) throws Invalid {
            if (!(n instanceof MappingNode m)) {
                throw error(n, what + ": expected a mapping");
            }
            return m.getValue();
        }

        List<Node> sequence(Node n, String what) throws Invalid {
            if (n instanceof SequenceNode s) {
                return s.getValue();
            }
            throw error(n, what + ": expected a list");
        }

        String text(Node n, String what) throws Invalid {
            if (n instanceof ScalarNode s && !s.getValue().isEmpty()) {
                return s.getValue();
            }
            throw error(n, "expected " + what + " (a non-empty string)");
        }

        boolean bool(Node n, String what) throws Invalid {
            if (n == null) {
                return false;
            }
            String v = text(n, what);
            return switch (v) {
                case "true" -> true;
                case "false" -> false;
                default -> throw error(n, what + ": expected true or false, got '" + v + "'");
            };
        }
    }
}
