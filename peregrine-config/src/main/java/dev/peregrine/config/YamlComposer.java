package dev.peregrine.config;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns YAML text into {@link ConfigNode}s with snakeyaml-engine's compose API, which keeps each node's position.
 * Only the first document counts, as with yaml-cpp's Load. The core schema gives YAML's nulls ({@code ~},
 * {@code null}, empty); everything else stays text until read.
 */
final class YamlComposer {
    private YamlComposer() {
    }

    /**
     * A configuration file's top-level mapping (empty for an empty file), with environment references expanded in
     * every value as Falco does when it loads a file.
     */
    static ConfigNode.Mapping file(String text, String fileName, Map<String, String> env) {
        Node root = firstDocument(text, fileName, fileName + ":");
        if (root == null || isNullScalar(root)) {
            return new ConfigNode.Mapping(new Origin.FileLine(fileName, 1));
        }
        if (!(root instanceof MappingNode)) {
            throw new ConfigException(fileName + ":" + line(root) + ": the configuration must be a YAML mapping");
        }
        Function<Node, Origin> origin = n -> new Origin.FileLine(fileName, line(n));
        return (ConfigNode.Mapping) convert(root, origin, env);
    }

    /** The YAML value of a {@code -o KEY={...}} option; every node has the option as origin, nothing is expanded. */
    static ConfigNode optionValue(String text, Origin.Option option) {
        Node root = firstDocument(text, option.where(), option.where() + ":");
        if (root == null) {
            return new ConfigNode.Scalar("", true, option);
        }
        return convert(root, n -> option, null);
    }

    private static Node firstDocument(String text, String label, String where) {
        LoadSettings settings = LoadSettings.builder().setLabel(label).setSchema(new CoreSchema()).build();
        try {
            Iterator<Node> documents = new Compose(settings).composeAllFromString(text).iterator();
            return documents.hasNext() ? documents.next() : null;
        } catch (MarkedYamlEngineException e) {
            String at = e.getProblemMark().or(e::getContextMark)
                    .map(m -> label.startsWith("-o ") ? "" : ":" + (m.getLine() + 1)).orElse("");
            throw new ConfigException(label + at + ": YAML syntax error: " + oneLine(e.getProblem()));
        } catch (YamlEngineException e) {
            throw new ConfigException(where + " YAML error: " + oneLine(e.getMessage()));
        }
    }

    private static ConfigNode convert(Node node, Function<Node, Origin> origin, Map<String, String> env) {
        return switch (node) {
            case ScalarNode s -> scalar(s, origin.apply(s), env);
            case SequenceNode q -> {
                ConfigNode.Sequence seq = new ConfigNode.Sequence(origin.apply(q));
                for (Node item : q.getValue()) {
                    seq.add(convert(item, origin, env));
                }
                yield seq;
            }
            case MappingNode m -> {
                ConfigNode.Mapping map = new ConfigNode.Mapping(origin.apply(m));
                for (NodeTuple t : m.getValue()) {
                    if (!(t.getKeyNode() instanceof ScalarNode key)) {
                        throw new ConfigException(origin.apply(t.getKeyNode()).where()
                                + ": mapping keys must be scalars");
                    }
                    map.putFirst(key.getValue(), convert(t.getValueNode(), origin, env));
                }
                yield map;
            }
            default -> throw new ConfigException(origin.apply(node).where() + ": unsupported YAML node");
        };
    }

    private static ConfigNode.Scalar scalar(ScalarNode s, Origin origin, Map<String, String> env) {
        if (isNullScalar(s)) {
            return new ConfigNode.Scalar(s.getValue(), true, origin);
        }
        if (env == null) {
            return ConfigNode.Scalar.of(s.getValue(), origin);
        }
        String expanded = EnvExpander.expand(s.getValue(), env);
        if (expanded == null) {
            throw new ConfigException(origin.where() + ": environment variables in '" + s.getValue()
                    + "' expand without end");
        }
        return ConfigNode.Scalar.of(expanded, origin);
    }

    private static boolean isNullScalar(Node n) {
        return n instanceof ScalarNode && Tag.NULL.equals(n.getTag());
    }

    private static int line(Node n) {
        return n.getStartMark().map(m -> m.getLine() + 1).orElse(1);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
