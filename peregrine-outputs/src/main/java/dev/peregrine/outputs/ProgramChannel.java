package dev.peregrine.outputs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * falco.yaml's program_output: runs {@code /bin/sh -c command} and writes alerts to its stdin, one per line; the
 * program's stdout and stderr are this process's. Without keep_alive (Falco's default) each alert gets its own
 * process: start, write, close stdin, wait for it to exit (popen/pclose). With keep_alive one process receives every
 * alert; if it has died, the next write reports it and the alert after that starts a new one. A non-zero exit
 * status counts as a failure. Waits for a program to exit are bounded by {@link #EXIT_WAIT}, after which it is
 * killed.
 */
public final class ProgramChannel extends NamedChannel {

    /** How long close (and each alert without keep_alive) waits for the program to exit. */
    public static final Duration EXIT_WAIT = Duration.ofSeconds(10);

    private final String command;
    private final boolean keepAlive;
    private final boolean buffered;
    private Process process;

    /** Unbuffered: each alert is flushed to the program as it is written (Falco's buffered_outputs=false). */
    public ProgramChannel(String command, boolean keepAlive) {
        this(command, keepAlive, false);
    }

    /** Buffered only matters with keep_alive: lines then reach the program in 8 KiB blocks. */
    public ProgramChannel(String command, boolean keepAlive, boolean buffered) {
        super("program");
        this.command = Objects.requireNonNull(command, "command");
        this.keepAlive = keepAlive;
        this.buffered = buffered;
    }

    @Override
    public void write(Alert alert) throws IOException {
        if (process != null && !process.isAlive()) {
            int status = process.exitValue();
            process = null; // reported now; the next alert starts a new one
            throw new IOException("program exited with status " + status + ": " + command);
        }
        if (process == null) {
            process = start();
        }
        try {
            OutputStream stdin = process.getOutputStream();
            stdin.write(LineBytes.of(alert));
            if (!buffered || !keepAlive) {
                stdin.flush();
            }
        } catch (IOException e) {
            // usually a broken pipe: the program is gone, and its exit status says more than the pipe does
            Process failed = process;
            process = null;
            int status = waitForExit(failed);
            throw new IOException("program exited with status " + status + " (" + IoReason.of(e) + "): " + command, e);
        }
        if (!keepAlive) {
            finish();
        }
    }

    @Override
    public void flush() throws IOException {
        if (process != null) {
            try {
                process.getOutputStream().flush();
            } catch (IOException e) {
                throw new IOException("cannot write to program: " + command + " (" + IoReason.of(e) + ")", e);
            }
        }
    }

    /** Ends the running program (waiting for it); the next alert starts a new one. */
    @Override
    public void reopen() throws IOException {
        finish();
    }

    /** Closes the program's stdin and waits for it to process everything and exit. */
    @Override
    public void close() throws IOException {
        finish();
    }

    /** Whether a program is currently running (keep_alive holds one between alerts). */
    boolean running() {
        return process != null && process.isAlive();
    }

    private Process start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new IOException("cannot start program: " + command + " (" + IoReason.of(e) + ")", e);
        }
    }

    private void finish() throws IOException {
        Process current = process;
        process = null;
        if (current == null) {
            return;
        }
        boolean delivered = true;
        try {
            current.getOutputStream().close();
        } catch (IOException e) {
            delivered = false; // buffered lines never reached the program
        }
        int status = waitForExit(current);
        if (status != 0) {
            throw new IOException("program exited with status " + status + ": " + command);
        }
        if (!delivered) {
            throw new IOException("program closed its input before reading every alert: " + command);
        }
    }

    /** The exit status, killing the program if it does not exit within {@link #EXIT_WAIT}. */
    private int waitForExit(Process p) throws IOException {
        try {
            closeQuietly(p.getOutputStream()); // EOF on stdin is what tells the program to finish
            if (p.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return p.exitValue();
            }
            kill(p);
            throw new IOException("program did not exit within " + EXIT_WAIT.toSeconds() + " s, killed: " + command);
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for program, killed: " + command);
        }
    }

    private static void closeQuietly(OutputStream stdin) {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // the caller already knows whether its lines got through
        }
    }

    private static void kill(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(1, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
