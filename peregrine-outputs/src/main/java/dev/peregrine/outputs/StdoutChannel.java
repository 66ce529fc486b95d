package dev.peregrine.outputs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * falco.yaml's stdout_output: one line per alert. Unbuffered (Falco's buffered_outputs=false, its default) flushes
 * after every alert; buffered keeps up to 8 KiB until {@link #flush()}, {@link #close()} or a full buffer. Pass the
 * process's raw stdout (e.g. {@code new FileOutputStream(FileDescriptor.out)}) rather than an auto-flushing
 * PrintStream if buffering should take effect. {@link #close()} flushes but leaves the stream open: it is the
 * process's stdout.
 */
public final class StdoutChannel extends NamedChannel {

    private final OutputStream target;
    private final OutputStream out;
    private final boolean buffered;

    public StdoutChannel(OutputStream out, boolean buffered) {
        super("stdout");
        this.target = Objects.requireNonNull(out, "out");
        this.out = buffered ? new BufferedOutputStream(out, 8192) : out;
        this.buffered = buffered;
    }

    @Override
    public void write(Alert alert) throws IOException {
        out.write(LineBytes.of(alert));
        if (!buffered) {
            out.flush();
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
        target.flush();
    }

    /** Nothing to reopen: stdout stays what it is. */
    @Override
    public void reopen() throws IOException {
        flush();
    }
}
