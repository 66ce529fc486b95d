package dev.peregrine.app.falco;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peregrine.testkit.SharedData;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** A replayed capture's alerts reach a real Kafka broker (KRaft, one node, started from Kafka's own test kit). */
class KafkaOutputTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void alertsOfAReplayArriveOnTheTopic() throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumControllerNodes(1)
                .setNumBrokerNodes(1).setBaseDirectory(dir).build();
        try (KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("auto.create.topics.enable", "false")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0").build()) {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            try (Admin admin = cluster.admin()) {
                admin.createTopics(List.of(new NewTopic("falco", 1, (short) 1))).all().get();
            }
            CliRun r = CliRun.run("-r", SharedData.upstream("falco-legacy-tests/rules/single_rule.yaml").toString(),
                    "-e", SharedData.upstream("falco-legacy-tests/trace_files/cat_write.scap").toString(),
                    "-o", "json_output=true", "-o", "stdout_output.enabled=false",
                    "-o", "kafka_output.enabled=true", "-o", "kafka_output.hostport=" + cluster.bootstrapServers(),
                    "-o", "kafka_output.topic=falco", "-o", "kafka_output.key=rule");
            assertThat(r.status()).as(r.err()).isZero();
            List<ConsumerRecord<byte[], byte[]>> records = consume(cluster.bootstrapServers());
            assertThat(records).hasSize(8);
            for (ConsumerRecord<byte[], byte[]> rec : records) {
                assertThat(new String(rec.key(), StandardCharsets.UTF_8)).isEqualTo("open_from_cat");
                assertThat(new ObjectMapper().readTree(rec.value()).get("output").asText())
                        .contains("An open was seen (command=cat /dev/null)");
            }
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> consume(String servers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of("falco"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < 8 && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
