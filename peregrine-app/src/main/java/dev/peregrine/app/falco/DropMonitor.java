package dev.peregrine.app.falco;

import dev.peregrine.app.FalcoLog;
import dev.peregrine.config.DropAction;
import dev.peregrine.config.SyscallEventDrops;
import dev.peregrine.outputs.TokenBucket;

import java.util.function.LongSupplier;

/**
 * Falco's syscall_event_drops: once per second of event time it compares the drop counters with the last check
 * and, when the share of dropped events is above the threshold (and a token is left), takes the configured
 * actions: the log action is taken here, alert and exit are the caller's, through the {@link Verdict}.
 * simulate_drops adds one drop per check (and a zero threshold), which is how Falco tests this on capture files,
 * whose counters never move.
 */
final class DropMonitor {
    /**
     * What the caller does after an event: nothing ({@link #NONE}), or send a drop alert and/or stop.
     *
     * @param drops  events dropped since the last check
     * @param events events seen since the last check
     */
    record Verdict(boolean alert, boolean exit, long timestamp, String message, long drops, long events) {
    }

    /** Carry on: no drop worth acting on. */
    static final Verdict NONE = new Verdict(false, false, 0, "", 0, 0);

    private static final long SECOND = 1_000_000_000L;

    private final SyscallEventDrops settings;
    private final double threshold;
    private final TokenBucket bucket;
    private final FalcoLog log;
    private long nextCheck;
    private long lastDrops;
    private long lastEvents;
    private long detected;
    private long actionsTaken;

    DropMonitor(SyscallEventDrops settings, FalcoLog log) {
        this.settings = settings;
        this.threshold = settings.simulateDrops() ? 0 : settings.threshold();
        this.bucket = new TokenBucket(settings.rate(), settings.maxBurst());
        this.log = log;
    }

    /**
     * @param dropCounter the source's drop counter so far, read only when a check is due (a kernel counter costs a
     *                    system call)
     * @param eventsSoFar the events seen so far
     */
    Verdict onEvent(long ts, LongSupplier dropCounter, long eventsSoFar) {
        if (nextCheck == 0) {
            nextCheck = ts + SECOND;
        }
        if (Long.compareUnsigned(nextCheck, ts) >= 0) {
            return NONE;
        }
        nextCheck = ts + SECOND;
        long dropsSoFar = dropCounter.getAsLong();
        long drops = dropsSoFar - lastDrops;
        long events = eventsSoFar - lastEvents;
        lastDrops = dropsSoFar;
        lastEvents = eventsSoFar;
        if (settings.simulateDrops()) {
            log.info("Simulating syscall event drop");
            drops++;
        }
        if (drops <= 0) {
            return NONE;
        }
        double ratio = events == 0 ? Double.POSITIVE_INFINITY : (double) drops / events;
        if (ratio <= threshold) {
            return NONE;
        }
        detected++;
        if (!bucket.claim(ts)) {
            log.debug("Syscall event drop but token bucket depleted, skipping actions");
            return NONE;
        }
        actionsTaken++;
        String msg = "Falco internal: syscall event drop. " + drops + " system calls dropped in last second.";
        boolean alert = false;
        boolean exit = false;
        for (DropAction a : settings.actions()) {
            switch (a) {
                case IGNORE -> { }
                case LOG -> log.debug(msg);
                case ALERT -> alert = true;
                case EXIT -> {
                    log.log(FalcoLog.Level.CRITICAL, msg);
                    log.log(FalcoLog.Level.CRITICAL, "Exiting.");
                    exit = true;
                }
            }
        }
        return alert || exit ? new Verdict(alert, exit, ts, msg, drops, events) : NONE;
    }

    /** Falco prints these to stderr at the end of a run, whatever log_stderr says. */
    String stats() {
        return "Syscall event drop monitoring:\n   - event drop detected: " + detected + " occurrences\n"
                + "   - num times actions taken: " + actionsTaken + "\n";
    }
}
