package dev.peregrine.plugin.json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A JSON Pointer (RFC 6901) compiled once: {@code /a/b~1c/0} walks key "a", key "b/c", then item 0 of an array
 * (or key "0" of an object). A leading slash is optional, as in Falco's json plugin; an empty pointer is the whole
 * document.
 */
public final class JsonPointer {
    private final String[] keys;
    private final int[] indexes;

    private JsonPointer(String[] keys) {
        this.keys = keys;
        this.indexes = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            indexes[i] = index(keys[i]);
        }
    }

    public static JsonPointer compile(String text) {
        String t = text.startsWith("/") ? text.substring(1) : text;
        if (text.isEmpty()) {
            return new JsonPointer(new String[0]);
        }
        String[] parts = t.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i].replace("~1", "/").replace("~0", "~");
        }
        return new JsonPointer(parts);
    }

    /** The value the pointer names in {@code root}, or null when there is none. */
    public JsonNode resolve(JsonNode root) {
        JsonNode cur = root;
        for (int i = 0; i < keys.length && cur != null; i++) {
            if (cur.isArray()) {
                cur = indexes[i] >= 0 ? cur.get(indexes[i]) : null;
            } else if (cur.isObject()) {
                cur = cur.get(keys[i]);
            } else {
                cur = null;
            }
        }
        return cur;
    }

    private static int index(String key) {
        if (key.isEmpty() || key.length() > 9) {
            return -1;
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) < '0' || key.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(key);
    }
}
