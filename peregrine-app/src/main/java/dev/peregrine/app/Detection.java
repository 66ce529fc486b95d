package dev.peregrine.app;

import dev.peregrine.fields.EventContext;
import dev.peregrine.scap.CaptureFormatException;
import dev.peregrine.scap.EventView;
import dev.peregrine.state.SystemState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Runs rules over a capture: each event updates the state, then the current pipeline's rules run on it. As in
 * current Falco, every event of a capture reaches the rules: -A only widens the set of syscalls a live driver
 * traces. A reload hands over a new pipeline, which takes over between two events; a stop request ends the run
 * after the event in hand.
 */
public final class Detection {
    private final long durationNs;
    private final DropMonitor drops;
    private final java.util.concurrent.atomic.AtomicReference<Pipeline> pending =
            new java.util.concurrent.atomic.AtomicReference<>();
    private volatile boolean stopRequested;
    private volatile Pipeline current;
    private Consumer<Pipeline> retired = p -> { };
    private java.util.function.LongConsumer progress = n -> { };
    private long events;

    public Detection(Pipeline pipeline, long durationNs, DropMonitor drops) {
        this.current = pipeline;
        this.durationNs = durationNs;
        this.drops = drops;
    }

    /** Called with each pipeline a reload replaced, on the event thread (close its outputs elsewhere). */
    public void onRetired(Consumer<Pipeline> action) {
        this.retired = action;
    }

    /** Told how many events were processed since it was last told, every few thousand events and at the end. */
    public void onProgress(java.util.function.LongConsumer action) {
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

    public long events() {
        return events;
    }

    /** @return false if the drop monitor's exit action stopped the run */
    public boolean replay(Path capture) throws IOException, CaptureFormatException {
        try (EventSource source = EventSource.capture(capture)) {
            return run(source);
        }
    }

    /**
     * Runs until the source ends, a stop is requested, -M's duration of event time has passed or the drop
     * monitor's exit action fires.
     *
     * @return false if the drop monitor's exit action stopped the run
     */
    public boolean run(EventSource source) throws IOException, CaptureFormatException {
        try {
            SystemState state = new SystemState(source.metadata());
            EventView event = new EventView();
            EventContext ctx = new EventContext(state, event);
            long first = -1;
            Pipeline p = current;
            // read only when the monitor checks (once a second): a kernel counter costs a system call
            java.util.function.LongSupplier dropCounter = source::drops;
            boolean stateOnlyEnters = source.live();
            while (!stopRequested) {
                int got = source.next(event);
                if (got == EventSource.END) {
                    break;
                }
                if (got == EventSource.NONE_YET) {
                    continue;
                }
                events++;
                state.process(event);
                ctx.advance(events);
                long ts = event.timestamp();
                if (first < 0) {
                    first = ts;
                } else if (durationNs > 0 && ts - first >= durationNs) {
                    break;
                }
                if (drops != null && !drops.onEvent(ts, dropCounter, events)) {
                    return false;
                }
                if (pending.get() != null) {
                    Pipeline old = p;
                    p = pending.getAndSet(null);
                    current = p;
                    retired.accept(old);
                }
                if (!(stateOnlyEnters && SystemState.isToctouEnter(event.type()))) {
                    p.evaluate(ctx);
                }
                if ((events & 4095) == 0) {
                    progress.accept(4096);
                }
            }
        } finally {
            progress.accept(events & 4095);
        }
        return true;
    }
}
