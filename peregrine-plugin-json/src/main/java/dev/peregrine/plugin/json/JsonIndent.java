package dev.peregrine.plugin.json;

import java.io.ByteArrayOutputStream;

/**
 * JSON text re-indented the way Go's json.Indent writes it (what Falco's json.obj shows): each member and item on
 * its own line, two spaces a level, {@code "key": value}, empty objects and arrays kept as {@code {}} and
 * {@code []}, strings and numbers copied as written. Leading white space is dropped; the input is not checked.
 */
final class JsonIndent {
    private JsonIndent() {
    }

    static void indent(byte[] in, int length, ByteArrayOutputStream out) {
        int depth = 0;
        boolean needIndent = false;
        int start = 0;
        while (start < length && isSpace(in[start])) {
            start++;
        }
        for (int i = start; i < length; i++) {
            byte c = in[i];
            if (c == '"') {
                if (needIndent) {
                    newline(out, depth);
                    needIndent = false;
                }
                int end = stringEnd(in, i, length);
                out.write(in, i, end - i);
                i = end - 1;
                continue;
            }
            if (isSpace(c)) {
                continue;
            }
            if (needIndent && c != ']' && c != '}') {
                newline(out, depth);
                needIndent = false;
            }
            switch (c) {
                case '{', '[' -> {
                    out.write(c);
                    depth++;
                    needIndent = true;
                }
                case '}', ']' -> {
                    depth--;
                    if (needIndent) {
                        needIndent = false; // empty: {} or []
                    } else {
                        newline(out, depth);
                    }
                    out.write(c);
                }
                case ',' -> {
                    out.write(c);
                    newline(out, depth);
                }
                case ':' -> {
                    out.write(c);
                    out.write(' ');
                }
                default -> out.write(c);
            }
        }
    }

    private static int stringEnd(byte[] in, int open, int length) {
        for (int j = open + 1; j < length; j++) {
            if (in[j] == '\\') {
                j++;
            } else if (in[j] == '"') {
                return j + 1;
            }
        }
        return length;
    }

    private static void newline(ByteArrayOutputStream out, int depth) {
        out.write('\n');
        for (int d = 0; d < depth; d++) {
            out.write(' ');
            out.write(' ');
        }
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
}
