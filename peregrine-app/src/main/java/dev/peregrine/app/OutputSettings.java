package dev.peregrine.app;

import dev.peregrine.config.ConfigNode;
import dev.peregrine.config.FalcoConfig;
import dev.peregrine.config.HttpOutput;
import dev.peregrine.outputs.HttpSettings;

import java.util.LinkedHashMap;
import java.util.Map;

/** The channels' settings, from falco.yaml's output sections. */
// kafka_output is Peregrine's own section (Falco reaches Kafka through falcosidekick, whose key names it uses)
final class OutputSettings {
    private OutputSettings() {
    }

    /**
     * kafka_output: enabled, hostport, topic, clientid, requiredacks, compression, key (none, rule, hostname),
     * deliverytimeout (ms), tls (enabled, cacert, clientcert, clientkey, insecure), sasl (mechanism, username,
     * password).
     *
     * @throws IllegalArgumentException for a bad value, with a one-line message
     */
    static dev.peregrine.kafka.KafkaSettings kafka(FalcoConfig c) {
        var t = c.tree();
        var k = dev.peregrine.kafka.KafkaSettings.of(t.string("kafka_output.hostport", ""),
                        t.string("kafka_output.topic", ""))
                .withClientId(t.string("kafka_output.clientid", dev.peregrine.kafka.KafkaSettings.DEFAULT_CLIENT_ID))
                .withAcks(dev.peregrine.kafka.KafkaSettings.Acks.parse(t.string("kafka_output.requiredacks", "")))
                .withCompression(dev.peregrine.kafka.KafkaSettings.Compression.parse(
                        t.string("kafka_output.compression", "")))
                .withKey(dev.peregrine.kafka.KafkaSettings.Key.parse(t.string("kafka_output.key", "")))
                .withDeliveryTimeout(java.time.Duration.ofMillis(t.longValue("kafka_output.deliverytimeout",
                        dev.peregrine.kafka.KafkaSettings.DEFAULT_DELIVERY_TIMEOUT.toMillis())));
        if (t.bool("kafka_output.tls.enabled", false)) {
            String ca = t.string("kafka_output.tls.cacert", "");
            var tls = ca.isEmpty() ? dev.peregrine.kafka.KafkaSettings.Tls.SYSTEM_TRUST
                    : dev.peregrine.kafka.KafkaSettings.Tls.trusting(ca);
            String cert = t.string("kafka_output.tls.clientcert", "");
            if (!cert.isEmpty()) {
                tls = tls.withClientCertificate(cert, t.string("kafka_output.tls.clientkey", ""));
            }
            k = k.withTls(tls.withInsecure(t.bool("kafka_output.tls.insecure", false)));
        }
        String mechanism = t.string("kafka_output.sasl.mechanism", "");
        if (!mechanism.isEmpty()) {
            k = k.withSasl(new dev.peregrine.kafka.KafkaSettings.Sasl(
                    dev.peregrine.kafka.KafkaSettings.Mechanism.parse(mechanism),
                    t.string("kafka_output.sasl.username", ""), t.string("kafka_output.sasl.password", "")));
        }
        return k;
    }

    /** http_output, plus a `headers` map of extra request headers (a Peregrine addition). */
    static HttpSettings http(FalcoConfig c) {
        HttpOutput h = c.httpOutput();
        Map<String, String> headers = new LinkedHashMap<>();
        c.tree().node("http_output.headers").ifPresent(n -> {
            if (n instanceof ConfigNode.Mapping m) {
                m.entries().forEach((k, v) -> headers.put(k, v.toString()));
            }
        });
        return new HttpSettings(h.url(), h.userAgent(), headers, h.insecure(), h.echo(), h.caCert(), h.caBundle(),
                h.caPath(), h.mtls(), h.clientCert(), h.clientKey(), h.compressUploads(), h.keepAlive(),
                h.maxConsecutiveTimeouts(), HttpSettings.DEFAULT_TIMEOUT);
    }
}
