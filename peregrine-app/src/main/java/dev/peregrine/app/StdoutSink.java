package dev.peregrine.app;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Buffered standard output that turns a closed pipe (as when piped into {@code head}) into {@link Closed}, so the
 * command can stop quietly, as sysdig does, instead of reporting an I/O error.
 */
final class StdoutSink extends OutputStream {
    /** The reader of standard output went away. */
    static final class Closed extends IOException {
        Closed(IOException cause) {
            super("standard output closed", cause);
        }
    }

    private final OutputStream out = new FileOutputStream(FileDescriptor.out);
    private final byte[] buf = new byte[1 << 16];
    private int len;
    private boolean closed;

    @Override
    public void write(int b) throws IOException {
        if (len == buf.length) {
            flush();
        }
        buf[len++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int n) throws IOException {
        if (n > buf.length - len) {
            flush();
            if (n > buf.length) {
                emit(b, off, n);
                return;
            }
        }
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    @Override
    public void flush() throws IOException {
        if (len > 0) {
            int n = len;
            len = 0;
            emit(buf, 0, n);
        }
    }

    private void emit(byte[] b, int off, int n) throws IOException {
        if (closed) {
            throw new Closed(null);
        }
        try {
            out.write(b, off, n);
        } catch (IOException e) {
            closed = true;
            throw new Closed(e);
        }
    }
}
