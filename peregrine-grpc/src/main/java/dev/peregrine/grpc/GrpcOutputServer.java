package dev.peregrine.grpc;

import dev.peregrine.outputs.Pem;
import dev.peregrine.outputs.PemException;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Falco's gRPC server for outputs ({@code falco.outputs.service}): on a unix socket without TLS, or on TCP with
 * mutual TLS (clients must present a certificate signed by {@code rootCerts}). Alerts reach it through
 * {@link #channel()}, which the outputs dispatcher writes to; they wait in a bounded {@link ResponseQueue} until
 * a {@code get} or {@code sub} call takes them.
 */
public final class GrpcOutputServer implements AutoCloseable {

    /** Alerts kept for clients before the oldest are dropped. */
    public static final int DEFAULT_QUEUE_CAPACITY = 100_000;

    private static final long SHUTDOWN_GRACE_MS = 2_000;

    private final ResponseQueue queue;
    private String bindAddress;
    private Server server;
    private OutputsService service;
    private ExecutorService executor;
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Path socketFile;

    public GrpcOutputServer() {
        this(DEFAULT_QUEUE_CAPACITY);
    }

    public GrpcOutputServer(int queueCapacity) {
        this.queue = new ResponseQueue(queueCapacity);
    }

    /** The queue the gRPC calls read; {@link GrpcChannel} writes to it. */
    public ResponseQueue queue() {
        return queue;
    }

    /** A channel feeding this server, for the outputs dispatcher. */
    public GrpcChannel channel() {
        return new GrpcChannel(queue);
    }

    /**
     * Binds and starts serving. Starts at most once.
     *
     * @throws GrpcServerException when the settings are unusable or binding fails (one-line message)
     */
    public synchronized GrpcOutputServer start(GrpcSettings settings) {
        if (server != null) {
            throw new IllegalStateException("the gRPC server is already started at " + bindAddress);
        }
        bindAddress = settings.bindAddress();
        BindAddress address;
        try {
            address = BindAddress.parse(bindAddress);
        } catch (IllegalArgumentException e) {
            throw new GrpcServerException(bindAddress, e.getMessage());
        }
        int threads = settings.effectiveThreadiness();
        NettyServerBuilder builder = switch (address) {
            case BindAddress.UnixSocket unix -> unixSocketServer(unix.path(), threads);
            case BindAddress.Tcp tcp -> mutualTlsServer(tcp, settings);
        };
        executor = Executors.newFixedThreadPool(threads, daemonThreads("peregrine-grpc-"));
        service = new OutputsService(queue, executor);
        try {
            server = builder.executor(executor).addService(service).build().start();
        } catch (IOException | RuntimeException e) {
            server = null;
            releaseResources();
            throw new GrpcServerException(bindAddress, describe(e), e);
        }
        return this;
    }

    /** The TCP port bound (useful after binding port 0), or -1 on a unix socket or before start. */
    public synchronized int port() {
        if (server == null || socketFile != null) {
            return -1;
        }
        return ((InetSocketAddress) server.getListenSockets().getFirst()).getPort();
    }

    /** Completes the calls in progress with OK, stops the server and removes its socket file. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        service.stop();
        server.shutdown();
        try {
            if (!server.awaitTermination(SHUTDOWN_GRACE_MS, TimeUnit.MILLISECONDS)) {
                server.shutdownNow();
                server.awaitTermination(SHUTDOWN_GRACE_MS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        server = null;
        releaseResources();
    }

    private NettyServerBuilder unixSocketServer(Path socket, int threads) {
        String unavailable = UnixSockets.unavailableReason();
        if (unavailable != null) {
            throw new GrpcServerException(bindAddress, unavailable);
        }
        prepareSocketPath(socket);
        socketFile = socket;
        bossGroup = UnixSockets.newEventLoopGroup(1, "peregrine-grpc-accept");
        workerGroup = UnixSockets.newEventLoopGroup(threads, "peregrine-grpc-io");
        return NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                .channelType(EpollServerDomainSocketChannel.class)
                .bossEventLoopGroup(bossGroup)
                .workerEventLoopGroup(workerGroup)
                // gRPC asks every connection for TCP keepalive, which a unix socket lacks: netty warns each time
                .withChildOption(ChannelOption.SO_KEEPALIVE, null);
    }

    // Creates the parent directory and removes a socket left by a process that died, as gRPC's C core does;
    // anything else at that path is refused rather than deleted.
    private void prepareSocketPath(Path socket) {
        Path parent = socket.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new GrpcServerException(bindAddress, "cannot create directory " + parent + " (" + e + ")");
        }
        try {
            if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
                var attributes = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!attributes.isOther()) {
                    throw new GrpcServerException(bindAddress, socket + " exists and is not a socket");
                }
                Files.delete(socket);
            }
        } catch (IOException e) {
            throw new GrpcServerException(bindAddress, "cannot remove the stale socket " + socket + " (" + e + ")");
        }
    }

    private NettyServerBuilder mutualTlsServer(BindAddress.Tcp tcp, GrpcSettings settings) {
        InetSocketAddress socketAddress = new InetSocketAddress(tcp.host(), tcp.port());
        if (socketAddress.isUnresolved()) {
            throw new GrpcServerException(bindAddress, "cannot resolve host '" + tcp.host() + "'");
        }
        return NettyServerBuilder.forAddress(socketAddress).sslContext(mutualTlsContext(settings));
    }

    private SslContext mutualTlsContext(GrpcSettings settings) {
        Path key = required("grpc.private_key", settings.privateKey());
        Path chain = required("grpc.cert_chain", settings.certChain());
        Path rootCerts = required("grpc.root_certs", settings.rootCerts());
        Pem.Identity identity;
        List<X509Certificate> roots;
        try {
            identity = Pem.identity(chain, "grpc.cert_chain", key, "grpc.private_key");
            roots = Pem.certificates(rootCerts, "grpc.root_certs");
        } catch (PemException e) {
            throw new GrpcServerException(bindAddress, tlsFileProblem(e));
        }
        try {
            return GrpcSslContexts.configure(SslContextBuilder.forServer(identity.key(), identity.chain()))
                    .trustManager(roots)
                    .clientAuth(ClientAuth.REQUIRE)
                    .build();
        } catch (IOException | RuntimeException e) {
            throw new GrpcServerException(bindAddress, "the TLS key and certificates are unusable (" + e + ")");
        }
    }

    private Path required(String setting, Path file) {
        if (file == null) {
            throw new GrpcServerException(bindAddress, setting + " is not set (a TCP address needs mutual TLS)");
        }
        return file;
    }

    /** A bad TLS file in the words the gRPC settings have always used: "grpc.private_key FILE does not exist". */
    private static String tlsFileProblem(PemException e) {
        String where = e.where();
        return switch (e.problem()) {
            case MISSING -> where + " does not exist";
            case NOT_A_FILE -> where + " is not a file";
            case NO_KEY -> where + " holds no PEM private key";
            case NO_CERTIFICATE -> where + " holds no certificate";
            default -> where + ": " + e.reason();
        };
    }

    private void releaseResources() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
        for (EventLoopGroup group : new EventLoopGroup[] {bossGroup, workerGroup}) {
            if (group != null) {
                group.shutdownGracefully(0, SHUTDOWN_GRACE_MS, TimeUnit.MILLISECONDS).awaitUninterruptibly();
            }
        }
        bossGroup = null;
        workerGroup = null;
        if (socketFile != null) {
            try {
                Files.deleteIfExists(socketFile);
            } catch (IOException e) {
                // nothing to do: a stale socket is removed at the next start
            }
            socketFile = null;
        }
    }

    /** The exception's message and, when different, its root cause's: "Failed to bind ...: Address in use". */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
            message += " (" + root.getMessage() + ")";
        }
        return message;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
