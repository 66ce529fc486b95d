package dev.peregrine.outputs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** A deliberately slow channel: each write waits for a gate to open (and optionally sleeps), then records the line. */
final class GatedChannel implements AlertChannel {

    final List<String> lines = new CopyOnWriteArrayList<>();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch gate;
    final long sleepMillis;
    volatile boolean closed;

    GatedChannel(boolean open, long sleepMillis) {
        this.gate = new CountDownLatch(open ? 0 : 1);
        this.sleepMillis = sleepMillis;
    }

    @Override
    public String name() {
        return "slow";
    }

    @Override
    public void write(Alert alert) throws IOException {
        entered.countDown();
        try {
            gate.await();
            Thread.sleep(sleepMillis);
        } catch (InterruptedException e) {
            throw new InterruptedIOException("interrupted while slow");
        }
        lines.add(alert.line());
    }

    @Override
    public void flush() {
    }

    @Override
    public void reopen() {
    }

    @Override
    public void close() {
        closed = true;
    }
}
