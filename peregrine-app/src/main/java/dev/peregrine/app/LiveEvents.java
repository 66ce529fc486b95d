package dev.peregrine.app;

import dev.peregrine.driver.LiveCapture;
import dev.peregrine.driver.Syscalls;
import dev.peregrine.fields.EventContext;
import dev.peregrine.fields.HiddenEvents;
import dev.peregrine.fields.OutputFormat;
import dev.peregrine.fields.TextBuffer;
import dev.peregrine.filter.eval.Filter;
import dev.peregrine.procfs.ProcMetadata;
import dev.peregrine.procfs.ProcScanner;
import dev.peregrine.procfs.ProcSnapshot;
import dev.peregrine.procfs.ScapBlocks;
import dev.peregrine.scap.CaptureWriter;
import dev.peregrine.scap.EventView;
import dev.peregrine.state.SystemState;
import sun.misc.Signal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * {@code peregrine events} without -r: the live machine's events from the eBPF driver, printed as for a capture
 * and optionally recorded (-w) with the /proc scan as the capture's metadata, until -n events or Ctrl-C.
 */
final class LiveEvents {
    private volatile boolean stop;

    /** @return the number of events read */
    long run(OutputFormat format, long limit, Path writeTo, Filter filter, OutputStream out) throws IOException {
        Signal.handle(new Signal("INT"), s -> stop = true);
        Signal.handle(new Signal("TERM"), s -> stop = true);
        // read and write are left out: printing events would make write events of its own, without end
        java.util.Set<String> syscalls = new java.util.TreeSet<>(Syscalls.SUPPORTED.keySet());
        syscalls.removeAll(Syscalls.HIGH_VOLUME);
        try (LiveCapture capture = LiveCapture.open(LiveCapture.DEFAULT_RING_SIZE, syscalls)) {
            ProcSnapshot snapshot = ProcScanner.system().scan();
            try (CaptureWriter writer = writeTo == null ? null
                    : CaptureWriter.open(writeTo, 1, 2, ScapBlocks.of(snapshot))) {
                SystemState state = new SystemState(ProcMetadata.toCaptureMetadata(snapshot));
                EventView event = new EventView();
                EventContext ctx = new EventContext(state, event);
                TextBuffer line = new TextBuffer(1024);
                long num = 0;
                while (!stop && (limit < 0 || num < limit)) {
                    if (!capture.next(event, 100_000_000L)) {
                        out.flush();
                        continue;
                    }
                    num++;
                    if (writer != null) {
                        writer.write(event);
                    }
                    state.process(event);
                    ctx.advance(num);
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
    }
}
