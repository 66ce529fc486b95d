package dev.peregrine.grpc;

import dev.peregrine.grpc.proto.OutputsProto.request;
import dev.peregrine.grpc.proto.OutputsProto.response;
import dev.peregrine.grpc.proto.serviceGrpc;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/** falco.outputs.service: {@code get} and {@code sub} over the shared {@link ResponseQueue}. */
final class OutputsService extends serviceGrpc.serviceImplBase {

    private final ResponseQueue queue;
    private final Executor executor;
    private final Set<StreamingCall> calls = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    OutputsService(ResponseQueue queue, Executor executor) {
        this.queue = queue;
        this.executor = executor;
    }

    @Override
    public void get(request req, StreamObserver<response> responses) {
        var observer = (ServerCallStreamObserver<response>) responses;
        if (stopping) {
            observer.onCompleted();
            return;
        }
        GetCall call = new GetCall(observer, queue, calls::remove);
        calls.add(call);
        call.start();
    }

    @Override
    public StreamObserver<request> sub(StreamObserver<response> responses) {
        var observer = (ServerCallStreamObserver<response>) responses;
        SubCall call = new SubCall(observer, queue, executor, calls::remove);
        calls.add(call);
        StreamObserver<request> requests = call.start();
        if (stopping) {
            call.finish();
        }
        return requests;
    }

    /** Completes every call in progress; calls that arrive later complete at once. */
    void stop() {
        stopping = true;
        for (StreamingCall call : calls) {
            call.finish();
        }
    }
}
