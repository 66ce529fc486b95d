package dev.peregrine.outputs;

import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The dispatcher between the rules thread and the channels, like Falco's falco_outputs: {@link #submit} puts an
 * alert in a bounded queue and returns at once (a full queue drops the alert and counts it); one worker thread
 * takes alerts in order and writes each to every channel. A failing channel is counted and reported to the error
 * sink (at most one message per channel per second) and never stops the others. {@link #reopen}, {@link #flush}
 * and {@link #close} travel through the same queue, so they apply after every alert submitted before them.
 */
public final class Outputs implements AutoCloseable {

    /** The queue's bound when the configured capacity is 0 (Falco's "unbounded"), so memory stays bounded. */
    public static final int UNBOUNDED_LIMIT = 1 << 17;
    /** How long {@link #close()} waits, by default, for the queue to drain and the channels to close. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private static final long ONE_SECOND_NS = 1_000_000_000L;
    private static final Duration ABANDON_GRACE = Duration.ofSeconds(1);

    private sealed interface Item permits QueuedAlert, Control {
    }

    // a class, not a record: identity equality lets a submit racing with close take back exactly its own item
    private static final class QueuedAlert implements Item {
        final Alert alert;

        QueuedAlert(Alert alert) {
            this.alert = alert;
        }
    }

    private enum Command { FLUSH, REOPEN, STOP }

    private record Control(Command command, CompletableFuture<Void> done) implements Item {
    }

    @FunctionalInterface
    private interface ChannelCall {
        void run(AlertChannel channel) throws Exception;
    }

    private final List<AlertChannel> channels;
    private final List<String> names;
    private final AtomicLongArray delivered;
    private final AtomicLongArray failed;
    private final int capacity;
    // control items bypass the capacity, which counts alerts only: a reopen or close must never be dropped
    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedAlerts = new AtomicInteger();
    private final LongAdder submitted = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final ErrorThrottle errors;
    private final LongSupplier clockNs;
    private final Duration closeTimeout;
    private final AtomicBoolean closeStarted = new AtomicBoolean();
    private volatile boolean closed;
    private final Thread worker;

    private long dropsReported;
    private long lastDropReportNs;
    private boolean dropReportedOnce;

    /** With {@link #DEFAULT_CLOSE_TIMEOUT}; a {@code queueCapacity} of 0 means {@link #UNBOUNDED_LIMIT}. */
    public Outputs(List<? extends AlertChannel> channels, int queueCapacity, Consumer<String> errorSink) {
        this(channels, queueCapacity, errorSink, DEFAULT_CLOSE_TIMEOUT);
    }

    public Outputs(List<? extends AlertChannel> channels, int queueCapacity, Consumer<String> errorSink,
                   Duration closeTimeout) {
        this(channels, queueCapacity, errorSink, closeTimeout, System::nanoTime);
    }

    /** {@code clockNs} drives the error rate limits (tests freeze it). */
    Outputs(List<? extends AlertChannel> channels, int queueCapacity, Consumer<String> errorSink,
            Duration closeTimeout, LongSupplier clockNs) {
        this.channels = List.copyOf(channels);
        this.names = this.channels.stream().map(AlertChannel::name).toList();
        if (new HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException("output channel names must be unique: " + names);
        }
        if (queueCapacity < 0) {
            throw new IllegalArgumentException("queue capacity must be >= 0, was " + queueCapacity);
        }
        if (closeTimeout.isNegative()) {
            throw new IllegalArgumentException("close timeout must not be negative: " + closeTimeout);
        }
        this.capacity = queueCapacity == 0 ? UNBOUNDED_LIMIT : queueCapacity;
        this.delivered = new AtomicLongArray(this.channels.size());
        this.failed = new AtomicLongArray(this.channels.size());
        this.clockNs = clockNs;
        this.closeTimeout = closeTimeout;
        this.errors = new ErrorThrottle(Objects.requireNonNull(errorSink, "errorSink"), clockNs, ONE_SECOND_NS);
        this.worker = Thread.ofPlatform().name("peregrine-outputs").daemon().unstarted(this::work);
        worker.start();
    }

    /** Queues the alert for every channel without blocking; false if it was dropped (queue full, or closed). */
    public boolean submit(Alert alert) {
        Objects.requireNonNull(alert, "alert");
        submitted.increment();
        if (closed) {
            dropped.increment();
            return false;
        }
        if (queuedAlerts.incrementAndGet() > capacity) {
            queuedAlerts.decrementAndGet();
            dropped.increment();
            return false;
        }
        QueuedAlert item = new QueuedAlert(alert);
        queue.add(item);
        if (closed && queue.remove(item)) { // raced with close(): take it back so it is counted, not stranded
            queuedAlerts.decrementAndGet();
            dropped.increment();
            return false;
        }
        return true;
    }

    /**
     * Asks every channel to reopen (Falco's SIGUSR1) once the alerts queued before have been written; safe to call
     * from any thread, e.g. a signal handler. The future completes when done (failures go to the error sink).
     */
    public CompletableFuture<Void> reopen() {
        return control(Command.REOPEN);
    }

    /** Asks every channel to flush once the alerts queued before have been written (Falco's cleanup). */
    public CompletableFuture<Void> flush() {
        return control(Command.FLUSH);
    }

    /** The queue's bound in alerts (the configured capacity, or {@link #UNBOUNDED_LIMIT} for 0). */
    public int capacity() {
        return capacity;
    }

    /** The counters now; not one atomic snapshot while alerts are flowing. */
    public OutputStats stats() {
        Map<String, ChannelStats> perChannel = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            perChannel.put(names.get(i), new ChannelStats(delivered.get(i), failed.get(i)));
        }
        return new OutputStats(submitted.sum(), dropped.sum(), queuedAlerts.get(), perChannel);
    }

    /**
     * Writes everything submitted so far, then flushes and closes every channel, waiting at most the close timeout.
     * If the channels are still blocked by then, the alerts still queued are discarded (counted as dropped) and the
     * worker is interrupted. Later submits are dropped. Idempotent.
     */
    @Override
    public void close() {
        if (!closeStarted.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        queue.add(new Control(Command.STOP, new CompletableFuture<>()));
        if (!awaitWorker(closeTimeout)) {
            int discarded = discardQueued();
            errors.reportNow("outputs: channels still blocked after " + closeTimeout.toMillis() + " ms, discarded "
                    + discarded + " queued " + ErrorThrottle.plural(discarded, "alert"));
            queue.add(new Control(Command.STOP, new CompletableFuture<>()));
            worker.interrupt();
            if (!awaitWorker(ABANDON_GRACE)) {
                errors.reportNow("outputs: worker still blocked in a channel; channels left open");
            }
        }
        if (!worker.isAlive()) {
            discardQueued(); // anything that slipped in behind the stop
        }
        reportDrops(true);
        errors.reportSuppressed();
    }

    private CompletableFuture<Void> control(Command command) {
        Control item = new Control(command, new CompletableFuture<>());
        if (closed) {
            item.done().complete(null);
            return item.done();
        }
        queue.add(item);
        if (closed && queue.remove(item)) {
            item.done().complete(null);
        }
        return item.done();
    }

    private void work() {
        while (true) {
            Item item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                continue; // only close() interrupts, and it queues a stop first
            }
            switch (item) {
                case QueuedAlert queued -> {
                    queuedAlerts.decrementAndGet();
                    deliver(queued.alert);
                }
                case Control control -> {
                    switch (control.command()) {
                        case FLUSH -> forEachChannel(AlertChannel::flush, "flush");
                        case REOPEN -> forEachChannel(AlertChannel::reopen, "reopen");
                        case STOP -> forEachChannel(AlertChannel::close, "close");
                    }
                    control.done().complete(null);
                    if (control.command() == Command.STOP) {
                        return;
                    }
                }
            }
            reportDrops(false);
        }
    }

    private void deliver(Alert alert) {
        for (int i = 0; i < channels.size(); i++) {
            AlertChannel channel = channels.get(i);
            try {
                channel.write(alert);
                delivered.incrementAndGet(i);
            } catch (Exception e) {
                failed.incrementAndGet(i);
                errors.report(names.get(i), names.get(i) + ": " + describe(e));
            }
        }
    }

    private void forEachChannel(ChannelCall call, String what) {
        for (int i = 0; i < channels.size(); i++) {
            try {
                call.run(channels.get(i));
            } catch (Exception e) {
                errors.report(names.get(i), names.get(i) + ": " + what + " failed: " + describe(e));
            }
        }
    }

    /** Removes every queued item: alerts count as dropped, controls complete. Returns the alerts removed. */
    private int discardQueued() {
        int alerts = 0;
        for (Item item; (item = queue.poll()) != null; ) {
            switch (item) {
                case QueuedAlert ignored -> {
                    queuedAlerts.decrementAndGet();
                    dropped.increment();
                    alerts++;
                }
                case Control control -> control.done().complete(null);
            }
        }
        return alerts;
    }

    // Falco logs the first drop only; we report the running total at most once a second
    private synchronized void reportDrops(boolean force) {
        long total = dropped.sum();
        if (total == dropsReported) {
            return;
        }
        long now = clockNs.getAsLong();
        if (!force && dropReportedOnce && now - lastDropReportNs < ONE_SECOND_NS) {
            return;
        }
        errors.reportNow("outputs: " + total + " " + ErrorThrottle.plural(total, "alert") + " dropped so far (queue capacity "
                + capacity + ")");
        dropsReported = total;
        lastDropReportNs = now;
        dropReportedOnce = true;
    }

    private boolean awaitWorker(Duration timeout) {
        try {
            return worker.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !worker.isAlive();
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return e instanceof IOException && message != null && !message.isBlank() ? message : e.toString();
    }
}
