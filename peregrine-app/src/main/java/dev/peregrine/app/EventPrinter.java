package dev.peregrine.app;

import dev.peregrine.fields.EventContext;
import dev.peregrine.fields.OutputFormat;
import dev.peregrine.fields.TextBuffer;
import dev.peregrine.filter.eval.Filter;
import dev.peregrine.inspector.CaptureSource;
import dev.peregrine.inspector.EventSource;
import dev.peregrine.inspector.Inspector;
import dev.peregrine.scap.CaptureFormatException;
import dev.peregrine.scap.CaptureWriter;
import dev.peregrine.scap.EventTable;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The events command: each event of a capture (or, through {@link #print}, of the live machine) is printed with a
 * format when it passes the filter, and is optionally copied to a new capture.
 *
 * @param table the event table to decode with (tests use a truncated one to read as an older sysdig)
 */
public record EventPrinter(Path capture, OutputFormat format, long limit, Path writeTo, EventTable table,
                           Filter filter) {
    /**
     * Live, lines are shown at least this often (ns) however busy the machine; the clock is read every FLUSH_CHECK
     * events.
     */
    private static final long FLUSH_NANOS = 200_000_000;
    private static final int FLUSH_CHECK = 1024;

    public EventPrinter(Path capture, OutputFormat format, long limit, Path writeTo) {
        this(capture, format, limit, writeTo, EventTable.get(), null);
    }

    public EventPrinter(Path capture, OutputFormat format, long limit, Path writeTo, Filter filter) {
        this(capture, format, limit, writeTo, EventTable.get(), filter);
    }

    /** @return the number of events read */
    public long run(OutputStream out) throws IOException, CaptureFormatException {
        try (OpenCapture open = open(capture, writeTo, () -> table)) {
            return open.print(format, filter, limit, out);
        }
    }

    /**
     * Opens a capture for printing: its metadata read and its process table loaded into the state, the copy (-w)
     * created. The events command does this while its fields, and the event table, are still being built on
     * another thread: the table is asked for once the capture's process table is loaded.
     */
    public static OpenCapture open(Path capture, Path writeTo, Supplier<EventTable> table)
            throws IOException, CaptureFormatException {
        CaptureSource source = CaptureSource.open(capture);
        Inspector inspector = null;
        try {
            inspector = new Inspector(source, table);
            CaptureWriter writer = writeTo == null ? null : CaptureWriter.create(writeTo, source.reader());
            return new OpenCapture(inspector, writer);
        } catch (IOException | RuntimeException e) {
            if (inspector != null) {
                inspector.close();
            } else {
                source.close();
            }
            throw e;
        }
    }

    /** A capture opened by {@link #open}: the inspector over it and the copy being written, or null. */
    public record OpenCapture(Inspector inspector, CaptureWriter writer) implements AutoCloseable {
        /** @return the number of events read */
        public long print(OutputFormat format, Filter filter, long limit, OutputStream out)
                throws IOException, CaptureFormatException {
            return EventPrinter.print(inspector, writer, format, filter, limit, out, () -> false);
        }

        @Override
        public void close() throws IOException {
            try {
                if (writer != null) {
                    writer.close();
                }
            } finally {
                inspector.close();
            }
        }
    }

    /**
     * The events command's loop, for captures and the live machine alike: each event the inspector reads is
     * copied (-w), filtered and printed, until the source ends, {@code limit} events or {@code stop}.
     *
     * @return the number of events read
     */
    static long print(Inspector inspector, CaptureWriter writer, OutputFormat format, Filter filter, long limit,
                      OutputStream out, BooleanSupplier stop) throws IOException, CaptureFormatException {
        EventContext ctx = inspector.context();
        TextBuffer line = new TextBuffer(1024);
        boolean live = inspector.source().live();
        long flushedAt = System.nanoTime();
        while ((limit < 0 || inspector.events() < limit) && !stop.getAsBoolean()) {
            int got = inspector.next();
            if (got == EventSource.END) {
                break;
            }
            if (got == EventSource.NONE_YET) {
                out.flush(); // a live source is quiet: show what is there
                continue;
            }
            // a live source that is never quiet (a busy machine): show what is there every FLUSH_NANOS or so
            if (live && (inspector.events() & (FLUSH_CHECK - 1)) == 0 && System.nanoTime() - flushedAt > FLUSH_NANOS) {
                out.flush();
                flushedAt = System.nanoTime();
            }
            if (writer != null) {
                writer.write(inspector.event());
            }
            // the filter sees every event (stateful fields such as evt.deltatime count hidden ones too)
            if (filter != null && !filter.matches(ctx) || !inspector.shown()) {
                continue;
            }
            line.reset();
            if (format.render(ctx, line)) {
                line.append('\n');
                line.writeTo(out);
            }
        }
        return inspector.events();
    }
}
