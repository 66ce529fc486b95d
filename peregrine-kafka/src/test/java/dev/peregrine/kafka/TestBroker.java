package dev.peregrine.kafka;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft Kafka (one process acting as controller and broker, on free loopback ports, its logs
 * under a temporary directory), started from Maven Central's Kafka server artifacts through Kafka's own test kit.
 */
final class TestBroker {

    private final KafkaClusterTestKit cluster;

    private TestBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    static TestBroker start(Path dir) throws Exception {
        return start(dir, Map.of());
    }

    /** {@code props} are extra server properties. */
    static TestBroker start(Path dir, Map<String, String> props) throws Exception {
        return start(dir, SecurityProtocol.PLAINTEXT, props);
    }

    /** A broker whose one client listener speaks {@code protocol}, set up by {@code props}. */
    static TestBroker start(Path dir, SecurityProtocol protocol, Map<String, String> props) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumControllerNodes(1)
                .setNumBrokerNodes(1)
                .setBaseDirectory(dir)
                .build();
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                // small and quick: one node needs no replication, and tests create their topics explicitly
                .setConfigProp("auto.create.topics.enable", "false")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("num.network.threads", "2")
                .setConfigProp("num.io.threads", "2")
                .setConfigProp("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        if (protocol != SecurityProtocol.PLAINTEXT) {
            // the kit itself sets up PLAINTEXT and SASL_PLAINTEXT only; it leaves this map to us if we give it
            builder.setConfigProp("listener.security.protocol.map", nodes.brokerListenerName().value() + ":"
                    + protocol.name + "," + nodes.controllerListenerName().value() + ":PLAINTEXT");
        }
        props.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return new TestBroker(cluster);
    }

    String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
    }

    /** Reads the topic from the start until {@code count} records arrived or the timeout passed. */
    List<ConsumerRecord<byte[], byte[]>> consume(String topic, int count, Duration timeout) {
        return consume(topic, count, timeout, Map.of());
    }

    /** The same with extra consumer properties (security). */
    List<ConsumerRecord<byte[], byte[]>> consume(String topic, int count, Duration timeout,
                                                 Map<String, String> clientProps) {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : text(h.value());
    }

    void close() throws Exception {
        cluster.close();
    }
}
