package dev.peregrine.container;

import dev.peregrine.container.cri.Container;
import dev.peregrine.container.cri.ContainerStatusRequest;
import dev.peregrine.container.cri.ContainerStatusResponse;
import dev.peregrine.container.cri.ListContainersRequest;
import dev.peregrine.container.cri.ListContainersResponse;
import dev.peregrine.container.cri.PodSandboxStatusRequest;
import dev.peregrine.container.cri.PodSandboxStatusResponse;
import dev.peregrine.container.cri.RuntimeServiceGrpc;
import dev.peregrine.container.cri.VersionRequest;
import dev.peregrine.container.cri.VersionResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A CRI runtime for tests: the RuntimeService's Version, ListContainers, ContainerStatus and PodSandboxStatus on
 * a unix socket, answering from what the test registered, NOT_FOUND otherwise (as containerd does).
 */
final class CriServer implements AutoCloseable {
    private final Path socket;
    private final Server server;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Map<String, Container> containers = new ConcurrentHashMap<>();
    private final Map<String, ContainerStatusResponse> statuses = new ConcurrentHashMap<>();
    private final Map<String, PodSandboxStatusResponse> pods = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();

    CriServer(Path socket, String runtimeName) throws IOException {
        this.socket = socket;
        Files.deleteIfExists(socket);
        boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("cri-test-accept", true),
                EpollIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("cri-test-io", true),
                EpollIoHandler.newFactory());
        server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                .withChildOption(ChannelOption.SO_KEEPALIVE, null)
                .addService(new Runtime(runtimeName))
                .build()
                .start();
    }

    Path socket() {
        return socket;
    }

    /** A container ListContainers and ContainerStatus know, and its pod's status (or null). */
    CriServer add(Container listed, ContainerStatusResponse status, PodSandboxStatusResponse pod) {
        containers.put(listed.getId(), listed);
        statuses.put(listed.getId(), status);
        if (pod != null) {
            pods.put(listed.getPodSandboxId(), pod);
        }
        return this;
    }

    /** The calls received, as "Method id". */
    List<String> calls() {
        return List.copyOf(calls);
    }

    private final class Runtime extends RuntimeServiceGrpc.RuntimeServiceImplBase {
        private final String runtimeName;

        Runtime(String runtimeName) {
            this.runtimeName = runtimeName;
        }

        @Override
        public void version(VersionRequest request, StreamObserver<VersionResponse> out) {
            calls.add("Version");
            out.onNext(VersionResponse.newBuilder().setVersion("0.1.0").setRuntimeName(runtimeName)
                    .setRuntimeVersion("1.7.0").setRuntimeApiVersion("v1").build());
            out.onCompleted();
        }

        @Override
        public void listContainers(ListContainersRequest request, StreamObserver<ListContainersResponse> out) {
            String prefix = request.getFilter().getId();
            calls.add("ListContainers " + prefix);
            ListContainersResponse.Builder b = ListContainersResponse.newBuilder();
            containers.forEach((id, c) -> {
                if (id.startsWith(prefix)) {
                    b.addContainers(c);
                }
            });
            out.onNext(b.build());
            out.onCompleted();
        }

        @Override
        public void containerStatus(ContainerStatusRequest request, StreamObserver<ContainerStatusResponse> out) {
            calls.add("ContainerStatus " + request.getContainerId() + (request.getVerbose() ? " verbose" : ""));
            ContainerStatusResponse r = statuses.get(request.getContainerId());
            if (r == null) {
                out.onError(Status.NOT_FOUND.withDescription("an error occurred when try to find container "
                        + request.getContainerId()).asRuntimeException());
                return;
            }
            out.onNext(r);
            out.onCompleted();
        }

        @Override
        public void podSandboxStatus(PodSandboxStatusRequest request, StreamObserver<PodSandboxStatusResponse> out) {
            calls.add("PodSandboxStatus " + request.getPodSandboxId());
            PodSandboxStatusResponse r = pods.get(request.getPodSandboxId());
            if (r == null) {
                out.onError(Status.NOT_FOUND.asRuntimeException());
                return;
            }
            out.onNext(r);
            out.onCompleted();
        }
    }

    @Override
    public void close() throws Exception {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        Files.deleteIfExists(socket);
    }
}
