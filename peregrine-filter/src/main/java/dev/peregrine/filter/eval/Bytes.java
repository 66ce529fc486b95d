package dev.peregrine.filter.eval;

import dev.peregrine.fields.TextBuffer;

/** Byte-string comparisons between a field's text (in a TextBuffer) and a constant, without allocating. */
final class Bytes {
    private Bytes() {
    }

    static boolean equals(TextBuffer t, byte[] c) {
        int n = t.length();
        if (n != c.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (t.byteAt(i) != c[i]) {
                return false;
            }
        }
        return true;
    }

    /** strcmp order (unsigned bytes). */
    static int compare(TextBuffer t, byte[] c) {
        int n = Math.min(t.length(), c.length);
        for (int i = 0; i < n; i++) {
            int d = (t.byteAt(i) & 0xFF) - (c[i] & 0xFF);
            if (d != 0) {
                return d;
            }
        }
        return t.length() - c.length;
    }

    static boolean startsWith(TextBuffer t, byte[] c) {
        if (c.length > t.length()) {
            return false;
        }
        for (int i = 0; i < c.length; i++) {
            if (t.byteAt(i) != c[i]) {
                return false;
            }
        }
        return true;
    }

    static boolean endsWith(TextBuffer t, byte[] c) {
        int off = t.length() - c.length;
        if (off < 0) {
            return false;
        }
        for (int i = 0; i < c.length; i++) {
            if (t.byteAt(off + i) != c[i]) {
                return false;
            }
        }
        return true;
    }

    static boolean contains(TextBuffer t, byte[] c, boolean ignoreCase) {
        int last = t.length() - c.length;
        outer:
        for (int i = 0; i <= last; i++) {
            for (int k = 0; k < c.length; k++) {
                byte a = t.byteAt(i + k);
                if (a != c[k] && !(ignoreCase && Glob.lower(a) == Glob.lower(c[k]))) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** FNV-1a over the first {@code n} bytes of the buffer: the hash {@link ByteStringSet} uses. */
    static int hash(TextBuffer t, int n) {
        int h = 0x811C9DC5;
        for (int i = 0; i < n; i++) {
            h = (h ^ (t.byteAt(i) & 0xFF)) * 0x01000193;
        }
        return h;
    }

    static int hash(byte[] b) {
        int h = 0x811C9DC5;
        for (byte x : b) {
            h = (h ^ (x & 0xFF)) * 0x01000193;
        }
        return h;
    }
}
