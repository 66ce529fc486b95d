package dev.peregrine.bench;

import dev.peregrine.driver.LiveCapture;
import dev.peregrine.driver.Syscalls;
import dev.peregrine.fields.EventContext;
import dev.peregrine.procfs.ProcMetadata;
import dev.peregrine.procfs.ProcScanner;
import dev.peregrine.scap.EventView;
import dev.peregrine.state.SystemState;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Live driver benchmark (root, BPF): a syscall storm (`dd bs=1`, two syscalls per byte) timed bare and with
 * Peregrine attached (every supported syscall traced, each event applied to the state as the rules engine
 * would see it); prints events/s delivered, kernel drops, the storm's slowdown, Peregrine's CPU use and resident
 * memory. Usage: LiveBenchmark [bytes=2000000] [ringMiB=8]
 */
public final class LiveBenchmark {
    private LiveBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long bytes = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        int ringMiB = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        double bare = storm(bytes);
        System.out.printf("storm bare: dd bs=1 count=%d in %.2f s (%.0f syscalls/s)%n", bytes, bare,
                2 * bytes / bare);
        try (LiveCapture c = LiveCapture.open(ringMiB << 20, Syscalls.SUPPORTED.keySet())) {
            SystemState state = new SystemState(ProcMetadata.toCaptureMetadata(ProcScanner.system().scan()));
            EventView event = new EventView();
            EventContext ctx = new EventContext(state, event);
            AtomicBoolean done = new AtomicBoolean();
            long[] count = new long[1];
            Thread reader = Thread.ofPlatform().name("reader").start(() -> {
                long n = 0;
                while (!done.get()) {
                    if (c.next(event, 20_000_000L)) {
                        n++;
                        state.process(event);
                        ctx.advance(n);
                    }
                }
                while (c.next(event, 50_000_000L)) { // what is left in the ring
                    n++;
                    state.process(event);
                }
                count[0] = n;
            });
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            double traced = storm(bytes);
            done.set(true);
            reader.join();
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            System.out.printf("storm traced: %.2f s (slowdown %.2fx, %.0f ns more per syscall)%n", traced,
                    traced / bare, (traced - bare) * 1e9 / (2 * bytes));
            System.out.printf("delivered %d events in %.2f s: %.0f events/s; kernel drops %d%n", count[0], wall,
                    count[0] / wall, c.drops());
            System.out.printf("peregrine CPU %.2f s over %.2f s (%.0f%% of one core); resident memory %s%n", cpu,
                    wall, 100 * cpu / wall, rss());
        }
    }

    private static double storm(long bytes) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(List.of("dd", "if=/dev/zero", "of=/dev/null", "bs=1", "count=" + bytes))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String rss() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) {
                return l.substring(6).strip();
            }
        }
        return "?";
    }
}
