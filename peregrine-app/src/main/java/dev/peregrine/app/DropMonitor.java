package dev.peregrine.app;

import dev.peregrine.outputs.TokenBucket;

import java.util.Set;

/**
 * Falco's syscall_event_drops: once per second of event time it compares the drop counters with the last check
 * and, when the share of dropped events is above the threshold (and a token is left), takes the configured
 * actions. simulate_drops adds one drop per check (and a zero threshold), which is how Falco tests this on
 * capture files, whose counters never move.
 */
public final class DropMonitor {
    enum Action { IGNORE, LOG, ALERT, EXIT }

    /** What an alert action sends out; the monitor knows nothing of output formats. */
    interface AlertSink {
        void alert(long ts, String message, long drops, long events);
    }

    private static final long SECOND = 1_000_000_000L;

    private final Set<Action> actions;
    private final double threshold;
    private final boolean simulate;
    private final TokenBucket bucket;
    private final FalcoLog log;
    private final AlertSink alerts;
    private long nextCheck;
    private long lastDrops;
    private long lastEvents;
    private long detected;
    private long actionsTaken;

    DropMonitor(Set<Action> actions, double threshold, double rate, double maxBurst, boolean simulate, FalcoLog log,
                AlertSink alerts) {
        this.actions = actions;
        this.threshold = simulate ? 0 : threshold;
        this.simulate = simulate;
        this.bucket = new TokenBucket(rate, maxBurst);
        this.log = log;
        this.alerts = alerts;
    }

    /**
     * @param kernelDrops  the source's drop counter so far
     * @param kernelEvents the events seen so far
     * @return false when an exit action says to stop
     */
    boolean onEvent(long ts, java.util.function.LongSupplier kernelDropCounter, long kernelEvents) {
        if (nextCheck == 0) {
            nextCheck = ts + SECOND;
        }
        if (Long.compareUnsigned(nextCheck, ts) >= 0) {
            return true;
        }
        nextCheck = ts + SECOND;
        long kernelDrops = kernelDropCounter.getAsLong();
        long drops = kernelDrops - lastDrops;
        long events = kernelEvents - lastEvents;
        lastDrops = kernelDrops;
        lastEvents = kernelEvents;
        if (simulate) {
            log.info("Simulating syscall event drop");
            drops++;
        }
        if (drops <= 0) {
            return true;
        }
        double ratio = events == 0 ? Double.POSITIVE_INFINITY : (double) drops / events;
        if (ratio <= threshold) {
            return true;
        }
        detected++;
        if (!bucket.claim(ts)) {
            log.debug("Syscall event drop but token bucket depleted, skipping actions");
            return true;
        }
        actionsTaken++;
        String msg = "Falco internal: syscall event drop. " + drops + " system calls dropped in last second.";
        boolean go = true;
        for (Action a : actions) {
            switch (a) {
                case IGNORE -> { }
                case LOG -> log.debug(msg);
                case ALERT -> alerts.alert(ts, msg, drops, events);
                case EXIT -> {
                    log.log(FalcoLog.Level.CRITICAL, msg);
                    log.log(FalcoLog.Level.CRITICAL, "Exiting.");
                    go = false;
                }
            }
        }
        return go;
    }

    /** Falco prints these to stderr at the end of a run, whatever log_stderr says. */
    String stats() {
        return "Syscall event drop monitoring:\n   - event drop detected: " + detected + " occurrences\n"
                + "   - num times actions taken: " + actionsTaken + "\n";
    }
}
