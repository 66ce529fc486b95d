package dev.peregrine.grpc;

import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;

/** Unix domain sockets through grpc-netty-shaded's native epoll transport (Linux, x86_64 and aarch64). */
final class UnixSockets {

    private UnixSockets() {
    }

    /** Null when unix sockets work here, else why not (one line). */
    static String unavailableReason() {
        if (Epoll.isAvailable()) {
            return null;
        }
        Throwable cause = Epoll.unavailabilityCause();
        return "unix sockets need netty's native epoll transport, which is unavailable here"
                + (cause == null ? "" : " (" + cause + ")");
    }

    /** Daemon threads, so a server or client left open never keeps the JVM alive. */
    static EventLoopGroup newEventLoopGroup(int threads, String name) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true),
                EpollIoHandler.newFactory());
    }
}
