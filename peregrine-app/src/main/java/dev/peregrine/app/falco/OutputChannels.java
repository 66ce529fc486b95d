package dev.peregrine.app.falco;

import dev.peregrine.app.FalcoLog;
import dev.peregrine.config.FalcoConfig;
import dev.peregrine.config.HttpOutput;
import dev.peregrine.config.KafkaOutput;
import dev.peregrine.grpc.GrpcOutputServer;
import dev.peregrine.kafka.KafkaChannel;
import dev.peregrine.kafka.KafkaSettings;
import dev.peregrine.outputs.AlertChannel;
import dev.peregrine.outputs.FileChannel;
import dev.peregrine.outputs.HttpChannel;
import dev.peregrine.outputs.HttpSettings;
import dev.peregrine.outputs.OutputException;
import dev.peregrine.outputs.Outputs;
import dev.peregrine.outputs.ProgramChannel;
import dev.peregrine.outputs.StdoutChannel;
import dev.peregrine.outputs.SyslogChannel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The alert channels falco.yaml enables, behind one queue ({@link Outputs}). */
final class OutputChannels {
    private OutputChannels() {
    }

    /**
     * @param unbuffered -U: every alert is flushed as it is written
     * @param grpc       the gRPC server whose subscribers get alerts, or null
     */
    static Outputs open(FalcoConfig c, boolean unbuffered, PrintStream out, GrpcOutputServer grpc, FalcoLog log)
            throws Fatal {
        List<AlertChannel> channels = new ArrayList<>();
        boolean buffered = c.bufferedOutputs() && !unbuffered;
        try {
            if (c.stdoutOutput()) {
                channels.add(new StdoutChannel(out, buffered));
            }
            if (c.fileOutput().enabled()) {
                channels.add(new FileChannel(Path.of(c.fileOutput().filename()), c.fileOutput().keepAlive(), buffered));
            }
            if (c.programOutput().enabled()) {
                channels.add(new ProgramChannel(c.programOutput().program(), c.programOutput().keepAlive()));
            }
            if (c.syslogOutput()) {
                channels.add(new SyslogChannel());
            }
            if (grpc != null) {
                channels.add(grpc.channel());
            }
            if (c.kafkaOutput().enabled()) {
                try {
                    channels.add(new KafkaChannel(kafka(c.kafkaOutput())));
                } catch (IllegalArgumentException e) {
                    closeQuietly(channels);
                    throw new Fatal("kafka_output: " + e.getMessage());
                }
            }
            if (c.httpOutput().enabled()) {
                channels.add(new HttpChannel(http(c.httpOutput())));
            }
        } catch (OutputException e) {
            closeQuietly(channels);
            throw new Fatal(e.getMessage());
        }
        // outputs_queue.capacity: Falco's 0 (unbounded) keeps Outputs' own hard bound
        long capacity = c.outputsQueueCapacity();
        return new Outputs(channels, capacity >= Integer.MAX_VALUE ? 0 : (int) capacity,
                msg -> log.log(FalcoLog.Level.ERROR, msg));
    }

    /** The channels opened before one failed: the run ends with that failure, not with theirs. */
    private static void closeQuietly(List<AlertChannel> channels) {
        for (AlertChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException | RuntimeException e) {
                // reported through the first failure
            }
        }
    }

    /** @throws IllegalArgumentException for a value only the Kafka channel can check, with a one-line message */
    static KafkaSettings kafka(KafkaOutput k) {
        return KafkaSettings.of(k.hostport(), k.topic(), o -> {
            o.clientId = k.clientId();
            o.acks = KafkaSettings.Acks.parse(k.requiredAcks());
            o.compression = KafkaSettings.Compression.parse(k.compression());
            o.key = KafkaSettings.Key.parse(k.key());
            o.deliveryTimeout = Duration.ofMillis(k.deliveryTimeoutMs());
            if (k.tls().enabled()) {
                KafkaOutput.Tls t = k.tls();
                KafkaSettings.Tls tls = t.caCert().isEmpty() ? KafkaSettings.Tls.SYSTEM_TRUST
                        : KafkaSettings.Tls.trusting(t.caCert());
                if (!t.clientCert().isEmpty()) {
                    tls = tls.withClientCertificate(t.clientCert(), t.clientKey());
                }
                o.tls = tls.withInsecure(t.insecure());
            }
            if (!k.sasl().mechanism().isEmpty()) {
                o.sasl = new KafkaSettings.Sasl(KafkaSettings.Mechanism.parse(k.sasl().mechanism()),
                        k.sasl().username(), k.sasl().password());
            }
        });
    }

    static HttpSettings http(HttpOutput h) {
        // falco.yaml's http_output options are the settings', in the same order; the timeout is not in falco.yaml
        return new HttpSettings(h.url(), h.userAgent(), h.headers(), h.insecure(), h.echo(), h.caCert(), h.caBundle(),
                h.caPath(), h.mtls(), h.clientCert(), h.clientKey(), h.compressUploads(), h.keepAlive(),
                h.maxConsecutiveTimeouts(), HttpSettings.DEFAULT_TIMEOUT);
    }
}
