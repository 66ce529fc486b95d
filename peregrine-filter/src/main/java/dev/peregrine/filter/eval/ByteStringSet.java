package dev.peregrine.filter.eval;

import dev.peregrine.fields.TextBuffer;

import java.util.Arrays;
import java.util.Collection;

/**
 * An immutable hash set of byte strings, queried with a prefix of a TextBuffer without allocating: the compiled
 * form of {@code in (...)} lists and of {@code or} chains of {@code =} on one field.
 */
final class ByteStringSet {
    private final byte[][] slots;
    private final int mask;

    ByteStringSet(Collection<byte[]> values) {
        int cap = Integer.highestOneBit(Math.max(4, values.size() * 3)) << 1;
        slots = new byte[cap][];
        mask = cap - 1;
        for (byte[] v : values) {
            int i = Bytes.hash(v) & mask;
            while (slots[i] != null && !Arrays.equals(slots[i], v)) {
                i = (i + 1) & mask;
            }
            slots[i] = v;
        }
    }

    boolean contains(TextBuffer t) {
        return contains(t, t.length());
    }

    /** True if the first {@code n} bytes of {@code t} are in the set. */
    boolean contains(TextBuffer t, int n) {
        int i = Bytes.hash(t, n) & mask;
        while (true) {
            byte[] s = slots[i];
            if (s == null) {
                return false;
            }
            if (s.length == n && prefixEquals(t, s)) {
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    private static boolean prefixEquals(TextBuffer t, byte[] s) {
        for (int k = 0; k < s.length; k++) {
            if (t.byteAt(k) != s[k]) {
                return false;
            }
        }
        return true;
    }
}
