package dev.peregrine.filter.eval;

import dev.peregrine.fields.TextBuffer;

/**
 * A reusable list of byte strings (the values of a list-valued expression such as {@code getopt(...)}), kept end
 * to end in one buffer. Nothing is allocated once the buffers have grown to the largest list seen.
 */
final class Items {
    final TextBuffer buf = new TextBuffer(256);
    private int[] ends = new int[16];
    private int n;

    void clear() {
        buf.reset();
        n = 0;
    }

    int size() {
        return n;
    }

    int start(int i) {
        return i == 0 ? 0 : ends[i - 1];
    }

    int end(int i) {
        return ends[i];
    }

    int length(int i) {
        return end(i) - start(i);
    }

    /** Ends the item whose bytes were appended to {@link #buf} since the previous item. */
    void close() {
        if (n == ends.length) {
            ends = java.util.Arrays.copyOf(ends, n * 2);
        }
        ends[n++] = buf.length();
    }

    void add(TextBuffer t) {
        buf.append(t);
        close();
    }

    void add(byte[] b) {
        buf.appendBytes(b);
        close();
    }

    /** Adds bytes {@code [from, to)} of {@code src}. */
    void add(TextBuffer src, int from, int to) {
        for (int i = from; i < to; i++) {
            buf.appendByte(src.byteAt(i));
        }
        close();
    }

    /** Adds item {@code i} of {@code other}. */
    void add(Items other, int i) {
        add(other.buf, other.start(i), other.end(i));
    }

    /** Replaces {@code out}'s content with item {@code i}. */
    void copyTo(int i, TextBuffer out) {
        out.reset();
        for (int j = start(i), e = end(i); j < e; j++) {
            out.appendByte(buf.byteAt(j));
        }
    }

    byte byteAt(int i, int j) {
        return buf.byteAt(start(i) + j);
    }
}
