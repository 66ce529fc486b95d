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

    /** Chooses the syscalls a live source sends (after a reload); nothing to do for files. */
    default void trace(java.util.Set<String> syscalls) {
    }

    /** Events the source lost before they reached us (kernel drops); 0 for files. */
    default long drops() {
        return 0;
    }

    /**
     * Whether this is the live driver. Its enter events of open, openat, openat2, creat and connect exist for the
     * state only (TOCTOU mitigation): like libsinsp, the rules never see them. Capture files keep every event for
     * the rules, as Falco's regression specs expect.
     */
    default boolean live() {
        return false;
    }

    /** What the source could not set up as it should have, for the log (e.g. enter events unavailable). */
    default java.util.List<String> warnings() {
        return java.util.List.of();
    }

    int EVENT = 1;
    int NONE_YET = 0;
    int END = -1;

    @Override
    void close() throws IOException;

    /**
     * The live machine: the eBPF driver's events, after a scan of /proc for the state at the start (the capture
     * starts first, so nothing happening during the scan is missed). Polls wake up every {@code poll} so that a
     * stop request is seen even when nothing happens.
     */
    static EventSource live(java.util.Collection<String> syscalls, java.time.Duration poll) {
        return live(syscalls, poll, dev.peregrine.driver.LiveCapture.DEFAULT_RING_SIZE);
    }

    /** {@link #live(java.util.Collection, java.time.Duration)} with a ring buffer of this size (a power of two). */
    static EventSource live(java.util.Collection<String> syscalls, java.time.Duration poll, int ringBytes) {
        return live(syscalls, poll, ringBytes, 0);
    }

    /**
     * {@link #live(java.util.Collection, java.time.Duration, int)} with one ring per {@code cpusPerRing} CPUs
     * (Falco's cpus_for_each_buffer; 0: one for all).
     */
    static EventSource live(java.util.Collection<String> syscalls, java.time.Duration poll, int ringBytes,
                            int cpusPerRing) {
        dev.peregrine.driver.LiveCapture capture = dev.peregrine.driver.LiveCapture.open(ringBytes, syscalls,
                cpusPerRing);
        CaptureMetadata metadata;
        try {
            metadata = dev.peregrine.procfs.ProcMetadata.toCaptureMetadata(
                    dev.peregrine.procfs.ProcScanner.system().scan());
        } catch (RuntimeException e) {
            capture.close();
            throw e;
        }
        long pollNanos = poll.toNanos();
        return new EventSource() {
            @Override
            public CaptureMetadata metadata() {
                return metadata;
            }

            @Override
            public int next(EventView event) {
                return capture.next(event, pollNanos) ? EVENT : NONE_YET;
            }

            @Override
            public long drops() {
                return capture.drops();
            }

            @Override
            public boolean live() {
                return true;
            }

            @Override
            public java.util.List<String> warnings() {
                return capture.warnings();
            }

            @Override
            public void trace(java.util.Set<String> syscalls) {
                capture.trace(syscalls);
            }

            @Override
            public void close() {
                capture.close();
            }
        };
    }

    /** A capture file, read to its end. */
    static EventSource capture(java.nio.file.Path file) throws IOException, CaptureFormatException {
        return of(dev.peregrine.scap.CaptureReader.open(file));
    }

    /** An open capture, read to its end (closing the source closes the reader). */
    static EventSource of(dev.peregrine.scap.CaptureReader reader) {
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
