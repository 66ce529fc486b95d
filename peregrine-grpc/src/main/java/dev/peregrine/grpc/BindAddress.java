package dev.peregrine.grpc;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Where the gRPC server listens, parsed from falco.yaml's {@code grpc.bind_address}: {@code unix:///path/to.sock}
 * (also {@code unix:path}, as gRPC accepts) or {@code host:port} ({@code [::1]:5060} for an IPv6 literal).
 */
public sealed interface BindAddress permits BindAddress.UnixSocket, BindAddress.Tcp {

    /** Longest socket path Linux takes (sun_path holds 108 bytes including the terminating NUL). */
    int MAX_SOCKET_PATH_BYTES = 107;

    record UnixSocket(Path path) implements BindAddress {
    }

    record Tcp(String host, int port) implements BindAddress {
    }

    /** @throws IllegalArgumentException with a one-line reason when {@code address} is neither form */
    static BindAddress parse(String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("the address is empty");
        }
        String trimmed = address.strip();
        if (trimmed.startsWith("unix:")) {
            return unixSocket(trimmed);
        }
        return tcp(trimmed);
    }

    private static UnixSocket unixSocket(String address) {
        // unix:///run/x.sock keeps the third slash as the path's root; unix:x.sock is relative
        String rest = address.startsWith("unix://") ? address.substring("unix://".length())
                : address.substring("unix:".length());
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("the unix socket path is empty");
        }
        if (rest.getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH_BYTES) {
            throw new IllegalArgumentException("the unix socket path is longer than " + MAX_SOCKET_PATH_BYTES
                    + " bytes");
        }
        try {
            return new UnixSocket(Path.of(rest));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("invalid unix socket path: " + e.getMessage());
        }
    }

    private static Tcp tcp(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("expected unix:///path/to.sock or host:port");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("write an IPv6 address in brackets, e.g. [::1]:5060");
        }
        if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("invalid host '" + host + "'");
        }
        String portText = address.substring(colon + 1);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid port '" + portText + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0..65535");
        }
        return new Tcp(host, port);
    }
}
