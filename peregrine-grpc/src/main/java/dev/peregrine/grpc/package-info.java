/**
 * Falco's gRPC outputs API ({@code falco.outputs.service}, methods {@code get} and {@code sub}), wire-compatible
 * with Falco's clients (falcosecurity/client-go, grpcurl with Falco's .proto files). The outputs dispatcher writes
 * alerts to a {@link dev.peregrine.grpc.GrpcChannel}, which queues them as {@code falco.outputs.response}s in a
 * bounded {@link dev.peregrine.grpc.ResponseQueue}; a {@link dev.peregrine.grpc.GrpcOutputServer} started with
 * {@link dev.peregrine.grpc.GrpcSettings} (falco.yaml's {@code grpc} section) hands them to its calls, on a unix
 * socket without TLS or on TCP with mutual TLS. {@link dev.peregrine.grpc.GrpcOutputsClient} is a small client for
 * tests. The protobuf classes are generated from src/main/proto into {@code dev.peregrine.grpc.proto}.
 */
package dev.peregrine.grpc;
