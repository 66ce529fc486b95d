package dev.peregrine.config;

import java.util.Map;

/**
 * A configuration node as JSON text, as Falco turns a plugin's {@code init_config} mapping into JSON: booleans and
 * numbers as such, null as null, other scalars as strings. Its string quoting serves the web server's replies too.
 */
public final class JsonText {
    private JsonText() {
    }

    static String of(ConfigNode node) {
        StringBuilder b = new StringBuilder();
        write(node, b);
        return b.toString();
    }

    private static void write(ConfigNode node, StringBuilder b) {
        switch (node) {
            case ConfigNode.Mapping m -> {
                b.append('{');
                boolean first = true;
                for (Map.Entry<String, ConfigNode> e : m.entries().entrySet()) {
                    if (!first) {
                        b.append(',');
                    }
                    first = false;
                    string(b, e.getKey());
                    b.append(':');
                    write(e.getValue(), b);
                }
                b.append('}');
            }
            case ConfigNode.Sequence s -> {
                b.append('[');
                for (int i = 0; i < s.items().size(); i++) {
                    if (i > 0) {
                        b.append(',');
                    }
                    write(s.items().get(i), b);
                }
                b.append(']');
            }
            case ConfigNode.Scalar s -> scalar(s, b);
        }
    }

    private static void scalar(ConfigNode.Scalar s, StringBuilder b) {
        if (s.nullValue()) {
            b.append("null");
        } else if (ScalarText.toBoolean(s.text()) != null) {
            b.append(ScalarText.toBoolean(s.text()));
        } else if (ScalarText.toLong(s.text()) != null) {
            b.append(ScalarText.toLong(s.text()));
        } else if (ScalarText.toDouble(s.text()) != null && Double.isFinite(ScalarText.toDouble(s.text()))) {
            b.append(ScalarText.toDouble(s.text()));
        } else {
            string(b, s.text());
        }
    }

    /** Appends {@code text} as a JSON string literal. */
    public static StringBuilder string(StringBuilder b, String text) {
        b.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }
}
