package dev.peregrine.grpc;

import com.google.protobuf.TextFormat;
import dev.peregrine.grpc.proto.OutputsProto.request;
import dev.peregrine.grpc.proto.OutputsProto.response;
import dev.peregrine.grpc.proto.serviceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;

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
        ManagedChannel channel = builder.build();
        try {
            List<response> responses = new ArrayList<>();
            serviceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
                    .get(request.getDefaultInstance())
                    .forEachRemaining(responses::add);
            return responses;
        } finally {
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

    private static io.grpc.netty.shaded.io.netty.handler.ssl.SslContext mutualTls(Path key, Path cert, Path roots) {
        try {
            return GrpcSslContexts.forClient()
                    .keyManager(PemFiles.privateKey("client key", key), PemFiles.certificates("client cert", cert))
                    .trustManager(PemFiles.certificates("root certs", roots))
                    .build();
        } catch (PemFiles.BadPemFile e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
