package dev.peregrine.grpc;

import dev.peregrine.outputs.Alert;
import dev.peregrine.outputs.AlertChannel;

import java.util.Objects;

/**
 * falco.yaml's grpc_output: converts each alert into a {@code falco.outputs.response} and queues it for the gRPC
 * server's {@code get} and {@code sub} calls. Writing never blocks (a full queue drops its oldest alert). The
 * server outlives the channel: {@link #close()} leaves it and the queue alone.
 */
public final class GrpcChannel implements AlertChannel {

    private final ResponseQueue queue;

    public GrpcChannel(ResponseQueue queue) {
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    @Override
    public String name() {
        return "grpc";
    }

    @Override
    public void write(Alert alert) {
        queue.offer(AlertResponses.of(alert));
    }
}
