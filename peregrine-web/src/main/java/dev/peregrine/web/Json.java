package dev.peregrine.web;

import dev.peregrine.config.JsonText;

import java.util.Map;

/** The little JSON the server writes: a flat object of strings. */
final class Json {
    private Json() {
    }

    static String object(Map<String, String> map) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            JsonText.string(sb, e.getKey()).append(':');
            JsonText.string(sb, e.getValue() == null ? "" : e.getValue());
        }
        return sb.append('}').toString();
    }
}
