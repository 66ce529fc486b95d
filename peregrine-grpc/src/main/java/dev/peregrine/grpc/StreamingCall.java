package dev.peregrine.grpc;

/** A {@code get} or {@code sub} call in progress, which the server completes with OK when it stops, as Falco did. */
interface StreamingCall {

    /** Completes the call with OK unless it has already ended. */
    void finish();
}
