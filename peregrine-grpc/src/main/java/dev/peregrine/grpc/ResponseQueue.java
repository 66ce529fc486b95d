package dev.peregrine.grpc;

import dev.peregrine.grpc.proto.OutputsProto.response;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * The gRPC output's alerts waiting for a client, like Falco's grpc queue: one FIFO shared by every call, so each
 * alert goes to exactly one {@code get} or {@code sub} call, the one that takes it first. Unlike Falco's it is
 * bounded: when full, the oldest alert is dropped and counted, so a server nobody reads keeps the newest ones.
 */
public final class ResponseQueue {

    private final LinkedBlockingQueue<response> queue;
    private final int capacity;
    private final LongAdder dropped = new LongAdder();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public ResponseQueue(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0, was " + capacity);
        }
        this.capacity = capacity;
        this.queue = new LinkedBlockingQueue<>(capacity);
    }

    /** Queues {@code r}, dropping the oldest alert when full, then tells the listeners (subscribed calls). */
    public void offer(response r) {
        while (!queue.offer(r)) {
            if (queue.poll() != null) {
                dropped.increment();
            }
        }
        for (Runnable listener : listeners) {
            listener.run();
        }
    }

    /** The oldest queued alert, or null when there is none. */
    response poll() {
        return queue.poll();
    }

    public int size() {
        return queue.size();
    }

    public int capacity() {
        return capacity;
    }

    /** Alerts dropped because the queue was full. */
    public long dropped() {
        return dropped.sum();
    }

    /** {@code listener} runs on the offering thread after each alert, so it must only hand work off. */
    void addListener(Runnable listener) {
        listeners.add(listener);
    }

    void removeListener(Runnable listener) {
        listeners.remove(listener);
    }
}
