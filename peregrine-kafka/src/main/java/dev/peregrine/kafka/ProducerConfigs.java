package dev.peregrine.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The producer configuration for {@link KafkaSettings}: bounded blocking, ordered delivery, the chosen security. */
final class ProducerConfigs {

    /** The most one write may wait for metadata or buffer space: the worker feeds every other channel too. */
    static final Duration MAX_BLOCK = Duration.ofSeconds(2);
    /** A short linger batches bursts of alerts without delaying a lone alert noticeably. */
    static final int LINGER_MS = 5;
    /** Kafka's 16 KiB holds ~30 JSON alerts; 64 KiB batches tripled throughput in KafkaThroughput. */
    static final int BATCH_BYTES = 64 * 1024;
    private static final int DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

    private ProducerConfigs() {
    }

    /** {@code ssl} is the context for TLS settings, null otherwise. */
    static Map<String, Object> of(KafkaSettings s, SSLContext ssl) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", s.bootstrapServers()));
        if (!s.clientId().isEmpty()) {
            c.put(ProducerConfig.CLIENT_ID_CONFIG, s.clientId());
        }
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.ACKS_CONFIG, s.acks().config());
        // idempotence keeps retried batches in order and unduplicated, but needs acks=all; without it one request
        // in flight per broker keeps the order
        boolean idempotent = s.acks() == KafkaSettings.Acks.ALL;
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, idempotent);
        c.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, idempotent ? 5 : 1);
        c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, s.compression().config());
        c.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        c.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
        long delivery = s.deliveryTimeout().toMillis();
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery);
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(DEFAULT_REQUEST_TIMEOUT_MS, delivery - LINGER_MS));
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(delivery, MAX_BLOCK.toMillis()));
        c.put(ProducerConfig.ENABLE_METRICS_PUSH_CONFIG, false); // alerts only: no client telemetry to the broker
        c.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, s.securityProtocol());
        if (ssl != null) {
            c.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, KafkaSslEngineFactory.class);
            c.put(KafkaSslEngineFactory.CONTEXT, ssl);
            c.put(KafkaSslEngineFactory.VERIFY_HOST, !s.tls().insecure());
        }
        if (s.sasl().mechanism() != KafkaSettings.Mechanism.NONE) {
            c.put(SaslConfigs.SASL_MECHANISM, s.sasl().mechanism().config());
            c.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(s.sasl()));
        }
        return c;
    }

    private static String jaas(KafkaSettings.Sasl sasl) {
        String module = sasl.mechanism() == KafkaSettings.Mechanism.PLAIN
                ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        return module + " required username=\"" + quote(sasl.username()) + "\" password=\""
                + quote(sasl.password()) + "\";";
    }

    // JAAS option values are quoted strings in which backslash escapes
    private static String quote(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
