package dev.peregrine.grpc;

import dev.peregrine.grpc.proto.OutputsProto.response;
import io.grpc.stub.ServerCallStreamObserver;

import java.util.function.Consumer;

/**
 * One {@code get} call: streams the alerts that were queued when it came in, oldest first, then completes (Falco
 * drained its queue until empty; counting them up front keeps alerts arriving meanwhile for the next call). It
 * writes only while the transport is ready, so a slow client holds alerts in the queue, not in memory buffers.
 */
final class GetCall implements StreamingCall {

    private final ServerCallStreamObserver<response> observer;
    private final ResponseQueue queue;
    private final Consumer<StreamingCall> onDone;
    private int remaining;
    private boolean done;

    GetCall(ServerCallStreamObserver<response> observer, ResponseQueue queue, Consumer<StreamingCall> onDone) {
        this.observer = observer;
        this.queue = queue;
        this.onDone = onDone;
        this.remaining = queue.size();
    }

    /** Must run inside the service method: gRPC takes the handlers only there. */
    void start() {
        observer.setOnReadyHandler(this::drain);
        observer.setOnCancelHandler(this::cancelled);
        drain();
    }

    synchronized void drain() {
        if (done) {
            return;
        }
        while (remaining > 0 && observer.isReady() && !observer.isCancelled()) {
            response next = queue.poll();
            if (next == null) {
                remaining = 0; // a subscriber took the rest
                break;
            }
            observer.onNext(next);
            remaining--;
        }
        if (remaining == 0) {
            finish();
        }
    }

    @Override
    public synchronized void finish() {
        if (!done) {
            done = true;
            observer.onCompleted();
            onDone.accept(this);
        }
    }

    private synchronized void cancelled() {
        if (!done) {
            done = true;
            onDone.accept(this);
        }
    }
}
