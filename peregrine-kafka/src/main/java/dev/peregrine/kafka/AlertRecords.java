package dev.peregrine.kafka;

import dev.peregrine.outputs.Alert;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * One alert as a Kafka record: the line (text or JSON, as formatted upstream) as the UTF-8 value, the key the
 * settings choose, and headers that let consumers route without parsing the value. No timestamp is set, so the
 * producer stamps the send time: an event time from a replayed capture could be far in the past and would make
 * the broker's time-based retention delete the alert at once.
 */
final class AlertRecords {

    static final String RULE = "rule";
    static final String PRIORITY = "priority";
    static final String SOURCE = "source";
    static final String HOSTNAME = "hostname";
    static final String TAGS = "tags";

    private AlertRecords() {
    }

    static ProducerRecord<byte[], byte[]> of(String topic, KafkaSettings.Key key, Alert alert) {
        List<Header> headers = List.of(
                header(RULE, alert.rule()),
                header(PRIORITY, alert.priority()),
                header(SOURCE, alert.source()),
                header(HOSTNAME, alert.hostname()),
                header(TAGS, String.join(",", alert.tags())));
        return new ProducerRecord<>(topic, null, null, key(key, alert), utf8(alert.line()), headers);
    }

    private static byte[] key(KafkaSettings.Key key, Alert alert) {
        return switch (key) {
            case NONE -> null;
            case RULE -> utf8(alert.rule());
            case HOSTNAME -> utf8(alert.hostname());
        };
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, utf8(value));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
