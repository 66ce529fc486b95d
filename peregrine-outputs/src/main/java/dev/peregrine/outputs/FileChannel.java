package dev.peregrine.outputs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * falco.yaml's file_output: appends one line per alert. Without keep_alive (Falco's default) the file is opened,
 * appended to and closed for every alert, so a moved-away file is simply recreated; with keep_alive it stays open
 * until {@link #reopen()} (Falco's SIGUSR1, for log rotation) or {@link #close()}. Buffered only matters with
 * keep_alive. The file is opened once at construction so a bad path fails start-up with an
 * {@link OutputException}.
 */
public final class FileChannel extends NamedChannel {

    private final Path file;
    private final boolean keepAlive;
    private final boolean buffered;
    private OutputStream out;

    public FileChannel(Path file, boolean keepAlive, boolean buffered) throws OutputException {
        super("file");
        this.file = Objects.requireNonNull(file, "file");
        this.keepAlive = keepAlive;
        this.buffered = buffered;
        OutputStream opened = open();
        if (keepAlive) {
            out = opened;
        } else {
            closeQuietly(opened);
        }
    }

    @Override
    public void write(Alert alert) throws IOException {
        byte[] bytes = LineBytes.of(alert);
        if (!keepAlive) {
            try (OutputStream once = open()) {
                once.write(bytes);
            } catch (OutputException e) {
                throw e;
            } catch (IOException e) {
                throw writeFailed(e);
            }
            return;
        }
        if (out == null) {
            out = open(); // a previous failure dropped the stream: try again rather than give up for good
        }
        try {
            out.write(bytes);
            if (!buffered) {
                out.flush();
            }
        } catch (IOException e) {
            closeQuietly(out);
            out = null;
            throw writeFailed(e);
        }
    }

    @Override
    public void flush() throws IOException {
        if (out != null) {
            try {
                out.flush();
            } catch (IOException e) {
                throw writeFailed(e);
            }
        }
    }

    /** Closes the file and opens it again by name, so after a rotation alerts go to a fresh file. */
    @Override
    public void reopen() throws IOException {
        if (!keepAlive) {
            return; // nothing held open: the next alert opens the file by name anyway
        }
        closeCurrent();
        out = open();
    }

    @Override
    public void close() throws IOException {
        closeCurrent();
    }

    private void closeCurrent() throws IOException {
        OutputStream current = out;
        out = null;
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                throw writeFailed(e);
            }
        }
    }

    private OutputStream open() throws OutputException {
        try {
            OutputStream raw = Files.newOutputStream(file,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            return keepAlive && buffered ? new BufferedOutputStream(raw, 8192) : raw;
        } catch (IOException | SecurityException e) {
            throw new OutputException("cannot open output file " + file + ": " + IoReason.of(e), e);
        }
    }

    private IOException writeFailed(IOException e) {
        return new IOException("cannot write output file " + file + ": " + IoReason.of(e), e);
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // the failure that led here is the one worth reporting
        }
    }
}
