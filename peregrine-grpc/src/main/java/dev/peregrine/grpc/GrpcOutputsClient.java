package dev.peregrine.grpc;

import com.google.protobuf.TextFormat;
import dev.peregrine.grpc.proto.OutputsProto.request;
import dev.peregrine.grpc.proto.OutputsProto.response;
import dev.peregrine.grpc.proto.serviceGrpc;
import dev.peregrine.outputs.Pem;
import dev.peregrine.outputs.PemException;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small client of falco.outputs.service for tests and checks: calls {@code get} and returns each alert as
 * protobuf's single-line text format, e.g. {@code time { seconds: 1470327477 nanos: 881781397 } priority: WARNING
 * ... rule: "open_from_cat" ...}.
 */
public final class GrpcOutputsClient {

    private static final TextFormat.Printer ONE_LINE = TextFormat.printer().emittingSingleLine(true);

    private GrpcOutputsClient() {
    }

    /** {@code get} over a unix socket ({@code unix:///path}) or plaintext TCP ({@code host:port}). */
    public static List<String> get(String bindAddress, Duration timeout) {
        return get(bindAddress, null, null, null, timeout);
    }

    /**
     * {@code get} over TCP with mutual TLS (the client's key and certificate, and the CAs to trust for the server),
     * or, when the three paths are null, as {@link #get(String, Duration)}.
     */
    public static List<String> get(String bindAddress, Path clientKey, Path clientCert, Path rootCerts,
                                   Duration timeout) {
        List<String> alerts = new ArrayList<>();
        for (response r : getResponses(bindAddress, clientKey, clientCert, rootCerts, timeout)) {
            alerts.add(ONE_LINE.printToString(r));
        }
        return alerts;
    }

    /** The responses themselves, for callers that want to look at fields. */
    public static List<response> getResponses(String bindAddress, Path clientKey, Path clientCert, Path rootCerts,
                                              Duration timeout) {
        try (Connection c = connect(bindAddress, clientKey, clientCert, rootCerts)) {
            List<response> responses = new ArrayList<>();
            serviceGrpc.newBlockingStub(c.channel)
                    .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
                    .get(request.getDefaultInstance())
                    .forEachRemaining(responses::add);
            return responses;
        }
    }

    /**
     * {@code sub} over a unix socket or plaintext TCP, as Falco's clients use it: sends a request and collects the
     * alerts streamed back until {@code count} have come or {@code timeout} has passed, then cancels the call.
     * {@code onSubscribed} runs once the request is sent (start the producer of alerts there).
     */
    public static List<String> subscribe(String bindAddress, int count, Duration timeout, Runnable onSubscribed)
            throws InterruptedException {
        try (Connection c = connect(bindAddress, null, null, null)) {
            java.util.concurrent.LinkedBlockingQueue<response> got = new java.util.concurrent.LinkedBlockingQueue<>();
            io.grpc.stub.StreamObserver<request> requests = serviceGrpc.newStub(c.channel)
                    .sub(new io.grpc.stub.StreamObserver<>() {
                        @Override
                        public void onNext(response r) {
                            got.add(r);
                        }

                        @Override
                        public void onError(Throwable t) {
                        }

                        @Override
                        public void onCompleted() {
                        }
                    });
            requests.onNext(request.getDefaultInstance());
            onSubscribed.run();
            List<String> alerts = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (alerts.size() < count) {
                long left = deadline - System.nanoTime();
                response r = left > 0 ? got.poll(left, TimeUnit.NANOSECONDS) : null;
                if (r == null) {
                    break;
                }
                alerts.add(ONE_LINE.printToString(r));
            }
            requests.onError(io.grpc.Status.CANCELLED.asRuntimeException());
            return alerts;
        }
    }

    /** A channel to the service and what to release with it. */
    private record Connection(ManagedChannel channel, EventLoopGroup group) implements AutoCloseable {
        @Override
        public void close() {
            channel.shutdownNow();
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (group != null) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
        }
    }

    private static Connection connect(String bindAddress, Path clientKey, Path clientCert, Path rootCerts) {
        EventLoopGroup group = null;
        NettyChannelBuilder builder;
        BindAddress address = BindAddress.parse(bindAddress);
        switch (address) {
            case BindAddress.UnixSocket unix -> {
                String unavailable = UnixSockets.unavailableReason();
                if (unavailable != null) {
                    throw new IllegalStateException(unavailable);
                }
                group = UnixSockets.newEventLoopGroup(1, "peregrine-grpc-client");
                builder = NettyChannelBuilder.forAddress(new DomainSocketAddress(unix.path().toString()))
                        .channelType(EpollDomainSocketChannel.class)
                        .eventLoopGroup(group)
                        .withOption(ChannelOption.SO_KEEPALIVE, null) // TCP only: netty would warn on a unix socket
                        .overrideAuthority("localhost")
                        .usePlaintext();
            }
            case BindAddress.Tcp tcp -> {
                builder = NettyChannelBuilder.forAddress(tcp.host(), tcp.port());
                if (clientKey == null && clientCert == null && rootCerts == null) {
                    builder.usePlaintext();
                } else {
                    builder.sslContext(mutualTls(clientKey, clientCert, rootCerts));
                }
            }
        }
        return new Connection(builder.build(), group);
    }

    private static SslContext mutualTls(Path key, Path cert, Path roots) {
        if (key == null || cert == null || roots == null) {
            throw new IllegalArgumentException("mutual TLS needs all of the client key, client cert and root certs");
        }
        try {
            Pem.Identity identity = Pem.identity(cert, "client cert", key, "client key");
            return GrpcSslContexts.forClient()
                    .keyManager(identity.key(), identity.chain())
                    .trustManager(Pem.certificates(roots, "root certs"))
                    .build();
        } catch (PemException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
