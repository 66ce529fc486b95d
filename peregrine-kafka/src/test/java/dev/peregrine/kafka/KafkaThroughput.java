package dev.peregrine.kafka;

import dev.peregrine.outputs.Alert;
import dev.peregrine.outputs.ChannelStats;
import dev.peregrine.outputs.Outputs;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Pushes alerts through {@link Outputs} and a {@link KafkaChannel} and prints alerts/s, counting until close()
 * returns, i.e. until every alert is acknowledged, after one warm-up round. Not a test (surefire does not pick it
 * up); run it by hand with the test classpath:
 * <pre>
 * cd peregrine-kafka &amp;&amp; mvn -q -o test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) dev.peregrine.kafka.KafkaThroughput \
 *     &lt;host:port|embedded&gt; [topic] [alerts] [compression] [acks]
 * </pre>
 * "embedded" starts the test broker in a temporary directory. The topic is created (one partition) if missing.
 */
public final class KafkaThroughput {

    private KafkaThroughput() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            System.err.println("usage: KafkaThroughput <host:port|embedded> [topic=peregrine-bench] [alerts=100000]"
                    + " [compression=none] [acks=all]");
            System.exit(2);
        }
        String topic = args.length > 1 ? args[1] : "peregrine-bench";
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        KafkaSettings.Compression compression = KafkaSettings.Compression.parse(args.length > 3 ? args[3] : "");
        KafkaSettings.Acks acks = KafkaSettings.Acks.parse(args.length > 4 ? args[4] : "");
        TestBroker embedded = null;
        String servers = args[0];
        if (servers.equals("embedded")) {
            embedded = TestBroker.start(Files.createTempDirectory("peregrine-kafka-bench"));
            servers = embedded.bootstrapServers();
        }
        try {
            createTopic(servers, topic);
            KafkaSettings settings = KafkaSettings.of(servers, topic, o -> {
                o.compression = compression;
                o.acks = acks;
            });
            run(settings, count); // a warm-up round: JIT, connections, metadata
            long start = System.nanoTime();
            ChannelStats stats = run(settings, count);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%d alerts to %s (compression %s, acks %s) in %.2f s: %.0f alerts/s; delivered %d, "
                            + "failed %d%n", count, servers, compression, acks, seconds, count / seconds,
                    stats.delivered(), stats.failed());
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static ChannelStats run(KafkaSettings settings, int count) throws Exception {
        Outputs outputs = new Outputs(List.of(new KafkaChannel(settings)), count, System.err::println);
        for (int i = 0; i < count; i++) {
            outputs.submit(alert(i));
        }
        outputs.close();
        if (outputs.stats().dropped() > 0) {
            System.err.println(outputs.stats().dropped() + " alerts dropped by the queue");
        }
        return outputs.stats().channel("kafka");
    }

    /** A JSON alert of the size Falco's json_output produces for a typical syscall rule (~500 bytes). */
    private static Alert alert(int i) {
        String line = "{\"hostname\":\"node-1\",\"output\":\"12:00:00.000000000: Warning Sensitive file opened for "
                + "reading by non-trusted program (user=root command=cat /etc/shadow file=/etc/shadow pid=" + i
                + ")\",\"priority\":\"Warning\",\"rule\":\"Read sensitive file untrusted\",\"source\":\"syscall\","
                + "\"tags\":[\"filesystem\",\"mitre_credential_access\"],\"time\":\"2024-01-01T12:00:00.000000000Z\","
                + "\"output_fields\":{\"proc.cmdline\":\"cat /etc/shadow\",\"fd.name\":\"/etc/shadow\",\"proc.pid\":"
                + i + "}}";
        return Alert.of(1_700_000_000_000_000_000L + i, 4, "Read sensitive file untrusted", "syscall", "node-1",
                List.of("filesystem", "mitre_credential_access"), line);
    }

    private static void createTopic(String servers, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
