package dev.peregrine.kafka;

import static dev.peregrine.kafka.TestBroker.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The channel's bookkeeping of sends, acknowledgements and failures, against Kafka's MockProducer. */
class KafkaChannelTest {

    private final KafkaSettings settings = settings(o -> { });

    private static KafkaSettings settings(Consumer<KafkaSettings.Options> changes) {
        Consumer<KafkaSettings.Options> quick = o -> o.deliveryTimeout = Duration.ofMillis(200);
        return KafkaSettings.of("localhost", "falco", quick.andThen(changes));
    }

    /** A mock that leaves every record pending until the test completes or fails it. */
    private static MockProducer<byte[], byte[]> pending() {
        return new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Test
    void buildsOneRecordPerAlertWithKeyAndHeaders() throws IOException {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        KafkaChannel channel = new KafkaChannel(settings(o -> o.key = KafkaSettings.Key.RULE), producer);

        channel.write(Alerts.numbered(1));
        channel.close();

        ProducerRecord<byte[], byte[]> record = producer.history().getFirst();
        assertThat(record.topic()).isEqualTo("falco");
        assertThat(text(record.key())).isEqualTo(Alerts.numbered(1).rule());
        assertThat(text(record.value())).isEqualTo(Alerts.numbered(1).line());
        assertThat(record.timestamp()).isNull();
        assertThat(record.headers().toArray()).extracting(h -> h.key() + "=" + text(h.value())).containsExactly(
                "rule=Terminal shell in container", "priority=Warning", "source=syscall", "hostname=host1",
                "tags=T1,container");
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void aFailedDeliveryIsReportedByTheNextWriteOncePerFailure() throws IOException {
        MockProducer<byte[], byte[]> producer = pending();
        KafkaChannel channel = new KafkaChannel(settings, producer);
        channel.write(Alerts.numbered(0));
        channel.write(Alerts.numbered(1));
        producer.errorNext(new TimeoutException("Expiring 1 record(s) for falco-0"));
        producer.errorNext(new TimeoutException("Expiring 1 record(s) for falco-0"));

        assertThatThrownBy(() -> channel.write(Alerts.numbered(2))).isInstanceOf(IOException.class)
                .hasMessage("an earlier alert was not delivered to kafka topic falco: Expiring 1 record(s) for "
                        + "falco-0 (1 more)");
        assertThatThrownBy(() -> channel.write(Alerts.numbered(3)))
                .hasMessageEndingWith("Expiring 1 record(s) for falco-0");
        channel.write(Alerts.numbered(4));

        assertThat(producer.history()).hasSize(5); // the writes that reported earlier failures still sent theirs
    }

    @Test
    void flushWaitsForAcknowledgementsAndReportsWhatFailed() throws Exception {
        MockProducer<byte[], byte[]> producer = pending();
        KafkaChannel channel = new KafkaChannel(settings, producer);
        for (int i = 0; i < 3; i++) {
            channel.write(Alerts.numbered(i));
        }
        CompletableFuture<Void> flushed = CompletableFuture.runAsync(() -> {
            try {
                channel.flush();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(50);
        assertThat(flushed).isNotDone();

        producer.completeNext();
        producer.errorNext(new RecordTooLargeException("too large"));
        producer.errorNext(new RecordTooLargeException("too large"));

        assertThat(flushed).failsWithin(Duration.ofSeconds(5)).withThrowableThat()
                .withMessageEndingWith("2 alerts were not delivered to kafka topic falco: too large");
        channel.flush(); // reported once only
    }

    @Test
    void flushIsBoundedWhenAcknowledgementsNeverCome() throws IOException {
        KafkaChannel channel = new KafkaChannel(settings, pending());
        channel.write(Alerts.numbered(0));

        long start = System.nanoTime();
        assertThatThrownBy(channel::flush).isInstanceOf(IOException.class)
                .hasMessage("1 alert still unacknowledged by kafka topic falco after 1200 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aSendThatTimesOutFailsItsWriteAndPausesTheNextOnes() throws IOException {
        // as KafkaProducer does when metadata does not come within max.block.ms: call back at once, in send()
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
                TimeoutException e = new TimeoutException("Topic falco not present in metadata after 200 ms.");
                callback.onCompletion(null, e);
                return CompletableFuture.failedFuture(e);
            }
        };
        KafkaChannel channel = new KafkaChannel(settings, producer);

        assertThatThrownBy(() -> channel.write(Alerts.numbered(0)))
                .hasMessage("not sent to kafka topic falco: Topic falco not present in metadata after 200 ms.");
        assertThatThrownBy(() -> channel.write(Alerts.numbered(1))).hasMessage("not sent: kafka topic falco "
                + "unavailable: Topic falco not present in metadata after 200 ms.");
        channel.flush(); // the refused records are not outstanding, nor reported twice
    }

    @Test
    void writesAfterCloseFail() throws IOException {
        KafkaChannel channel = new KafkaChannel(settings, pending());
        channel.close();
        channel.close();

        assertThatThrownBy(() -> channel.write(Alerts.numbered(0))).hasMessage("kafka channel is closed");
    }

    @Test
    void reasonsAddTheRootCauseOnOneLine() {
        Exception e = new org.apache.kafka.common.errors.SslAuthenticationException("SSL handshake failed",
                new IOException("PKIX path building failed:\nunable to find valid certification path"));

        assertThat(KafkaChannel.reason(e)).isEqualTo(
                "SSL handshake failed (PKIX path building failed: unable to find valid certification path)");
    }

    @Test
    void nameIsKafka() {
        assertThat(new KafkaChannel(settings, pending()).name()).isEqualTo("kafka");
    }
}
