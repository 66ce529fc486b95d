package dev.peregrine.grpc;

import dev.peregrine.grpc.proto.OutputsProto.request;
import dev.peregrine.grpc.proto.OutputsProto.response;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One {@code sub} call. As in Falco, nothing is sent before the client's first request, and each request sends
 * every alert queued so far (Falco's clients send one every few seconds and expect exactly that). Beyond Falco,
 * after the first request the call also receives alerts as they are queued, until the client cancels or the
 * server stops; a client's half-close does not end it, so {@code grpcurl -d '{}'} keeps following. Several
 * subscribers share the queue: each alert goes to one of them.
 */
final class SubCall implements StreamingCall {

    private final ServerCallStreamObserver<response> observer;
    private final ResponseQueue queue;
    private final Executor executor;
    private final Consumer<StreamingCall> onDone;
    private final Runnable alertQueued = this::scheduleDrain;
    // at most one drain waits in the executor per call, however fast alerts come
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private boolean subscribed;
    private boolean done;

    SubCall(ServerCallStreamObserver<response> observer, ResponseQueue queue, Executor executor,
            Consumer<StreamingCall> onDone) {
        this.observer = observer;
        this.queue = queue;
        this.executor = executor;
        this.onDone = onDone;
    }

    /** Must run inside the service method; returns the observer of the client's requests. */
    StreamObserver<request> start() {
        observer.setOnReadyHandler(this::drain);
        observer.setOnCancelHandler(this::cancelled);
        return new StreamObserver<>() {
            @Override
            public void onNext(request value) {
                subscribe();
                drain();
            }

            @Override
            public void onError(Throwable t) {
                cancelled();
            }

            @Override
            public void onCompleted() {
                // half-close: the client sends no more requests but still listens
            }
        };
    }

    private synchronized void subscribe() {
        if (!subscribed && !done) {
            subscribed = true;
            queue.addListener(alertQueued);
        }
    }

    // runs on the thread that queued the alert (the outputs worker): hand the writing to the server's threads
    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                executor.execute(() -> {
                    drainScheduled.set(false);
                    drain();
                });
            } catch (RejectedExecutionException e) {
                drainScheduled.set(false); // the server is stopping; finish() ends this call
            }
        }
    }

    synchronized void drain() {
        if (done || !subscribed) {
            return;
        }
        while (observer.isReady() && !observer.isCancelled()) {
            response next = queue.poll();
            if (next == null) {
                return;
            }
            observer.onNext(next);
        }
    }

    @Override
    public synchronized void finish() {
        if (end()) {
            observer.onCompleted();
        }
    }

    private synchronized void cancelled() {
        end();
    }

    private boolean end() {
        if (done) {
            return false;
        }
        done = true;
        queue.removeListener(alertQueued);
        onDone.accept(this);
        return true;
    }
}
