package dev.peregrine.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peregrine.kafka.KafkaSettings.Acks;
import dev.peregrine.kafka.KafkaSettings.Compression;
import dev.peregrine.kafka.KafkaSettings.Key;
import dev.peregrine.kafka.KafkaSettings.Mechanism;
import dev.peregrine.kafka.KafkaSettings.Sasl;
import dev.peregrine.kafka.KafkaSettings.Tls;
import dev.peregrine.outputs.OutputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Settings are checked when built, each bad one with a one-line message; TLS files when the channel is built. */
class KafkaSettingsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsFollowFalcosidekickButAckAll() {
        KafkaSettings s = KafkaSettings.of("kafka1, kafka2:9093,[::1]:19092", "falco");

        assertThat(s.bootstrapServers()).containsExactly("kafka1:9092", "kafka2:9093", "[::1]:19092");
        assertThat(s.clientId()).isEqualTo("peregrine");
        assertThat(s.acks()).isEqualTo(Acks.ALL);
        assertThat(s.compression()).isEqualTo(Compression.NONE);
        assertThat(s.key()).isEqualTo(Key.NONE);
        assertThat(s.tls()).isEqualTo(Tls.OFF);
        assertThat(s.sasl()).isEqualTo(Sasl.NONE);
        assertThat(s.deliveryTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.securityProtocol()).isEqualTo("PLAINTEXT");
    }

    @Test
    void falcosidekickSpellingsParse() {
        assertThat(Acks.parse("NONE")).isEqualTo(Acks.NONE);
        assertThat(Acks.parse("1")).isEqualTo(Acks.ONE);
        assertThat(Acks.parse("")).isEqualTo(Acks.ALL);
        assertThat(Compression.parse("Zstd")).isEqualTo(Compression.ZSTD);
        assertThat(Key.parse("hostname")).isEqualTo(Key.HOSTNAME);
        assertThat(Mechanism.parse("SCRAM_SHA512")).isEqualTo(Mechanism.SCRAM_SHA512);
        assertThat(Mechanism.parse("scram-sha-256")).isEqualTo(Mechanism.SCRAM_SHA256);
        assertThatThrownBy(() -> Compression.parse("brotli")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unsupported kafka compression 'brotli' (one of NONE, GZIP, SNAPPY, LZ4, ZSTD)");
        assertThatThrownBy(() -> Acks.parse("two")).hasMessageStartingWith("unsupported kafka requiredacks 'two'");
    }

    @Test
    void securityProtocolFollowsTlsAndSasl() {
        Sasl plain = new Sasl(Mechanism.PLAIN, "u", "p");
        assertThat(KafkaSettings.of("k", "t", o -> o.sasl = plain).securityProtocol())
                .isEqualTo("SASL_PLAINTEXT");
        assertThat(KafkaSettings.of("k", "t", o -> {
            o.sasl = plain;
            o.tls = Tls.SYSTEM_TRUST;
        }).securityProtocol()).isEqualTo("SASL_SSL");
        assertThat(KafkaSettings.of("k", "t", o -> o.tls = Tls.SYSTEM_TRUST).securityProtocol())
                .isEqualTo("SSL");
        assertThat(new Sasl(Mechanism.PLAIN, "u", "secret").toString()).doesNotContain("secret");
    }

    @Test
    void emptyTopicIsRefused() {
        assertThatThrownBy(() -> KafkaSettings.of("localhost:9092", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kafka topic must not be empty");
        assertThatThrownBy(() -> KafkaSettings.of("localhost:9092", "a topic"))
                .hasMessageStartingWith("kafka topic 'a topic' is not a valid topic name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:", "localhost:abc", ":9092", "local host:9092", "PLAINTEXT://kafka:9092",
            "kafka:9092:1", "[::1:9092", ""})
    void malformedAddressesAreRefused(String address) {
        assertThatThrownBy(() -> KafkaSettings.of("kafka:9092," + address, "falco"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kafka hostport '" + address + "' is not host or host:port");
    }

    @Test
    void portsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> KafkaSettings.of("kafka:70000", "falco"))
                .hasMessage("kafka hostport 'kafka:70000' has port 70000, not 1..65535");
        assertThatThrownBy(() -> KafkaSettings.of("kafka:0", "falco")).hasMessageContaining("has port 0");
        assertThatThrownBy(() -> new KafkaSettings(List.of(), "falco", "", null, null, null, null, null, null))
                .hasMessage("kafka hostport must name at least one broker");
    }

    @Test
    void otherShapeErrors() {
        assertThatThrownBy(() -> KafkaSettings.of("kafka", "falco", o -> o.deliveryTimeout = Duration.ofMillis(10)))
                .hasMessage("kafka delivery timeout must be between 100 ms and 2147483647 ms, was 10 ms");
        assertThatThrownBy(() -> new Sasl(Mechanism.SCRAM_SHA512, "", "p"))
                .hasMessage("kafka sasl SCRAM_SHA512 needs a username");
        assertThatThrownBy(() -> Tls.SYSTEM_TRUST.withClientCertificate("client.crt", ""))
                .hasMessage("kafka mutual TLS needs both a client certificate and a client key");
        assertThatThrownBy(() -> new Tls(false, "ca.pem", "", "", false))
                .hasMessage("kafka TLS options are set but tls is off");
    }

    @Test
    void unreadableCertificateFilesFailTheChannel() throws Exception {
        Path missing = dir.resolve("missing-ca.pem");
        assertThatThrownBy(() -> new KafkaChannel(KafkaSettings.of("kafka", "falco",
                o -> o.tls = Tls.trusting(missing.toString()))))
                .isInstanceOf(OutputException.class)
                .hasMessage("cannot read kafka ca_cert " + missing + ": no such file or directory");

        Path notPem = Files.writeString(dir.resolve("ca.pem"), "hello\n");
        assertThatThrownBy(() -> new KafkaChannel(KafkaSettings.of("kafka", "falco",
                o -> o.tls = Tls.trusting(notPem.toString()))))
                .hasMessage("no PEM certificate in kafka ca_cert " + notPem);

        Path badKey = Files.writeString(dir.resolve("client.key"),
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        Path cert = TestCerts.CLIENT_CERT_PEM;
        assertThatThrownBy(() -> new KafkaChannel(KafkaSettings.of("kafka", "falco",
                o -> o.tls = Tls.SYSTEM_TRUST.withClientCertificate(cert.toString(), badKey.toString()))))
                .hasMessage("bad private key in kafka client_key " + badKey + ": not a key this JDK can read");
    }

    @Test
    void producerConfigIsBoundedAndOrdered() {
        Consumer<KafkaSettings.Options> acksOne = o -> {
            o.acks = Acks.ONE;
            o.deliveryTimeout = Duration.ofSeconds(1);
        };
        Map<String, Object> c = ProducerConfigs.of(KafkaSettings.of("kafka", "falco", acksOne), null);

        assertThat(c).containsEntry("acks", "1").containsEntry("enable.idempotence", false)
                .containsEntry("max.in.flight.requests.per.connection", 1)
                .containsEntry("delivery.timeout.ms", 1000).containsEntry("request.timeout.ms", 995)
                .containsEntry("max.block.ms", 1000L).containsEntry("client.id", "peregrine");
        assertThat(ProducerConfigs.of(KafkaSettings.of("kafka", "falco"), null))
                .containsEntry("acks", "all").containsEntry("enable.idempotence", true)
                .containsEntry("max.block.ms", 2000L);
        Sasl scram = new Sasl(Mechanism.SCRAM_SHA256, "u\"1", "p\\2");
        assertThat(ProducerConfigs.of(KafkaSettings.of("kafka", "falco", acksOne.andThen(o -> o.sasl = scram)), null))
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule "
                        + "required username=\"u\\\"1\" password=\"p\\\\2\";");
    }
}
