package dev.peregrine.web;

import io.prometheus.metrics.model.snapshots.Labels;

import java.util.concurrent.atomic.LongAdder;

/**
 * The match count of one rule, with its Prometheus labels built once: the engine keeps this handle next to the
 * rule so the per-alert path is one {@link LongAdder} increment, with no label look-up.
 */
public final class RuleCounter {
    private final Labels labels;
    private final LongAdder count = new LongAdder();

    RuleCounter(Labels labels) {
        this.labels = labels;
    }

    /** One more match. */
    public void inc() {
        count.increment();
    }

    /** {@code n} more matches (n &gt;= 0). */
    public void inc(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("a rule's match count only grows; got " + n);
        }
        count.add(n);
    }

    public long count() {
        return count.sum();
    }

    Labels labels() {
        return labels;
    }
}
