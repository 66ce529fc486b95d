package dev.peregrine.grpc;

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
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.StreamObserver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Real gRPC clients for the tests, built on the generated stubs. */
final class TestClients implements AutoCloseable {

    private final ManagedChannel channel;
    private final EventLoopGroup group;

    private TestClients(ManagedChannel channel, EventLoopGroup group) {
        this.channel = channel;
        this.group = group;
    }

    static TestClients unixSocket(Path socket) {
        EventLoopGroup group = UnixSockets.newEventLoopGroup(1, "test-client");
        ManagedChannel channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollDomainSocketChannel.class)
                .eventLoopGroup(group)
                .withOption(ChannelOption.SO_KEEPALIVE, null) // TCP only: netty would warn on a unix socket
                .overrideAuthority("localhost")
                .usePlaintext()
                .build();
        return new TestClients(channel, group);
    }

    /** TLS to 127.0.0.1:port trusting {@code caCert}; presents {@code key}/{@code cert} unless they are null. */
    static TestClients tls(int port, Path caCert, Path key, Path cert) throws Exception {
        SslContextBuilder ssl = GrpcSslContexts.forClient().trustManager(caCert.toFile());
        if (key != null) {
            ssl.keyManager(cert.toFile(), key.toFile());
        }
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).sslContext(ssl.build()).build();
        return new TestClients(channel, null);
    }

    List<response> get() {
        List<response> out = new ArrayList<>();
        serviceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .get(request.getDefaultInstance()).forEachRemaining(out::add);
        return out;
    }

    Subscription sub() {
        Subscription subscription = new Subscription();
        subscription.requests = serviceGrpc.newStub(channel).sub(subscription);
        return subscription;
    }

    /** A {@code sub} call: what the server sent, and how the call ended. */
    static final class Subscription implements StreamObserver<response> {
        final LinkedBlockingQueue<response> received = new LinkedBlockingQueue<>();
        final CountDownLatch ended = new CountDownLatch(1);
        volatile Throwable error;
        StreamObserver<request> requests;

        void request() {
            requests.onNext(request.getDefaultInstance());
        }

        response next() throws InterruptedException {
            return received.poll(10, TimeUnit.SECONDS);
        }

        @Override
        public void onNext(response value) {
            received.add(value);
        }

        @Override
        public void onError(Throwable t) {
            error = t;
            ended.countDown();
        }

        @Override
        public void onCompleted() {
            ended.countDown();
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
