package dev.peregrine.kafka;

import static dev.peregrine.kafka.TestBroker.header;
import static dev.peregrine.kafka.TestBroker.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.peregrine.outputs.Alert;
import dev.peregrine.outputs.ChannelStats;
import dev.peregrine.outputs.FileChannel;
import dev.peregrine.outputs.Outputs;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The channel against a real single-node Kafka, fed through {@link Outputs} as the engine does. */
@Timeout(60)
class KafkaChannelBrokerTest {

    private static final Duration CONSUME_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    static Path brokerDir;
    @TempDir
    Path dir;

    private static TestBroker broker;
    private final List<String> errors = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = TestBroker.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    private KafkaSettings settings(String topic) {
        return settings(topic, o -> { });
    }

    private KafkaSettings settings(String topic, Consumer<KafkaSettings.Options> changes) {
        return KafkaSettings.of(broker.bootstrapServers(), topic, changes);
    }

    /** Submits the alerts through Outputs and closes it, which flushes the channel. */
    private ChannelStats send(KafkaSettings settings, List<Alert> alerts) throws IOException {
        Outputs outputs = new Outputs(List.of(new KafkaChannel(settings)), 0, errors::add);
        alerts.forEach(outputs::submit);
        outputs.close();
        return outputs.stats().channel("kafka");
    }

    private static List<Alert> alerts(int count) {
        return IntStream.range(0, count).mapToObj(Alerts::numbered).toList();
    }

    @Test
    void hundredAlertsArriveInOrderWithTheirHeaders() throws Exception {
        broker.createTopic("alerts", 1);
        List<Alert> alerts = alerts(100);

        ChannelStats stats = send(settings("alerts"), alerts);

        assertThat(stats).isEqualTo(new ChannelStats(100, 0));
        assertThat(errors).isEmpty();
        List<ConsumerRecord<byte[], byte[]>> records = broker.consume("alerts", 100, CONSUME_TIMEOUT);
        assertThat(records).extracting(r -> text(r.value()))
                .containsExactlyElementsOf(alerts.stream().map(Alert::line).toList());
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<byte[], byte[]> record = records.get(i);
            Alert alert = alerts.get(i);
            assertThat(record.key()).isNull();
            assertThat(header(record, "rule")).isEqualTo(alert.rule());
            assertThat(header(record, "priority")).isEqualTo("Warning");
            assertThat(header(record, "source")).isEqualTo("syscall");
            assertThat(header(record, "hostname")).isEqualTo(alert.hostname());
            assertThat(header(record, "tags")).isEqualTo("T1,container");
        }
    }

    @Test
    void gzipShrinksWhatTheBrokerStores() throws Exception {
        broker.createTopic("plain", 1);
        broker.createTopic("gzipped", 1);
        // JSON-like lines with much repetition, as Falco's json_output is
        List<Alert> alerts = IntStream.range(0, 50).mapToObj(i -> Alert.of(i, 3, "Big", "syscall", "h", List.of(),
                "{\"output\":\"" + "proc.cmdline=cat /etc/shadow ".repeat(40) + i + "\"}")).toList();

        assertThat(send(settings("plain"), alerts)).isEqualTo(new ChannelStats(50, 0));
        assertThat(send(settings("gzipped", o -> o.compression = KafkaSettings.Compression.GZIP), alerts))
                .isEqualTo(new ChannelStats(50, 0));

        assertThat(broker.consume("gzipped", 50, CONSUME_TIMEOUT)).extracting(r -> text(r.value()))
                .containsExactlyElementsOf(alerts.stream().map(Alert::line).toList());
        // the broker keeps the producer's compressed batches as they came
        assertThat(logSize("gzipped-0")).isLessThan(logSize("plain-0") / 5);
    }

    @Test
    void keysByRuleKeepEachRuleInOnePartitionInOrder() throws Exception {
        broker.createTopic("by-rule", 3);
        List<Alert> alerts = alerts(90);

        assertThat(send(settings("by-rule", o -> o.key = KafkaSettings.Key.RULE), alerts))
                .isEqualTo(new ChannelStats(90, 0));

        List<ConsumerRecord<byte[], byte[]>> records = broker.consume("by-rule", 90, CONSUME_TIMEOUT);
        assertThat(records).hasSize(90).allSatisfy(r -> assertThat(text(r.key())).isEqualTo(header(r, "rule")));
        Map<String, Integer> partitionOfRule = new HashMap<>();
        Map<String, Integer> lastIndexOfRule = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String rule = text(r.key());
            assertThat(partitionOfRule.computeIfAbsent(rule, k -> r.partition())).isEqualTo(r.partition());
            int index = Integer.parseInt(text(r.value()).split(" ")[3]);
            assertThat(index).isGreaterThan(lastIndexOfRule.getOrDefault(rule, -1));
            lastIndexOfRule.put(rule, index);
        }
        assertThat(partitionOfRule).containsOnlyKeys(Alerts.RULES);
    }

    @Test
    void keysByHostname() throws Exception {
        broker.createTopic("by-host", 2);

        assertThat(send(settings("by-host", o -> o.key = KafkaSettings.Key.HOSTNAME), alerts(10)))
                .isEqualTo(new ChannelStats(10, 0));

        assertThat(broker.consume("by-host", 10, CONSUME_TIMEOUT)).hasSize(10)
                .allSatisfy(r -> assertThat(text(r.key())).isEqualTo(header(r, "hostname")).startsWith("host"));
    }

    @Test
    void aBrokerThatIsDownCostsFailuresNotAHangAndTheFileStillGetsEveryAlert() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = socket.getLocalPort(); // closed again: nothing listens there
        }
        KafkaSettings down = KafkaSettings.of("127.0.0.1:" + deadPort, "alerts",
                o -> o.deliveryTimeout = Duration.ofSeconds(1));
        Path file = dir.resolve("alerts.txt");
        Outputs outputs = new Outputs(List.of(new KafkaChannel(down), new FileChannel(file, true, false)), 0,
                errors::add);

        long start = System.nanoTime();
        alerts(100).forEach(outputs::submit);
        outputs.close();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(Duration.ofSeconds(10));
        assertThat(outputs.stats().channel("kafka")).isEqualTo(new ChannelStats(0, 100));
        assertThat(outputs.stats().channel("file")).isEqualTo(new ChannelStats(100, 0));
        assertThat(Files.readAllLines(file)).hasSize(100);
        assertThat(errors).isNotEmpty().allSatisfy(e -> assertThat(e).doesNotContain("\n"));
        assertThat(errors.getFirst()).startsWith("kafka: not sent to kafka topic alerts:");
    }

    @Test
    void aTopicThatDoesNotExistIsReportedByName() throws Exception {
        KafkaSettings settings = settings("no-such-topic", o -> o.deliveryTimeout = Duration.ofMillis(500));

        ChannelStats stats = send(settings, alerts(3));

        assertThat(stats).isEqualTo(new ChannelStats(0, 3));
        assertThat(errors.getFirst()).contains("no-such-topic").contains("not present in metadata");
    }

    private static long logSize(String partitionDir) throws IOException {
        try (Stream<Path> files = Files.walk(brokerDir)) {
            List<Path> logs = files.filter(p -> p.getParent().getFileName().toString().equals(partitionDir)
                    && p.getFileName().toString().endsWith(".log")).toList();
            assertThat(logs).as("log segments of " + partitionDir).isNotEmpty();
            long total = 0;
            for (Path log : logs) {
                total += Files.size(log);
            }
            return total;
        }
    }
}
