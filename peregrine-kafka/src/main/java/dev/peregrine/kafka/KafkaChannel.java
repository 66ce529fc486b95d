package dev.peregrine.kafka;

import dev.peregrine.outputs.Alert;
import dev.peregrine.outputs.NamedChannel;
import dev.peregrine.outputs.OutputException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Sends each alert to a Kafka topic through one producer (what Falco users do with falcosidekick's kafka output).
 * {@link #write} hands the record to the producer and returns without waiting for the broker, so alerts are
 * batched; it blocks at most {@link ProducerConfigs#MAX_BLOCK} (no metadata yet, or the producer's buffer full).
 * Failures are reported as {@link IOException}s so that {@link dev.peregrine.outputs.Outputs} counts and logs them:
 * <ul>
 *   <li>a record the producer would not take fails its own write; if that was a timeout (broker unreachable),
 *       later writes fail at once for {@link #RETRY_PAUSE}, so a dead cluster does not stall the other channels;
 *   <li>a record that the broker did not acknowledge within the delivery timeout is reported by the next write
 *       (which still sends its own alert), one failure per write, so the dispatcher's failed count matches the
 *       alerts lost; any left when {@link #flush} runs are reported there in one message.
 * </ul>
 * Like every channel it is called from the dispatcher's one thread; the producer's callbacks come from its own.
 */
public final class KafkaChannel extends NamedChannel {

    /** How long writes fail without trying after a send timed out waiting for the cluster. */
    static final Duration RETRY_PAUSE = Duration.ofSeconds(2);
    /** What close() gives the producer after flushing, to shut its connections. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(1);
    /** flush() waits this long past the delivery timeout, by which time the producer has settled every record. */
    private static final Duration FLUSH_SLACK = Duration.ofSeconds(1);

    private final KafkaSettings settings;
    private final Producer<byte[], byte[]> producer;
    private final Object lock = new Object();
    private int outstanding;            // guarded by lock: sent, not yet acknowledged or failed
    private long unreported;            // guarded by lock: delivery failures not yet reported
    private String lastFailure = "";    // guarded by lock
    private String pauseReason;         // non-null while writes fail at once
    private long pausedUntilNs;
    private boolean closed;

    /** Reads the TLS files and creates the producer (which connects lazily): bad files fail here. */
    public KafkaChannel(KafkaSettings settings) throws OutputException {
        super("kafka");
        this.settings = Objects.requireNonNull(settings, "settings");
        SSLContext ssl = settings.tls().enabled() ? KafkaTls.context(settings.tls()) : null;
        try {
            this.producer = new KafkaProducer<>(ProducerConfigs.of(settings, ssl));
        } catch (KafkaException e) {
            throw new OutputException("cannot create kafka producer for " + String.join(",",
                    settings.bootstrapServers()) + ": " + reason(e), e);
        }
    }

    /** With a given producer (tests use Kafka's MockProducer). */
    KafkaChannel(KafkaSettings settings, Producer<byte[], byte[]> producer) {
        super("kafka");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.producer = Objects.requireNonNull(producer, "producer");
    }

    @Override
    public void write(Alert alert) throws IOException {
        if (closed) {
            throw new IOException("kafka channel is closed");
        }
        if (pauseReason != null) {
            if (System.nanoTime() - pausedUntilNs < 0) {
                throw new IOException("not sent: kafka topic " + settings.topic() + " unavailable: " + pauseReason);
            }
            pauseReason = null; // time to try again
        }
        Delivery delivery = new Delivery();
        try {
            producer.send(AlertRecords.of(settings.topic(), settings.key(), alert), delivery);
        } catch (InterruptException e) {
            delivery.finish();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while sending to kafka topic " + settings.topic());
        } catch (RuntimeException e) { // KafkaException, or IllegalStateException once closed
            delivery.finish();
            throw notSent(e);
        } finally {
            delivery.sending = false;
        }
        if (delivery.syncFailure != null) {
            throw notSent(delivery.syncFailure);
        }
        reportOneEarlierFailure();
    }

    /** Waits (bounded) until every alert written so far is acknowledged or failed; reports failures not yet told. */
    @Override
    public void flush() throws IOException {
        awaitOutstanding(settings.deliveryTimeout().plus(FLUSH_SLACK));
        long failures;
        String reason;
        synchronized (lock) {
            failures = unreported;
            reason = lastFailure;
            unreported = 0;
        }
        if (failures > 0) {
            throw new IOException(alerts(failures) + (failures == 1 ? " was" : " were")
                    + " not delivered to kafka topic " + settings.topic() + ": " + reason);
        }
    }

    /** Nothing to reopen: the producer reconnects by itself. */
    @Override
    public void reopen() {
    }

    /** Flushes (bounded), then closes the producer, abandoning what it still holds after {@link #CLOSE_GRACE}. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException failure = null;
        try {
            flush();
        } catch (IOException e) {
            failure = e;
        }
        try {
            producer.close(CLOSE_GRACE);
        } catch (KafkaException e) {
            if (failure == null) {
                failure = new IOException("cannot close kafka producer: " + reason(e), e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private IOException notSent(Exception e) {
        String reason = reason(e);
        if (e instanceof TimeoutException) { // it blocked for max.block.ms: the next writes should not
            pauseReason = reason;
            pausedUntilNs = System.nanoTime() + RETRY_PAUSE.toNanos();
        }
        return new IOException("not sent to kafka topic " + settings.topic() + ": " + reason, e);
    }

    private void reportOneEarlierFailure() throws IOException {
        String message;
        synchronized (lock) {
            if (unreported == 0) {
                return;
            }
            unreported--;
            message = "an earlier alert was not delivered to kafka topic " + settings.topic() + ": " + lastFailure
                    + (unreported > 0 ? " (" + unreported + " more)" : "");
        }
        throw new IOException(message);
    }

    private void awaitOutstanding(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (outstanding > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException(alerts(outstanding) + " still unacknowledged by kafka topic "
                            + settings.topic() + " after " + timeout.toMillis() + " ms");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while flushing kafka topic " + settings.topic());
                }
            }
        }
    }

    private static String alerts(long n) {
        return n == 1 ? "1 alert" : n + " alerts";
    }

    /** The exception's message, plus its root cause's when that says more (e.g. why a TLS handshake failed). */
    static String reason(Throwable e) {
        String message = dev.peregrine.outputs.IoReason.of(e);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String rootMessage = dev.peregrine.outputs.IoReason.of(root);
        return root == e || message.contains(rootMessage) ? message : message + " (" + rootMessage + ")";
    }

    /**
     * One record's outcome. The producer calls back on the caller's thread, during send(), when it refuses the
     * record (e.g. no metadata within max.block.ms): that failure belongs to this write, not to a later one.
     */
    private final class Delivery implements Callback {
        private final Thread caller = Thread.currentThread();
        private final AtomicBoolean finished = new AtomicBoolean();
        volatile boolean sending = true;
        Exception syncFailure;

        Delivery() {
            synchronized (lock) {
                outstanding++;
            }
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception e) {
            if (e != null && sending && Thread.currentThread() == caller) {
                syncFailure = e;
            } else if (e != null) {
                synchronized (lock) {
                    unreported++;
                    lastFailure = reason(e);
                }
            }
            finish();
        }

        void finish() {
            if (finished.compareAndSet(false, true)) {
                synchronized (lock) {
                    outstanding--;
                    lock.notifyAll();
                }
            }
        }
    }
}
