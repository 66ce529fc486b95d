package dev.peregrine.config;

/**
 * kafka_output: Peregrine's own section (Falco users reach Kafka through falcosidekick, whose key names it uses).
 * Values are as written; the Kafka channel checks what only it knows (broker addresses, acks, compression and key
 * names) and reports a bad one with the section's name.
 *
 * @param deliveryTimeoutMs how long a send may take before it counts as failed
 */
public record KafkaOutput(boolean enabled, String hostport, String topic, String clientId, String requiredAcks,
                          String compression, String key, long deliveryTimeoutMs, Tls tls, Sasl sasl) {

    /** deliverytimeout without the key: long enough for a broker's leader election, short enough to notice. */
    public static final long DEFAULT_DELIVERY_TIMEOUT_MS = 10_000;
    /** clientid without the key. */
    public static final String DEFAULT_CLIENT_ID = "peregrine";

    /** kafka_output.tls: cacert empty means the system's trust store; clientcert and clientkey go together. */
    public record Tls(boolean enabled, String caCert, String clientCert, String clientKey, boolean insecure) {
    }

    /** kafka_output.sasl: no mechanism means no SASL. */
    public record Sasl(String mechanism, String username, String password) {
    }

    static KafkaOutput from(ConfigTree tree) {
        return new KafkaOutput(tree.bool("kafka_output.enabled", false),
                tree.string("kafka_output.hostport", ""),
                tree.string("kafka_output.topic", ""),
                tree.string("kafka_output.clientid", DEFAULT_CLIENT_ID),
                tree.string("kafka_output.requiredacks", ""),
                tree.string("kafka_output.compression", ""),
                tree.string("kafka_output.key", ""),
                tree.longValue("kafka_output.deliverytimeout", DEFAULT_DELIVERY_TIMEOUT_MS),
                new Tls(tree.bool("kafka_output.tls.enabled", false),
                        tree.string("kafka_output.tls.cacert", ""),
                        tree.string("kafka_output.tls.clientcert", ""),
                        tree.string("kafka_output.tls.clientkey", ""),
                        tree.bool("kafka_output.tls.insecure", false)),
                new Sasl(tree.string("kafka_output.sasl.mechanism", ""),
                        tree.string("kafka_output.sasl.username", ""),
                        tree.string("kafka_output.sasl.password", "")));
    }
}
