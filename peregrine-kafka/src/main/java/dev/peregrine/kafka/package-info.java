/**
 * The Kafka alert channel: {@link dev.peregrine.kafka.KafkaChannel} sends each alert's line to a topic, with the
 * rule, priority, source, hostname and tags as record headers, configured by {@link dev.peregrine.kafka.KafkaSettings}
 * (named after falcosidekick's kafka output, which is how Falco users reach Kafka). kafka-clients logs through
 * SLF4J; this module adds no SLF4J binding, so unless the application brings one the producer stays silent and its
 * failures reach the user only through the dispatcher's error reports.
 */
package dev.peregrine.kafka;
