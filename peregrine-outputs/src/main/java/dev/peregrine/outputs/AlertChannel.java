package dev.peregrine.outputs;

import java.io.Closeable;
import java.io.IOException;

/**
 * One alert destination (falco.yaml's stdout_output, file_output, program_output, ...). {@link Outputs} calls a
 * channel from its single worker thread only, so implementations need not be thread-safe. Any method may throw;
 * the dispatcher counts and reports the failure and carries on with the other channels.
 */
public interface AlertChannel extends Closeable {

    /** The channel's name as in Falco ("stdout", "file", "program", ...), used in counters and error messages. */
    String name();

    /** Writes one alert ({@link Alert#line()} plus, for line-oriented channels, a newline). */
    void write(Alert alert) throws IOException;

    /** Pushes out anything buffered; channels that send each alert as it is written have nothing to do. */
    default void flush() throws IOException {
    }

    /**
     * Closes and reopens what the channel holds (Falco does this on SIGUSR1, e.g. after log rotation); nothing by
     * default, for channels that hold nothing to reopen.
     */
    default void reopen() throws IOException {
    }

    /** Flushes and releases the channel; waits for what it started (e.g. a program) to finish. */
    @Override
    default void close() throws IOException {
    }
}
