package dev.peregrine.app;

import dev.peregrine.fields.EventContext;
import dev.peregrine.fields.HiddenEvents;
import dev.peregrine.fields.OutputFormat;
import dev.peregrine.fields.TextBuffer;
import dev.peregrine.filter.eval.Filter;
import dev.peregrine.scap.CaptureFormatException;
import dev.peregrine.scap.CaptureReader;
import dev.peregrine.scap.CaptureWriter;
import dev.peregrine.scap.EventTable;
import dev.peregrine.scap.EventView;
import dev.peregrine.state.SystemState;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * The events command: each event of a capture (or, through {@link #print}, of the live machine) updates the state,
 * then is printed with a format when it passes the filter, and is optionally copied to a new capture.
 */
public final class EventPrinter {
    private final Path capture;
    private final OutputFormat format;
    private final long limit;
    private final Path writeTo;
    private final EventTable table;
    private final Filter filter;

    public EventPrinter(Path capture, OutputFormat format, long limit, Path writeTo) {
        this(capture, format, limit, writeTo, EventTable.get(), null);
    }

    public EventPrinter(Path capture, OutputFormat format, long limit, Path writeTo, Filter filter) {
        this(capture, format, limit, writeTo, EventTable.get(), filter);
    }

    /** @param table the event table to decode with (tests use a truncated one to read as an older sysdig) */
    public EventPrinter(Path capture, OutputFormat format, long limit, Path writeTo, EventTable table, Filter filter) {
        this.table = table;
        this.filter = filter;
        this.capture = capture;
        this.format = format;
        this.limit = limit;
        this.writeTo = writeTo;
    }

    /** @return the number of events read */
    public long run(OutputStream out) throws IOException, CaptureFormatException {
        try (CaptureReader reader = CaptureReader.open(capture);
             CaptureWriter writer = writeTo == null ? null : CaptureWriter.create(writeTo, reader)) {
            return print(EventSource.of(reader), new EventView(table), writer, format, filter, limit, out,
                    () -> false);
        }
    }

    /**
     * The events command's loop, for captures and the live machine alike: each event is copied (-w), applied to
     * the state, filtered and printed, until the source ends, {@code limit} events or {@code stop}.
     *
     * @return the number of events read
     */
    static long print(EventSource source, EventView event, CaptureWriter writer, OutputFormat format, Filter filter,
                      long limit, OutputStream out, java.util.function.BooleanSupplier stop)
            throws IOException, CaptureFormatException {
        SystemState state = new SystemState(source.metadata());
        EventContext ctx = new EventContext(state, event);
        TextBuffer line = new TextBuffer(1024);
        long num = 0;
        while ((limit < 0 || num < limit) && !stop.getAsBoolean()) {
            int got = source.next(event);
            if (got == EventSource.END) {
                break;
            }
            if (got == EventSource.NONE_YET) {
                out.flush(); // a live source is quiet: show what is there
                continue;
            }
            num++;
            if (writer != null) {
                writer.write(event);
            }
            state.process(event);
            ctx.advance(num);
            // the filter sees every event (stateful fields such as evt.deltatime count hidden ones too)
            if (filter != null && !filter.matches(ctx) || HiddenEvents.isHidden(event)) {
                continue;
            }
            line.reset();
            if (format.render(ctx, line)) {
                line.append('\n');
                line.writeTo(out);
            }
        }
        return num;
    }
}
