package dev.peregrine.outputs;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Passes error messages on to a sink at most once per key (channel) per interval; the ones in between are
 * counted and the count is attached to the next message that gets through, so a failing channel cannot flood the
 * log at alert rate.
 */
final class ErrorThrottle {

    private static final class KeyState {
        long lastReportNs;
        long suppressed;
    }

    private final Consumer<String> sink;
    private final LongSupplier clockNs;
    private final long intervalNs;
    private final Map<String, KeyState> states = new HashMap<>();

    ErrorThrottle(Consumer<String> sink, LongSupplier clockNs, long intervalNs) {
        this.sink = sink;
        this.clockNs = clockNs;
        this.intervalNs = intervalNs;
    }

    /** Reports {@code message} unless {@code key} reported one less than an interval ago. */
    synchronized void report(String key, String message) {
        long now = clockNs.getAsLong();
        KeyState state = states.get(key);
        if (state == null) {
            state = new KeyState();
            states.put(key, state);
        } else if (now - state.lastReportNs < intervalNs) {
            state.suppressed++;
            return;
        }
        String text = state.suppressed == 0
                ? message
                : message + " (" + state.suppressed + " similar " + plural(state.suppressed, "error") + " suppressed)";
        state.suppressed = 0;
        state.lastReportNs = now;
        emit(text);
    }

    /** Reports, regardless of the interval, a message that must not be lost (e.g. at shutdown). */
    synchronized void reportNow(String message) {
        emit(message);
    }

    /** Reports how many messages are still held back for each key (at shutdown, so none vanish silently). */
    synchronized void reportSuppressed() {
        states.forEach((key, state) -> {
            if (state.suppressed > 0) {
                emit(key + ": " + state.suppressed + " further " + plural(state.suppressed, "error") + " suppressed");
                state.suppressed = 0;
            }
        });
    }

    private void emit(String text) {
        try {
            sink.accept(text);
        } catch (RuntimeException ignored) {
            // a broken logger must not take the outputs worker down with it
        }
    }

    static String plural(long n, String word) {
        return n == 1 ? word : word + "s";
    }
}
