package dev.peregrine.fields;

import java.util.Arrays;

/**
 * A reusable list of byte strings (the values of a list-valued field or expression, such as a plugin's list
 * field or {@code getopt(...)}), kept end to end in one buffer. Nothing is allocated once the buffers have grown to
 * the largest list seen.
 */
public final class TextList {
    final TextBuffer buf = new TextBuffer(256);
    private int[] ends = new int[16];
    private int n;

    public void clear() {
        buf.reset();
        n = 0;
    }

    public int size() {
        return n;
    }

    public int start(int i) {
        return i == 0 ? 0 : ends[i - 1];
    }

    public int end(int i) {
        return ends[i];
    }

    public int length(int i) {
        return end(i) - start(i);
    }

    /** The buffer the items are kept in; bytes appended to it since the last item become the next by {@link #close}. */
    public TextBuffer buffer() {
        return buf;
    }

    /** Ends the item whose bytes were appended to {@link #buffer()} since the previous item. */
    public void close() {
        if (n == ends.length) {
            ends = Arrays.copyOf(ends, n * 2);
        }
        ends[n++] = buf.length();
    }

    public void add(TextBuffer t) {
        buf.append(t);
        close();
    }

    public void add(byte[] b) {
        buf.appendBytes(b);
        close();
    }

    /** Adds bytes {@code [from, to)} of {@code src}. */
    public void add(TextBuffer src, int from, int to) {
        for (int i = from; i < to; i++) {
            buf.appendByte(src.byteAt(i));
        }
        close();
    }

    /** Adds item {@code i} of {@code other}. */
    public void add(TextList other, int i) {
        add(other.buf, other.start(i), other.end(i));
    }

    /** Replaces {@code out}'s content with item {@code i}. */
    public void copyTo(int i, TextBuffer out) {
        out.reset();
        for (int j = start(i), e = end(i); j < e; j++) {
            out.appendByte(buf.byteAt(j));
        }
    }

    public byte byteAt(int i, int j) {
        return buf.byteAt(start(i) + j);
    }
}
