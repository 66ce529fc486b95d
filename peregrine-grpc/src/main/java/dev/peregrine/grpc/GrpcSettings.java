package dev.peregrine.grpc;

import java.nio.file.Path;
import java.util.Objects;

/**
 * falco.yaml's {@code grpc} section. A unix socket serves without TLS; a TCP address requires mutual TLS with
 * {@code privateKey} and {@code certChain} (the server's) and {@code rootCerts} (the CAs that sign client
 * certificates), as Falco did. The paths may be null when the address is a unix socket.
 *
 * @param bindAddress {@code unix:///path/to.sock} or {@code host:port}, e.g. {@code 0.0.0.0:5060}
 * @param threadiness threads serving calls; 0 means one per available processor
 */
public record GrpcSettings(String bindAddress, int threadiness, Path privateKey, Path certChain, Path rootCerts) {

    /** Falco's default {@code grpc.bind_address}. */
    public static final String DEFAULT_BIND_ADDRESS = "unix:///run/falco/falco.sock";

    public GrpcSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (threadiness < 0) {
            throw new IllegalArgumentException("threadiness must be >= 0, was " + threadiness);
        }
    }

    /** A unix socket server at {@code socket}, one thread per processor. */
    public static GrpcSettings unixSocket(Path socket) {
        return new GrpcSettings("unix://" + socket.toAbsolutePath(), 0, null, null, null);
    }

    /** A TCP server at {@code hostPort} with mutual TLS, one thread per processor. */
    public static GrpcSettings mutualTls(String hostPort, Path privateKey, Path certChain, Path rootCerts) {
        return new GrpcSettings(hostPort, 0, privateKey, certChain, rootCerts);
    }

    /** {@link #threadiness()} with 0 resolved to the number of available processors. */
    public int effectiveThreadiness() {
        return threadiness > 0 ? threadiness : Runtime.getRuntime().availableProcessors();
    }
}
