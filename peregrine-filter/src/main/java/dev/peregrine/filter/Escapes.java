package dev.peregrine.filter;

/**
 * Quoted strings, as libsinsp reads them (escaping.cpp {@code unescape_str}) and as the printer writes them.
 *
 * <p>Reading: the text between the delimiters is copied, except that a backslash escapes the next character:
 * {@code \b \f \n \r \t}, {@code \\}, {@code \/}, {@code \xHH} (one byte), the string's own delimiter
 * ({@code \"} inside "...", {@code \'} inside '...'; the other quote cannot be escaped), and {@code "\ "}, which
 * libsinsp reads as a lone backslash (kept for compatibility with old rules). Anything else is an error. An
 * unescaped delimiter can end up inside the text, because the lexer only ends a string at a delimiter that does
 * not follow a backslash ({@code 'a\\''} is the text {@code a\'}).
 */
final class Escapes {
    private Escapes() {
    }

    /**
     * The text of a quoted token (the token includes both delimiters).
     *
     * @throws IllegalArgumentException with libsinsp's message, for an escape it rejects
     */
    static String unescape(String token) {
        char delimiter = token.charAt(0);
        int end = token.length() - 1;
        StringBuilder out = new StringBuilder(end);
        // bytes from consecutive \xHH escapes, decoded together so multi-byte UTF-8 survives
        byte[] run = null;
        int runLength = 0;
        int i = 1;
        while (i < end) {
            char c = token.charAt(i);
            if (c != '\\') {
                runLength = flush(run, runLength, out);
                out.append(c);
                i++;
                continue;
            }
            i++;
            if (i >= end) {
                // unreachable through the lexer: a backslash never precedes the closing delimiter
                break;
            }
            char e = token.charAt(i);
            if (e == 'x') {
                if (i + 2 >= end) {
                    throw new IllegalArgumentException("truncated hex char escape sequence");
                }
                int hi = Character.digit(token.charAt(i + 1), 16);
                int lo = Character.digit(token.charAt(i + 2), 16);
                if (hi < 0 || lo < 0 || token.charAt(i + 1) > 0x7f || token.charAt(i + 2) > 0x7f) {
                    throw new IllegalArgumentException("invalid hex char escape sequence: "
                            + token.substring(i + 1, i + 3));
                }
                if (run == null) {
                    run = new byte[end];
                }
                run[runLength++] = (byte) (hi * 16 + lo);
                i += 3;
                continue;
            }
            runLength = flush(run, runLength, out);
            switch (e) {
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case ' ', '\\' -> out.append('\\');
                case '/' -> out.append('/');
                case '"' -> {
                    if (delimiter != '"') {
                        throw new IllegalArgumentException("invalid \\\" escape in '-quoted string");
                    }
                    out.append('"');
                }
                case '\'' -> {
                    if (delimiter != '\'') {
                        throw new IllegalArgumentException("invalid \\' escape in \"-quoted string");
                    }
                    out.append('\'');
                }
                default -> throw new IllegalArgumentException("unsupported string escape sequence: \\" + e);
            }
            i++;
        }
        flush(run, runLength, out);
        return out.toString();
    }

    /** Decodes pending escaped bytes as UTF-8, keeping invalid bytes as U+DC80..U+DCFF; returns the new length 0. */
    private static int flush(byte[] run, int length, StringBuilder out) {
        int i = 0;
        while (i < length) {
            int b = run[i] & 0xff;
            int need;
            int cp;
            int min;
            if (b < 0x80) {
                out.append((char) b);
                i++;
                continue;
            } else if (b >= 0xc2 && b <= 0xdf) {
                need = 1;
                cp = b & 0x1f;
                min = 0x80;
            } else if (b >= 0xe0 && b <= 0xef) {
                need = 2;
                cp = b & 0x0f;
                min = 0x800;
            } else if (b >= 0xf0 && b <= 0xf4) {
                need = 3;
                cp = b & 0x07;
                min = 0x10000;
            } else {
                out.append((char) (0xdc00 | b));
                i++;
                continue;
            }
            // the continuation bytes are run[i + 1 .. i + need]
            boolean ok = i + need < length;
            int j = 1;
            while (ok && j <= need) {
                int c = run[i + j] & 0xff;
                if ((c & 0xc0) != 0x80) {
                    ok = false;
                } else {
                    cp = (cp << 6) | (c & 0x3f);
                }
                j++;
            }
            if (ok && cp >= min && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff)) {
                out.appendCodePoint(cp);
                i += need + 1;
            } else {
                out.append((char) (0xdc00 | b));
                i++;
            }
        }
        return 0;
    }

    /**
     * {@code text} as a double-quoted string that {@link #unescape} (after the lexer) turns back into
     * {@code text}.
     */
    static String quote(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 2);
        sb.append('"');
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                // a backslash right before the closing quote would stop the lexer from closing the string
                case '\\' -> sb.append(i == n - 1 ? "\\x5c" : "\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        hexByte(sb, c);
                    } else if (isEscapedByte(text, i)) {
                        hexByte(sb, c & 0xff);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** A lone low surrogate U+DC80..U+DCFF: a byte that was not valid UTF-8 (see {@link #flush}). */
    private static boolean isEscapedByte(String text, int i) {
        char c = text.charAt(i);
        return c >= 0xdc80 && c <= 0xdcff && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
    }

    private static void hexByte(StringBuilder sb, int b) {
        sb.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
    }
}
