package dev.peregrine.plugin.k8saudit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peregrine.plugin.json.JsonEvents;

import java.util.ArrayList;
import java.util.List;

/**
 * How Falco's k8saudit plugin walks an audit event: keys through objects (and indexes through arrays), the values
 * of every item of the arrays on a path (or of one item, with an index argument), and values as text (strings as
 * such, other values as compact JSON). A path that does not exist has no value.
 */
final class AuditJson {
    /** No index argument: every item of the arrays on a path. */
    static final int ALL = -1;

    /** Thrown by a walk that finds no value (or a value of the wrong type): the field then has none. */
    static final class NoValue extends Exception {
        static final NoValue INSTANCE = new NoValue();

        private NoValue() {
            super(null, null, false, false);
        }
    }

    private AuditJson() {
    }

    /** The value at {@code keys}, or null. */
    static JsonNode get(JsonNode v, String... keys) {
        JsonNode cur = v;
        for (String k : keys) {
            if (cur == null) {
                return null;
            }
            if (cur.isObject()) {
                cur = cur.get(k);
            } else if (cur.isArray() && k.chars().allMatch(Character::isDigit) && !k.isEmpty()) {
                cur = cur.get(Integer.parseInt(k));
            } else {
                return null;
            }
        }
        return cur;
    }

    /**
     * The values at {@code keys}, descending into every item of the arrays met (a null for an item without the
     * value), or into item {@code index} of each when an index is given.
     */
    static List<JsonNode> values(JsonNode v, int index, String... keys) throws NoValue {
        return values(v, index, keys, 0);
    }

    private static List<JsonNode> values(JsonNode start, int index, String[] keys, int from) throws NoValue {
        JsonNode v = start;
        for (int i = from; i < keys.length; i++) {
            if (v.isArray()) {
                if (index == ALL) {
                    List<JsonNode> res = new ArrayList<>();
                    for (JsonNode item : v) {
                        try {
                            res.addAll(values(item, index, keys, i));
                        } catch (NoValue e) {
                            res.add(null);
                        }
                    }
                    return res;
                }
                if (index >= v.size()) {
                    throw NoValue.INSTANCE;
                }
                v = v.get(index);
            }
            v = keys[i].isEmpty() ? v : get(v, keys[i]);
            if (v == null) {
                throw NoValue.INSTANCE;
            }
        }
        List<JsonNode> one = new ArrayList<>(1);
        one.add(v);
        return one;
    }

    static String text(JsonNode v) throws NoValue {
        if (v == null) {
            throw NoValue.INSTANCE;
        }
        return JsonEvents.text(v);
    }

    /** Every value as text; a null (an item without the value) means no value at all. */
    static List<String> texts(List<JsonNode> values) throws NoValue {
        List<String> out = new ArrayList<>(values.size());
        for (JsonNode v : values) {
            out.add(text(v));
        }
        return out;
    }

    /** The values as text, the missing ones left out. */
    static List<String> textsSkippingMissing(List<JsonNode> values) {
        List<String> out = new ArrayList<>(values.size());
        for (JsonNode v : values) {
            if (v != null) {
                out.add(JsonEvents.text(v));
            }
        }
        return out;
    }
}
