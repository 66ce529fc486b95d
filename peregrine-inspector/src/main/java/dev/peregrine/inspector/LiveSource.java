package dev.peregrine.inspector;

import dev.peregrine.driver.LiveCapture;
import dev.peregrine.driver.Syscalls;
import dev.peregrine.procfs.ProcMetadata;
import dev.peregrine.procfs.ProcScanner;
import dev.peregrine.procfs.ProcSnapshot;
import dev.peregrine.procfs.ScapBlocks;
import dev.peregrine.scap.CaptureMetadata;
import dev.peregrine.scap.EventView;
import dev.peregrine.state.SystemState;

import java.time.Duration;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The live machine: the eBPF driver's events, after a scan of /proc for the state at the start. The capture is
 * attached before the scan, so nothing that happens during the scan is missed. A poll returns after at most the
 * poll interval, so that stop requests are seen when nothing happens.
 */
public final class LiveSource implements EventSource {
    private final LiveCapture capture;
    private final ProcSnapshot snapshot;
    private final CaptureMetadata metadata;
    private final long pollNanos;

    private LiveSource(LiveCapture capture, ProcSnapshot snapshot, long pollNanos) {
        this.capture = capture;
        this.snapshot = snapshot;
        this.metadata = ProcMetadata.toCaptureMetadata(snapshot);
        this.pollNanos = pollNanos;
    }

    /**
     * @param syscalls    the syscalls the kernel sends
     * @param ringBytes   each ring buffer's size (a power of two)
     * @param cpusPerRing one ring per this many CPUs (Falco's cpus_for_each_buffer; 0: one ring for all)
     */
    public static LiveSource open(Collection<String> syscalls, Duration poll, int ringBytes, int cpusPerRing) {
        return open(LiveCapture.open(ringBytes, syscalls, cpusPerRing), poll);
    }

    /**
     * {@link #open(Collection, Duration)} without this process's own syscalls (a reader that prints events must not
     * print the ones it makes).
     */
    public static LiveSource openIgnoringItself(Collection<String> syscalls, Duration poll) {
        return open(LiveCapture.open(LiveCapture.DEFAULT_RING_SIZE, syscalls, 0, ProcessHandle.current().pid()),
                poll);
    }

    private static LiveSource open(LiveCapture capture, Duration poll) {
        try {
            return new LiveSource(capture, ProcScanner.system().scan(), poll.toNanos());
        } catch (RuntimeException e) {
            capture.close();
            throw e;
        }
    }

    /** {@link #open} with one ring of the default size (8 MiB) for all CPUs. */
    public static LiveSource open(Collection<String> syscalls, Duration poll) {
        return open(syscalls, poll, LiveCapture.DEFAULT_RING_SIZE, 0);
    }

    /**
     * The event types rules can see on the live machine: what the driver sends (its TOCTOU enter events are for the
     * state only, see {@link Inspector#forRules}).
     */
    public static BitSet eventTypesForRules() {
        BitSet types = Syscalls.eventTypes();
        for (int t = types.nextSetBit(0); t >= 0; t = types.nextSetBit(t + 1)) {
            if (SystemState.isToctouEnter(t)) {
                types.clear(t);
            }
        }
        return types;
    }

    /** The syscall ids of the generic events rules can see on the live machine. */
    public static BitSet genericSyscallsForRules() {
        return Syscalls.genericSyscalls();
    }

    /** The /proc scan as capture metadata blocks, for recording the live events to a capture (-w). */
    public List<byte[]> metadataBlocks() {
        return ScapBlocks.of(snapshot);
    }

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
    public List<String> warnings() {
        return capture.warnings();
    }

    @Override
    public void trace(Set<String> syscalls) {
        capture.trace(syscalls);
    }

    @Override
    public void close() {
        capture.close();
    }
}
