package dev.peregrine.grpc;

/**
 * The gRPC server could not start. The message is one line naming the address and the reason, fit to show a user
 * as it is (bad settings carry no cause, so there is no stack trace worth printing).
 */
public final class GrpcServerException extends RuntimeException {

    GrpcServerException(String bindAddress, String reason, Throwable cause) {
        super(("cannot start the gRPC server at " + bindAddress + ": " + reason).replaceAll("\\s*\\R\\s*", " "),
                cause);
    }

    GrpcServerException(String bindAddress, String reason) {
        this(bindAddress, reason, null);
    }
}
