package dev.peregrine.app;

import dev.peregrine.driver.LiveCapture;
import dev.peregrine.driver.Syscalls;
import dev.peregrine.fields.OutputFormat;
import dev.peregrine.filter.eval.Filter;
import dev.peregrine.procfs.ProcMetadata;
import dev.peregrine.procfs.ProcScanner;
import dev.peregrine.procfs.ProcSnapshot;
import dev.peregrine.procfs.ScapBlocks;
import dev.peregrine.scap.CaptureFormatException;
import dev.peregrine.scap.CaptureMetadata;
import dev.peregrine.scap.CaptureWriter;
import dev.peregrine.scap.EventView;
import sun.misc.Signal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code peregrine events} without -r: the live machine's events from the eBPF driver, printed as for a capture
 * and optionally recorded (-w) with the /proc scan as the capture's metadata, until -n events or Ctrl-C.
 */
final class LiveEvents {
    private volatile boolean stop;

    /** @return the number of events read */
    long run(OutputFormat format, long limit, Path writeTo, Filter filter, OutputStream out)
            throws IOException, CaptureFormatException {
        Signal.handle(new Signal("INT"), s -> stop = true);
        Signal.handle(new Signal("TERM"), s -> stop = true);
        // read and write are left out: printing events would make write events of its own, without end
        Set<String> syscalls = new TreeSet<>(Syscalls.SUPPORTED.keySet());
        syscalls.removeAll(Syscalls.HIGH_VOLUME);
        try (LiveCapture capture = LiveCapture.open(LiveCapture.DEFAULT_RING_SIZE, syscalls)) {
            ProcSnapshot snapshot = ProcScanner.system().scan();
            EventSource source = new EventSource() {
                private final CaptureMetadata metadata = ProcMetadata.toCaptureMetadata(snapshot);

                @Override
                public CaptureMetadata metadata() {
                    return metadata;
                }

                @Override
                public int next(EventView event) {
                    return capture.next(event, 100_000_000L) ? EVENT : NONE_YET;
                }

                @Override
                public void close() {
                    capture.close();
                }
            };
            try (CaptureWriter writer = writeTo == null ? null
                    : CaptureWriter.open(writeTo, 1, 2, ScapBlocks.of(snapshot))) {
                return EventPrinter.print(source, new EventView(), writer, format, filter, limit, out, () -> stop);
            }
        }
    }
}
