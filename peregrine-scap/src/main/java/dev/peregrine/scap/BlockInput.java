package dev.peregrine.scap;

import java.io.IOException;
import java.io.InputStream;

/**
 * A sliding window over a byte stream: blocks are made contiguous in one reusable array, so readers can view them
 * in place. Memory stays bounded by the largest block, whatever the stream's size.
 */
final class BlockInput {
    private final InputStream in;
    private byte[] buf = new byte[1 << 20];
    private int start;
    private int end;
    private long consumed;
    private boolean eof;
    private String streamError;

    BlockInput(InputStream in) {
        this.in = in;
    }

    /**
     * Makes up to {@code n} bytes available from the current position; returns how many are. The buffer grows only
     * as the bytes actually arrive, so a corrupt length claiming a huge block costs no more memory than the data.
     */
    int ensure(int n) throws IOException {
        if (end - start >= n) {
            return n;
        }
        if (buf.length - start < n && start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        while (end - start < n && !eof) {
            if (end == buf.length) { // only when start == 0 and n > buf.length
                byte[] bigger = new byte[(int) Math.min(n, buf.length * 2L)];
                System.arraycopy(buf, start, bigger, 0, end - start);
                end -= start;
                start = 0;
                buf = bigger;
            }
            int r;
            try {
                r = in.read(buf, end, buf.length - end);
            } catch (java.io.EOFException | java.util.zip.ZipException e) {
                streamError = "compressed stream broken: " + e.getMessage();
                r = -1;
            }
            if (r < 0) {
                eof = true;
            } else {
                end += r;
            }
        }
        return Math.min(n, end - start);
    }

    /** Why the underlying (gzip) stream ended early, or null. */
    String streamError() {
        return streamError;
    }

    /** The window's array; events are viewed in it (it changes when a block is larger than it). */
    byte[] array() {
        return buf;
    }

    /** Index in {@link #array()} of the current position. */
    int position() {
        return start;
    }

    /** Offset of the current position in the (decompressed) stream. */
    long offset() {
        return consumed;
    }

    void skip(int n) {
        start += n;
        consumed += n;
    }

    byte[] copy(int n) {
        byte[] b = new byte[n];
        System.arraycopy(buf, start, b, 0, n);
        return b;
    }

    int u16(int relative) {
        return EventView.u16(buf, start + relative);
    }

    int u32(int relative) {
        return EventView.u32(buf, start + relative);
    }

    void close() throws IOException {
        in.close();
    }
}
