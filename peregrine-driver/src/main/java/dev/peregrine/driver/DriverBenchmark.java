package dev.peregrine.driver;

import dev.peregrine.scap.EventView;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Not a test: measures events/s delivered to Java for an openat/close storm from a Java thread.
 * Usage (as root): java --enable-native-access=ALL-UNNAMED -cp ... dev.peregrine.driver.DriverBenchmark
 * [opens=2000000] [ringMiB=8]
 */
public final class DriverBenchmark {
    private DriverBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int opens = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int ringMiB = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        try (LiveCapture c = LiveCapture.open(ringMiB << 20, Set.of("openat", "close"))) {
            AtomicBoolean done = new AtomicBoolean();
            long[] stormNs = new long[1];
            Thread storm = Thread.ofPlatform().name("storm").start(() -> {
                long t0 = System.nanoTime();
                try {
                    for (int i = 0; i < opens; i++) {
                        new FileInputStream("/dev/null").close(); // one openat + one close (plus an fstat)
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                stormNs[0] = System.nanoTime() - t0;
                done.set(true);
            });
            EventView v = new EventView();
            long events = 0;
            long bytes = 0;
            long t0 = System.nanoTime();
            // read until the storm is over and the ring is empty (other processes keep adding a trickle)
            while (true) {
                boolean finished = done.get();
                if (c.next(v, finished ? 0 : 10_000_000)) {
                    events++;
                    bytes += v.length();
                } else if (finished) {
                    break;
                }
            }
            long ns = System.nanoTime() - t0;
            storm.join();
            System.out.printf("storm: %,d open+close in %.2f s (%,.0f syscalls/s traced)%n", opens, stormNs[0] / 1e9,
                    2.0 * opens / (stormNs[0] / 1e9));
            System.out.printf("delivered: %,d events (%,d bytes) in %.2f s = %,.0f events/s; kernel drops: %,d%n",
                    events, bytes, ns / 1e9, events / (ns / 1e9), c.drops());
        }
    }
}
