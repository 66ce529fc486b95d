package dev.peregrine.kafka;

import static dev.peregrine.kafka.TestBroker.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.peregrine.kafka.KafkaSettings.Mechanism;
import dev.peregrine.kafka.KafkaSettings.Sasl;
import dev.peregrine.kafka.KafkaSettings.Tls;
import dev.peregrine.outputs.Alert;
import dev.peregrine.outputs.ChannelStats;
import dev.peregrine.outputs.Outputs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and SASL against a real broker whose listener is SASL_SSL with PLAIN users and requires a client
 * certificate: the CA, client certificate and key reach the producer as PEM files, as an operator would give them.
 */
@Timeout(60)
class KafkaChannelSecurityTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"admin\" password=\"admin-secret\" user_admin=\"admin-secret\" user_alice=\"alice-secret\";";

    @TempDir
    static Path dir;
    private static TestBroker broker;
    private final List<String> errors = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = TestBroker.start(dir, SecurityProtocol.SASL_SSL, Map.ofEntries(
                Map.entry("sasl.enabled.mechanisms", "PLAIN"),
                Map.entry("sasl.mechanism.inter.broker.protocol", "PLAIN"),
                Map.entry("listener.name.external.plain.sasl.jaas.config", JAAS),
                Map.entry("ssl.keystore.type", "PKCS12"),
                Map.entry("ssl.keystore.location", TestCerts.BROKER_KEYSTORE.toString()),
                Map.entry("ssl.keystore.password", TestCerts.PASSWORD),
                Map.entry("ssl.key.password", TestCerts.PASSWORD),
                Map.entry("ssl.truststore.type", "PKCS12"),
                Map.entry("ssl.truststore.location", TestCerts.TRUSTSTORE.toString()),
                Map.entry("ssl.truststore.password", TestCerts.PASSWORD),
                // KIP-684: on a SASL_SSL listener only the listener-prefixed setting asks for client certificates
                Map.entry("listener.name.external.ssl.client.auth", "required"),
                Map.entry("auto.create.topics.enable", "true"),
                Map.entry("num.partitions", "1")));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    /** With the default timeouts, so that a slow handshake on a busy machine still delivers. */
    private KafkaSettings settings(String topic, Tls tls, String password) {
        return KafkaSettings.of(broker.bootstrapServers(), topic, secured(tls, password));
    }

    /**
     * For the cases that must fail: a shorter delivery timeout, though long enough for the handshake to fail (and
     * say why) before a send gives up waiting for metadata on a busy machine.
     */
    private KafkaSettings failing(String topic, Tls tls, String password) {
        return KafkaSettings.of(broker.bootstrapServers(), topic,
                secured(tls, password).andThen(o -> o.deliveryTimeout = Duration.ofSeconds(5)));
    }

    private static Consumer<KafkaSettings.Options> secured(Tls tls, String password) {
        return o -> {
            o.tls = tls;
            o.sasl = new Sasl(Mechanism.PLAIN, "alice", password);
        };
    }

    private ChannelStats send(KafkaSettings settings, List<Alert> alerts) throws IOException {
        Outputs outputs = new Outputs(List.of(new KafkaChannel(settings)), 0, errors::add);
        alerts.forEach(outputs::submit);
        outputs.close();
        return outputs.stats().channel("kafka");
    }

    private static List<Alert> alerts(int count) {
        return IntStream.range(0, count).mapToObj(Alerts::numbered).toList();
    }

    private static Map<String, String> consumerSecurity() {
        return Map.ofEntries(
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "PLAIN"),
                Map.entry("sasl.jaas.config", JAAS.replace("user_admin=\"admin-secret\" user_alice=\"alice-secret\"", "")),
                Map.entry("ssl.truststore.type", "PKCS12"),
                Map.entry("ssl.truststore.location", TestCerts.TRUSTSTORE.toString()),
                Map.entry("ssl.truststore.password", TestCerts.PASSWORD),
                Map.entry("ssl.keystore.type", "PKCS12"),
                Map.entry("ssl.keystore.location", TestCerts.CLIENT_KEYSTORE.toString()),
                Map.entry("ssl.keystore.password", TestCerts.PASSWORD),
                Map.entry("ssl.key.password", TestCerts.PASSWORD));
    }

    @Test
    void mutualTlsFromPemFilesAndSaslPlainDeliver() throws Exception {
        Tls tls = Tls.trusting(TestCerts.CA_PEM.toString())
                .withClientCertificate(TestCerts.CLIENT_CERT_PEM.toString(), TestCerts.CLIENT_KEY_PKCS8.toString());

        assertThat(send(settings("secured", tls, "alice-secret"), alerts(20))).isEqualTo(new ChannelStats(20, 0));

        assertThat(errors).isEmpty();
        assertThat(broker.consume("secured", 20, Duration.ofSeconds(20), consumerSecurity()))
                .extracting(r -> text(r.value()))
                .containsExactlyElementsOf(alerts(20).stream().map(Alert::line).toList());
    }

    @Test
    void insecureSkipsServerChecksAndPkcs1KeysWork() throws Exception {
        Tls tls = Tls.SYSTEM_TRUST.withClientCertificate(TestCerts.CLIENT_CERT_PEM.toString(),
                TestCerts.CLIENT_KEY_PKCS1.toString()).withInsecure(true);

        assertThat(send(settings("insecure", tls, "alice-secret"), alerts(5))).isEqualTo(new ChannelStats(5, 0));
        assertThat(errors).isEmpty();
    }

    @Test
    void anUntrustedBrokerIsAFailureThatNamesTheHandshake() throws Exception {
        Tls jdkCas = Tls.SYSTEM_TRUST.withClientCertificate(TestCerts.CLIENT_CERT_PEM.toString(),
                TestCerts.CLIENT_KEY_PKCS8.toString());

        assertThat(send(failing("untrusted", jdkCas, "alice-secret"), alerts(5))).isEqualTo(new ChannelStats(0, 5));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("SSL handshake failed"))
                .allSatisfy(e -> assertThat(e).doesNotContain("\n"));
    }

    @Test
    void withoutAClientCertificateTheBrokerRefuses() throws Exception {
        assertThat(send(failing("anonymous", Tls.trusting(TestCerts.CA_PEM.toString()), "alice-secret"), alerts(3)))
                .isEqualTo(new ChannelStats(0, 3));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("certificate_required"));
    }

    @Test
    void aWrongPasswordIsAFailureThatSaysSo() throws Exception {
        Tls tls = Tls.trusting(TestCerts.CA_PEM.toString())
                .withClientCertificate(TestCerts.CLIENT_CERT_PEM.toString(), TestCerts.CLIENT_KEY_PKCS8.toString());

        assertThat(send(failing("denied", tls, "wrong"), alerts(5))).isEqualTo(new ChannelStats(0, 5));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("Authentication failed"))
                .allSatisfy(e -> assertThat(e).doesNotContain("wrong"));
    }
}
