package dev.peregrine.outputs;

import java.time.Instant;

/**
 * libsinsp's token_bucket: starts full with {@code maxBurst} tokens, gains {@code ratePerSecond} tokens per second
 * of elapsed time (capped at {@code maxBurst}), and a claim fails when fewer tokens than asked for are left. Like
 * libsinsp, the elapsed time {@code now - lastSeen} is taken as an unsigned 64-bit number: a timestamp earlier
 * than the last one (a capture file's events against a bucket started at wall-clock time) is a huge gain, which the
 * cap turns into a full bucket. Thread-safe.
 */
public final class TokenBucket {

    private final double rate;
    private final double maxTokens;
    private double tokens;
    private long lastSeenNs;

    /** Starts full, with the current wall-clock time (ns since the epoch) as libsinsp does by default. */
    public TokenBucket(double ratePerSecond, double maxBurst) {
        this(ratePerSecond, maxBurst, wallClockNs());
    }

    public TokenBucket(double ratePerSecond, double maxBurst, long startNs) {
        if (!(ratePerSecond >= 0) || !(maxBurst >= 0)) {
            throw new IllegalArgumentException("rate and max burst must be >= 0: " + ratePerSecond + ", " + maxBurst);
        }
        this.rate = ratePerSecond;
        this.maxTokens = maxBurst;
        this.tokens = maxBurst;
        this.lastSeenNs = startNs;
    }

    /** Claims one token at time {@code nowNs}. */
    public boolean claim(long nowNs) {
        return claim(1, nowNs);
    }

    public synchronized boolean claim(double wanted, long nowNs) {
        double gained = rate * (unsignedToDouble(nowNs - lastSeenNs) / 1_000_000_000.0);
        lastSeenNs = nowNs; // updated even when the claim fails, as libsinsp does
        tokens = Math.min(tokens + gained, maxTokens);
        if (tokens < wanted) {
            return false;
        }
        tokens -= wanted;
        return true;
    }

    public synchronized double tokens() {
        return tokens;
    }

    public synchronized long lastSeenNs() {
        return lastSeenNs;
    }

    // C's uint64 -> double conversion; halving first keeps the rounding right for values above 2^63
    static double unsignedToDouble(long value) {
        if (value >= 0) {
            return value;
        }
        return ((value >>> 1) | (value & 1)) * 2.0;
    }

    static long wallClockNs() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
