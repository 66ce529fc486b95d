package dev.peregrine.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node of a configuration document with its origin. Scalars keep their text: like yaml-cpp, Falco decides a
 * scalar's type when a setting is read, not when the file is parsed, so {@code "true"} and {@code true} are both
 * booleans and {@code -o json_output=False} works. Collections are changed only while loading (includes, -o).
 */
public sealed interface ConfigNode permits ConfigNode.Scalar, ConfigNode.Branch {

    Origin origin();

    /** How the node reads in "got ..." of an error message. */
    default String describe() {
        return switch (this) {
            case Scalar s -> s.nullValue() ? "null" : "'" + s.text() + "'";
            case Mapping m -> "a mapping";
            case Sequence q -> "a sequence";
        };
    }

    /** True for YAML's null ({@code ~}, {@code null}, an empty value), which Falco treats as unset. */
    default boolean isNull() {
        return this instanceof Scalar s && s.nullValue();
    }

    /** A scalar's text; {@code nullValue} when it is YAML's null. */
    record Scalar(String text, boolean nullValue, Origin origin) implements ConfigNode {
        public static Scalar of(String text, Origin origin) {
            return new Scalar(text, false, origin);
        }

        @Override
        public String toString() {
            return nullValue ? "null" : text;
        }
    }

    /** A mapping or a sequence: a node that holds others. */
    abstract sealed class Branch implements ConfigNode permits Mapping, Sequence {
        private final Origin origin;

        Branch(Origin origin) {
            this.origin = origin;
        }

        @Override
        public Origin origin() {
            return origin;
        }
    }

    /** A mapping with its keys in file order. */
    final class Mapping extends Branch {
        private final LinkedHashMap<String, ConfigNode> entries = new LinkedHashMap<>();

        public Mapping(Origin origin) {
            super(origin);
        }

        public Map<String, ConfigNode> entries() {
            return Collections.unmodifiableMap(entries);
        }

        public ConfigNode get(String key) {
            return entries.get(key);
        }

        void put(String key, ConfigNode value) {
            entries.put(key, value);
        }

        /** A repeated key keeps its first value, as yaml-cpp's lookup does. */
        void putFirst(String key, ConfigNode value) {
            entries.putIfAbsent(key, value);
        }

        @Override
        public String toString() {
            return entries.toString();
        }
    }

    /** A sequence. */
    final class Sequence extends Branch {
        private final List<ConfigNode> items = new ArrayList<>();

        public Sequence(Origin origin) {
            super(origin);
        }

        public List<ConfigNode> items() {
            return Collections.unmodifiableList(items);
        }

        void add(ConfigNode item) {
            items.add(item);
        }

        void set(int index, ConfigNode item) {
            items.set(index, item);
        }

        @Override
        public String toString() {
            return items.toString();
        }
    }
}
