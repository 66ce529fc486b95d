package dev.peregrine.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A loaded configuration: the merged YAML document (main file, included files, -o options) with typed reads by
 * Falco key ({@code a.b.c}, {@code list[0].key}, see {@link KeyPath}). An absent key or a YAML null gives the
 * default; a value of the wrong type is a {@link ConfigException} naming its file and line (or its -o option).
 */
public final class ConfigTree {
    private final ConfigNode.Mapping root;
    private final String name;
    private final List<String> files;

    ConfigTree(ConfigNode.Mapping root, String name, List<String> files) {
        this.root = root;
        this.name = name;
        this.files = List.copyOf(files);
    }

    /** YAML text as a configuration named {@code name}; environment references are expanded from {@code env}. */
    public static ConfigTree parse(String yaml, String name, Map<String, String> env) {
        return new ConfigTree(YamlComposer.file(yaml, name, env), name, List.of());
    }

    /** YAML text as a configuration, expanding references from the process environment. */
    public static ConfigTree parse(String yaml, String name) {
        return parse(yaml, name, System.getenv());
    }

    /** The main configuration file as it was given, or "default" when there is none (Falco's name for that). */
    public String name() {
        return name;
    }

    /** The files read, main file first, then included files in the order they were merged. */
    public List<String> files() {
        return files;
    }

    public ConfigNode.Mapping root() {
        return root;
    }

    /** Whether the key is present, even with a null value (Falco's is_defined). */
    public boolean has(String key) {
        return node(key).isPresent();
    }

    public Optional<ConfigNode> node(String key) {
        return find(KeyPath.of(key));
    }

    public boolean bool(String key, boolean def) {
        return typed(key, "a boolean", ScalarText::toBoolean, def);
    }

    public int integer(String key, int def) {
        long v = longValue(key, def);
        if (v != (int) v) {
            throw wrongType(node(key).orElseThrow(), key, "an integer");
        }
        return (int) v;
    }

    public long longValue(String key, long def) {
        return typed(key, "an integer", ScalarText::toLong, def);
    }

    /** An integer that must not be negative (Falco's unsigned settings: ports, sizes, counts). */
    public long unsignedLong(String key, long def) {
        long v = longValue(key, def);
        if (v < 0) {
            throw wrongType(node(key).orElseThrow(), key, "a non-negative integer");
        }
        return v;
    }

    public double dbl(String key, double def) {
        return typed(key, "a number", ScalarText::toDouble, def);
    }

    public String string(String key, String def) {
        return scalar(key, "a string").map(ConfigNode.Scalar::text).orElse(def);
    }

    /** A sequence of strings, or one string as a one-item list (as Falco's get_sequence); empty when absent. */
    public List<String> stringList(String key) {
        Optional<ConfigNode> found = node(key);
        if (found.isEmpty() || found.get().isNull()) {
            return List.of();
        }
        return switch (found.get()) {
            case ConfigNode.Scalar s -> List.of(s.text());
            case ConfigNode.Sequence q -> {
                List<String> out = new ArrayList<>();
                for (int i = 0; i < q.items().size(); i++) {
                    ConfigNode item = q.items().get(i);
                    if (!(item instanceof ConfigNode.Scalar s) || s.nullValue()) {
                        throw wrongType(item, key + "[" + i + "]", "a string");
                    }
                    out.add(s.text());
                }
                yield List.copyOf(out);
            }
            case ConfigNode.Mapping m -> throw wrongType(m, key, "a string or a sequence of strings");
        };
    }

    /** An error about the value at {@code key}, located at its origin (or at the configuration when absent). */
    public ConfigException error(String key, String problem) {
        Origin where = node(key).map(ConfigNode::origin).orElse(new Origin.FileLine(name, 1));
        return ConfigException.at(where, key, problem);
    }

    /** The scalar at {@code key} read by {@code parse} (null: not of that type), or {@code def} when absent. */
    private <T> T typed(String key, String expected, Function<String, T> parse, T def) {
        return scalar(key, expected).map(s -> {
            T v = parse.apply(s.text());
            if (v == null) {
                throw wrongType(s, key, expected);
            }
            return v;
        }).orElse(def);
    }

