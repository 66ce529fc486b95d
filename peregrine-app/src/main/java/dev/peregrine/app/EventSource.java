package dev.peregrine.app;

import dev.peregrine.scap.CaptureFormatException;
import dev.peregrine.scap.CaptureMetadata;
import dev.peregrine.scap.EventView;

import java.io.IOException;

/** Where events come from: a capture file, or (live) the driver's ring buffers. */
public interface EventSource extends AutoCloseable {
    /** The state at the start: a capture's metadata blocks, or the /proc scan of a live machine. */
    CaptureMetadata metadata();

    /**
     * Points {@code event} at the next event.
     *
     * @return {@link #EVENT}, {@link #NONE_YET} (a live source with nothing to read right now: the caller checks
     *         for stop requests and asks again), or {@link #END}
     */
    int next(EventView event) throws IOException, CaptureFormatException;

    /** Events the source lost before they reached us (kernel drops); 0 for files. */
    default long drops() {
        return 0;
    }

    int EVENT = 1;
    int NONE_YET = 0;
    int END = -1;

    @Override
    void close() throws IOException;

    /** A capture file, read to its end. */
    static EventSource capture(java.nio.file.Path file) throws IOException, CaptureFormatException {
        dev.peregrine.scap.CaptureReader reader = dev.peregrine.scap.CaptureReader.open(file);
        return new EventSource() {
            @Override
            public CaptureMetadata metadata() {
                return reader.metadata();
            }

            @Override
            public int next(EventView event) throws IOException, CaptureFormatException {
                return reader.next(event) ? EVENT : END;
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }
}
