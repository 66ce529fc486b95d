package dev.peregrine.app.falco;

import dev.peregrine.inspector.EventSource;
import dev.peregrine.inspector.Inspector;
import dev.peregrine.scap.CaptureFormatException;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Runs rules over an inspector's events: the current pipeline's rules run on each event the inspector gives them.
 * A reload hands over a new pipeline, which takes over between two events; a stop request ends the run after the
 * event in hand.
 */
public final class Detection {
    private final long durationNs;
    private final DropMonitor drops;
    /** The index of this detection's event source in the pipelines (0: syscall). */
    private final int source;
    private final AtomicReference<Pipeline> pending = new AtomicReference<>();
    private volatile boolean stopRequested;
    private volatile Pipeline current;
    private Consumer<Pipeline> retired = p -> { };
    private LongConsumer progress = n -> { };
    private long events;

    /** @param durationNs -M: stop after this much event time (0: no limit) */
    public Detection(Pipeline pipeline, long durationNs) {
        this(pipeline, durationNs, null);
    }

    /** @param drops syscall_event_drops, or null not to watch drops */
    Detection(Pipeline pipeline, long durationNs, DropMonitor drops) {
        this(pipeline, 0, durationNs, drops);
    }

    /**
     * @param source the index of the event source whose rules run ({@link Pipeline#sourceIndex})
     * @param drops  syscall_event_drops, or null not to watch drops
     */
    Detection(Pipeline pipeline, int source, long durationNs, DropMonitor drops) {
        this.current = pipeline;
        this.source = source;
        this.durationNs = durationNs;
        this.drops = drops;
    }

    /** Called with each pipeline a reload replaced, on the event thread (close its outputs elsewhere). */
    public void onRetired(Consumer<Pipeline> action) {
        this.retired = action;
    }

    /** Told how many events were processed since it was last told, every few thousand events and at the end. */
    public void onProgress(LongConsumer action) {
        this.progress = action;
    }

    /** Replaces the pipeline before the next event. */
    public void swap(Pipeline next) {
        Pipeline unused = pending.getAndSet(next);
        if (unused != null) {
            retired.accept(unused);
        }
    }

    /** A pipeline handed over too late to be used (the run had ended), or null. */
    public Pipeline takePending() {
        return pending.getAndSet(null);
    }

    public void stop() {
        stopRequested = true;
    }

    public boolean stopped() {
        return stopRequested;
    }

    public Pipeline current() {
        return current;
    }

    /** Events read so far, those the rules do not see included. */
    public long events() {
        return events;
    }

    /**
     * Runs until the source ends, a stop is requested, -M's duration of event time has passed or the drop
     * monitor's exit action fires.
     *
     * @return false if the drop monitor's exit action stopped the run
     */
    public boolean run(Inspector inspector) throws IOException, CaptureFormatException {
        LongSupplier dropCounter = inspector.source()::drops;
        long reported = 0;
        try {
            long first = -1;
            Pipeline p = current;
            while (!stopRequested) {
                int got = inspector.next();
                if (got == EventSource.END) {
                    break;
                }
                if (got == EventSource.NONE_YET) {
                    // idle: the count is published now, so that the metrics of a quiet machine are current
                    if (events > reported) {
                        progress.accept(events - reported);
                        reported = events;
                    }
                    continue;
                }
                events = inspector.events();
                long ts = inspector.event().timestamp();
                if (first < 0) {
                    first = ts;
                } else if (durationNs > 0 && ts - first >= durationNs) {
                    break;
                }
                if (pending.get() != null) {
                    Pipeline old = p;
                    p = pending.getAndSet(null);
                    current = p;
                    retired.accept(old);
                }
                if (drops != null) {
                    DropMonitor.Verdict v = drops.onEvent(ts, dropCounter, events);
                    if (v != DropMonitor.NONE) {
                        if (v.alert()) {
                            p.dropAlert(v);
                        }
                        if (v.exit()) {
                            return false;
                        }
                    }
                }
                if (inspector.forRules()) {
                    p.evaluate(source, inspector.context());
                }
                if (events - reported >= 4096) {
                    progress.accept(events - reported);
                    reported = events;
                }
            }
        } finally {
            progress.accept(events - reported);
        }
        return true;
    }
}