    private Optional<ConfigNode.Scalar> scalar(String key, String expected) {
        Optional<ConfigNode> found = node(key);
        if (found.isEmpty() || found.get().isNull()) {
            return Optional.empty();
        }
        if (found.get() instanceof ConfigNode.Scalar s) {
            return Optional.of(s);
        }
        throw wrongType(found.get(), key, expected);
    }

    private static ConfigException wrongType(ConfigNode node, String key, String expected) {
        return ConfigException.at(node.origin(), key, "expected " + expected + ", got " + node.describe());
    }

    private Optional<ConfigNode> find(KeyPath path) {
        ConfigNode current = root;
        String reached = "";
        for (KeyPath.Step step : path.steps()) {
            if (current.isNull()) {
                return Optional.empty();
            }
            switch (step) {
                case KeyPath.Name n -> {
                    if (!(current instanceof ConfigNode.Mapping m)) {
                        throw wrongType(current, reached, "a mapping");
                    }
                    current = m.get(n.name());
                }
                case KeyPath.Index ix -> {
                    if (!(current instanceof ConfigNode.Sequence q)) {
                        throw wrongType(current, reached, "a sequence");
                    }
                    current = ix.index() < q.items().size() ? q.items().get(ix.index()) : null;
                }
                case KeyPath.Append a -> throw new IllegalStateException("[] in a key to read: " + path);
            }
            if (current == null) {
                return Optional.empty();
            }
            reached = step.upTo();
        }
        return Optional.of(current);
    }

    /**
     * Sets the node at {@code path} as Falco's -o does: missing mappings and sequences on the way are created,
     * {@code [n]} replaces item n or appends when n is the size, {@code []} appends.
     */
    void set(KeyPath path, ConfigNode value, Origin origin) {
        ConfigNode current = root;
        String reached = "";
        List<KeyPath.Step> steps = path.steps();
        for (int i = 0; i < steps.size(); i++) {
            KeyPath.Step step = steps.get(i);
            boolean last = i == steps.size() - 1;
            ConfigNode next = last ? value : null;
            switch (step) {
                case KeyPath.Name n -> {
                    ConfigNode.Mapping m = expect(current, ConfigNode.Mapping.class, reached, "a mapping", origin);
                    ConfigNode existing = m.get(n.name());
                    if (!last) {
                        next = existing == null || existing.isNull() ? container(steps.get(i + 1), origin) : existing;
                    }
                    if (next != existing) {
                        m.put(n.name(), next);
                    }
                }
                case KeyPath.Index ix -> {
                    ConfigNode.Sequence q = expect(current, ConfigNode.Sequence.class, reached, "a sequence", origin);
                    int size = q.items().size();
                    if (ix.index() > size) {
                        throw ConfigException.at(origin, step.upTo(),
                                "index " + ix.index() + " is past the end of a sequence of " + size);
                    }
                    ConfigNode existing = ix.index() < size ? q.items().get(ix.index()) : null;
                    if (!last) {
                        next = existing == null || existing.isNull() ? container(steps.get(i + 1), origin) : existing;
                    }
                    if (existing == null) {
                        q.add(next);
                    } else if (next != existing) {
                        q.set(ix.index(), next);
                    }
                }
                case KeyPath.Append a -> {
                    ConfigNode.Sequence q = expect(current, ConfigNode.Sequence.class, reached, "a sequence", origin);
                    if (!last) {
                        next = container(steps.get(i + 1), origin);
                    }
                    q.add(next);
                }
            }
            current = next;
            reached = step.upTo();
        }
    }

    /** The node as the wanted container; a null node here was already replaced by its parent step. */
    private <T extends ConfigNode> T expect(ConfigNode node, Class<T> type, String key, String expected,
                                            Origin origin) {
        if (type.isInstance(node)) {
            return type.cast(node);
        }
        throw ConfigException.at(origin, key,
                "expected " + expected + ", got " + node.describe() + " (set at " + node.origin().where() + ")");
    }

    private static ConfigNode container(KeyPath.Step nextStep, Origin origin) {
        return nextStep instanceof KeyPath.Name ? new ConfigNode.Mapping(origin) : new ConfigNode.Sequence(origin);
    }

    @Override
    public String toString() {
        return name + " " + root;
    }
}
