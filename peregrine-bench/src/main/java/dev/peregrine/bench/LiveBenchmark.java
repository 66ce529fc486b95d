package dev.peregrine.bench;

import dev.peregrine.app.falco.Detection;
import dev.peregrine.app.falco.InterestingSyscalls;
import dev.peregrine.app.falco.Pipeline;
import dev.peregrine.inspector.Inspector;
import dev.peregrine.inspector.LiveSource;
import dev.peregrine.driver.LiveCapture;
import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.outputs.Outputs;
import dev.peregrine.outputs.StdoutChannel;
import dev.peregrine.rules.LoadResult;
import dev.peregrine.rules.Priority;
import dev.peregrine.rules.RulesLoader;
import dev.peregrine.rules.engine.AlertFormatter;
import dev.peregrine.rules.engine.AlertOptions;
import dev.peregrine.rules.engine.RuleSelection;
import dev.peregrine.rules.engine.Ruleset;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Live driver benchmark (root, BPF). The workload is {@code storm} (peregrine-bench/src/main/c/storm.c): 1-byte
 * read/write pairs. Peregrine runs in this JVM as the command line runs it: the eBPF driver, the /proc scan, the
 * state and the rules engine with the given rules (default: rules/peregrine_rules.yaml), alerts formatted and
 * discarded. Traced: the syscalls those rules and the state need, plus read and write (the storm's).
 * <ul>
 *   <li>{@code storm [--count N]}: the storm at full speed, bare then traced; prints the slowdown and the cost per
 *   traced syscall, the in-kernel program time per event (kernel BPF statistics), events/s delivered to the rules
 *   engine, kernel drops, Peregrine's CPU use and resident memory.</li>
 *   <li>{@code sustained [--rate R] [--seconds S]}: the storm paced to R syscalls/s (default 500,000) for S seconds
 *   (default 600); every 10 s prints the rate delivered, drops and resident memory, then the memory's growth.</li>
 *   <li>{@code falco --scap-open PATH [--rounds N]}: the storm against Falco's modern probe and against Peregrine,
 *   tracing the same syscalls (default: {@link #HOT_SYSCALLS}); prints both costs and their ratios.</li>
 * </ul>
 * Common options: {@code --rules FILE} (repeatable), {@code --ring MiB} (default 8), {@code --storm PATH},
 * {@code --procs P} (the storm made by P processes at once: one process makes the syscalls of one CPU only),
 * {@code --syscalls a,b,c} (trace these, plus read and write, instead of what the rules and the state need),
 * {@code --all} (trace every syscall, as {@code -A} does).
 */
public final class LiveBenchmark {
    private final Storm.Program storm;
    private final List<Path> rules;
    private final int ringMiB;
    /** The syscalls to trace instead of the rules' choice (--syscalls a,b,c), or null. */
    private final Set<String> only;
    /** Every syscall traced, as {@code -A} runs (--all). */
    private final boolean all;

    private LiveBenchmark(Storm.Program storm, List<Path> rules, int ringMiB, Set<String> only, boolean all) {
        this.storm = storm;
        this.rules = rules;
        this.ringMiB = ringMiB;
        this.only = only;
        this.all = all;
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 && !args[0].startsWith("--") ? args[0] : "storm";
        long count = 4_000_000;
        long rate = 500_000;
        int seconds = 600;
        int ring = 8;
        Path storm = Path.of(System.getProperty("peregrine.storm", "peregrine-bench/target/storm"));
        List<Path> rules = new ArrayList<>();
        Set<String> only = null;
        Path scapOpen = null;
        int rounds = 3;
        boolean all = false;
        int procs = 1;
        for (int i = mode.equals(args.length > 0 ? args[0] : "") ? 1 : 0; i < args.length; i += 2) {
            if (args[i].equals("--all")) {
                all = true;
                i--;
                continue;
            }
            String v = args[i + 1];
            switch (args[i]) {
                case "--count" -> count = Long.parseLong(v);
                case "--rate" -> rate = Long.parseLong(v);
                case "--seconds" -> seconds = Integer.parseInt(v);
                case "--ring" -> ring = Integer.parseInt(v);
                case "--rules" -> rules.add(Path.of(v));
                case "--storm" -> storm = Path.of(v);
                case "--procs" -> procs = Integer.parseInt(v);
                case "--syscalls" -> only = new TreeSet<>(List.of(v.split(",")));
                case "--scap-open" -> scapOpen = Path.of(v);
                case "--rounds" -> rounds = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (rules.isEmpty()) {
            rules.add(Path.of(System.getProperty("peregrine.root", "."), "rules", "peregrine_rules.yaml"));
        }
        LiveBenchmark b = new LiveBenchmark(new Storm.Program(storm, procs), rules, ring, only, all);
        switch (mode) {
            case "storm" -> b.fullSpeed(count);
            case "sustained" -> b.sustained(rate, seconds);
            case "falco" -> {
                if (scapOpen == null) {
                    throw new IllegalArgumentException("falco needs --scap-open PATH (built by bin/build-falco-probe)");
                }
                b.againstFalco(count, scapOpen, rounds);
            }
            default -> throw new IllegalArgumentException("usage: LiveBenchmark storm|sustained|falco [options]");
        }
    }

    /** Peregrine attached: the driver, the state and the rules, on a thread of its own. */
    private final class Attached implements AutoCloseable {
        final Detection detection;
        final Inspector inspector;
        final Thread thread;
        final Outputs outputs;
        final Set<String> syscalls;
        volatile Exception failure;

        Attached(int ringMiB) throws Exception {
            this(ringMiB, true);
        }

        Attached(int ringMiB, boolean report) throws Exception {
            LoadResult loaded = RulesLoader.load(rules);
            if (!loaded.successful()) {
                throw new IllegalStateException("rules did not load: " + loaded.errors().getFirst());
            }
            Ruleset ruleset = Ruleset.build(loaded.rules(), RuleSelection.none(), Priority.DEBUG, true);
            syscalls = new TreeSet<>(only != null ? only : InterestingSyscalls.of(ruleset, all, List.of(), false));
            syscalls.add("read");
            syscalls.add("write");
            outputs = new Outputs(List.of(new StdoutChannel(OutputStream.nullOutputStream(), true)), 0,
                    System.err::println);
            detection = new Detection(new Pipeline(ruleset, FieldRegistry.standard(),
                    new AlertFormatter(AlertOptions.text("bench")), outputs, null, false), 0);
            inspector = new Inspector(LiveSource.open(syscalls, Duration.ofMillis(20), ringMiB << 20, 0));
            thread = Thread.ofPlatform().name("peregrine-events").unstarted(() -> {
                try {
                    detection.run(inspector);
                } catch (Exception e) {
                    failure = e;
                }
            });
            if (report) {
                System.out.printf("attached: %d rules from %s; %d syscalls traced; ring %d MiB%n",
                        ruleset.enabledCount(), rules, syscalls.size(), ringMiB);
            }
        }

        Attached start() {
            thread.start();
            return this;
        }

        /**
         * Waits until the events thread has caught up with the ring: no more than the machine's background trickle
         * in 200 ms (with every syscall traced, the machine and this JVM never go quiet).
         */
        void drain() throws InterruptedException {
            long last;
            do {
                last = detection.events();
                Thread.sleep(200);
            } while (detection.events() - last > 2_000);
        }

        @Override
        public void close() throws Exception {
            detection.stop();
            if (thread.isAlive()) {
                thread.join();
            }
            inspector.close();
            outputs.close();
            if (failure != null) {
                throw failure;
            }
        }
    }

    private void fullSpeed(long count) throws Exception {
        Storm bare = Storm.run(storm, String.valueOf(count));
        System.out.printf("storm bare: %d syscalls in %.2f s (%.0f syscalls/s, %.0f ns each)%n", bare.syscalls,
                bare.seconds, bare.syscalls / bare.seconds, bare.seconds * 1e9 / bare.syscalls);
        // the fixed cost: the programs attached (every syscall now takes the kernel's tracing path) but nothing sent
        try (var idle = LiveCapture.open(ringMiB << 20, List.of())) {
            Storm quiet = Storm.run(storm, String.valueOf(count));
            System.out.printf("storm with the driver attached, no syscall traced: %.2f s (%.0f ns more per syscall)%n",
                    quiet.seconds, (quiet.seconds - bare.seconds) * 1e9 / quiet.syscalls);
        }
        Traced t = peregrineTraced(count, true);
        System.out.printf("storm traced: %.2f s (slowdown %.2fx, %.0f ns more per traced syscall)%n",
                t.storm.seconds, t.storm.seconds / bare.seconds, t.nsPerSyscallOver(bare));
        System.out.printf("in-kernel program time: %s%n", t.kernel.describe());
        System.out.printf("delivered while it ran: %.0f events/s (%d events, %d more after it); kernel drops %d;"
                + " alerts %d%n", t.delivered / t.storm.seconds, t.delivered, t.after, t.drops, t.alerts);
        System.out.printf("peregrine CPU %.2f s over %.2f s (%.0f%% of one core); resident memory %d MiB%n",
                t.cpuSeconds, t.storm.seconds, 100 * t.cpuSeconds / t.storm.seconds, rssKiB() / 1024);
        // capacity: the storm fills a large ring while nothing reads it, then the rules engine empties it
        long fill = Math.min(count, 2_000_000);
        try (Attached a = new Attached(256)) {
            Storm.run(storm, String.valueOf(fill));
            long t0 = System.nanoTime();
            a.start();
            while (a.detection.events() < fill && a.inspector.source().drops() == 0) {
                Thread.sleep(1);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("rules engine capacity: %d events from a full ring in %.2f s: %.0f events/s; kernel"
                    + " drops %d%n", a.detection.events(), s, a.detection.events() / s, a.inspector.source().drops());
        }
    }

    /** One traced storm: its run, the kernel's program time, what the consumer got and the CPU it used. */
    record Traced(Storm storm, BpfStats.Sample kernel, long delivered, long after, long drops, long alerts,
                  double cpuSeconds) {
        double nsPerSyscallOver(Storm bare) {
            return (storm.seconds - bare.seconds) * 1e9 / storm.syscalls;
        }
    }

    /**
     * Peregrine attached: a warm-up storm of half the count (the JIT compiles the event path), the measured one
     * (events delivered, drops, CPU), then one more with the kernel's BPF statistics on for the program time: the
     * statistics cost two clock reads per program run, which the delivered rate should not pay.
     */
    private Traced peregrineTraced(long count, boolean report) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (Attached a = new Attached(ringMiB, report).start()) {
            a.drain();
            Storm.run(storm, String.valueOf(count / 2));
            a.drain();
            long events0 = a.detection.events();
            long drops0 = a.inspector.source().drops();
            long cpu0 = os.getProcessCpuTime();
            Storm traced = Storm.run(storm, String.valueOf(count));
            long during = a.detection.events() - events0;
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            a.drain();
            long after = a.detection.events() - events0 - during;
            long drops = a.inspector.source().drops() - drops0;
            BpfStats.Sample k;
            try (BpfStats stats = BpfStats.enable()) {
                BpfStats.Sample k0 = stats.sample(BpfStats.PEREGRINE);
                Storm.run(storm, String.valueOf(count));
                k = stats.sample(BpfStats.PEREGRINE).minus(k0);
            }
            a.drain();
            return new Traced(traced, k, during, after, drops, a.detection.current().stats().total(), cpu);
        }
    }

    /**
     * The same storm against Falco's modern probe, run by libscap's scap-open example (built from a libs checkout
     * with bin/build-falco-probe), and against Peregrine, tracing the same syscalls on rings of the same size, in
     * alternating rounds (this VM's timings drift): the cost per traced syscall end to end and in the kernel, and
     * their ratios. scap-open only counts the events it reads; Peregrine runs its state and rules on them.
     */
    private void againstFalco(long count, Path scapOpen, int rounds) throws Exception {
        Set<String> traced = new TreeSet<>(only != null ? only : HOT_SYSCALLS);
        traced.add("read");
        traced.add("write");
        System.out.printf("Falco's modern probe (%s) and Peregrine, each tracing %d syscalls %s; %d MiB rings, one"
                + " per 2 CPUs; storms of %d syscalls%n", scapOpen, traced.size(), traced, ringMiB, count);
        List<Double> e2e = new ArrayList<>();
        List<Double> kernel = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Storm bare = Storm.run(storm, String.valueOf(count));
            FalcoProbe.Run f = FalcoProbe.trace(scapOpen, traced, ringMiB << 20, storm, count);
            Traced p = peregrineTraced(count, false);
            double fNs = (f.storm().seconds - bare.seconds) * 1e9 / f.storm().syscalls;
            double pNs = p.nsPerSyscallOver(bare);
            e2e.add(pNs / fNs);
            kernel.add(p.kernel.nsPerRun() / f.kernel().nsPerRun());
            System.out.printf("round %d: bare %.0f ns per syscall%n", round, bare.seconds * 1e9 / bare.syscalls);
            System.out.printf("  falco:     +%.0f ns per traced syscall, in-kernel %.0f ns per event; %d events read"
                            + " (warm-up storm included), kernel drops %d; consumer CPU %.0f%% of one core%n", fNs,
                    f.kernel().nsPerRun(), f.events(), f.drops(), 100 * f.cpuSeconds() / f.storm().seconds);
            System.out.printf("  peregrine: +%.0f ns per traced syscall, in-kernel %.0f ns per event; %d events"
                            + " delivered, kernel drops %d; CPU %.0f%% of one core%n", pNs, p.kernel.nsPerRun(),
                    p.delivered + p.after, p.drops, 100 * p.cpuSeconds / p.storm.seconds);
            System.out.printf("  peregrine/falco: %.2fx end to end, %.2fx in the kernel%n", pNs / fNs,
                    p.kernel.nsPerRun() / f.kernel().nsPerRun());
        }
        System.out.printf("median over %d rounds, peregrine/falco: %.2fx end to end, %.2fx in the kernel (below 1:"
                + " Peregrine costs less)%n", rounds, median(e2e), median(kernel));
    }

    /** Fifteen syscalls a busy host makes most, those the --syscalls example of bin/bench-live names. */
    static final List<String> HOT_SYSCALLS = List.of("read", "write", "open", "openat", "openat2", "close",
            "execve", "clone", "connect", "accept", "accept4", "socket", "sendto", "recvfrom", "dup2");

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private void sustained(long rate, int seconds) throws Exception {
        try (Attached a = new Attached(ringMiB).start()) {
            a.drain();
            System.out.printf("sustained: %d syscalls/s for %d s; a line every 10 s%n", rate, seconds);
            Process p = Storm.start(storm, "--rate", String.valueOf(rate), "--seconds", String.valueOf(seconds));
            long start = System.nanoTime();
            long events0 = a.detection.events();
            long drops0 = a.inspector.source().drops();
            long lastEvents = events0;
            long lastT = start;
            long firstRss = 0;
            long maxRss = 0;
            long rss = 0;
            while (p.isAlive()) {
                Thread.sleep(10_000);
                long now = System.nanoTime();
                long ev = a.detection.events();
                rss = rssKiB();
                if (firstRss == 0 && now - start >= 60_000_000_000L) {
                    firstRss = rss; // after the first minute: JIT and heap have settled
                }
                maxRss = Math.max(maxRss, rss);
                System.out.printf("t=%4.0f s  delivered %8.0f events/s  drops %d  resident %d MiB%n",
                        (now - start) / 1e9, (ev - lastEvents) / ((now - lastT) / 1e9), a.inspector.source().drops() - drops0,
                        rss / 1024);
                lastEvents = ev;
                lastT = now;
            }
            Storm done = Storm.finish(p);
            a.drain();
            long events = a.detection.events() - events0;
            System.out.printf("workload: %d syscalls in %.1f s (%.0f/s); delivered %d events (%.0f/s); kernel drops"
                            + " %d; alerts %d%n", done.syscalls, done.seconds, done.syscalls / done.seconds, events,
                    events / done.seconds, a.inspector.source().drops() - drops0, a.detection.current().stats().total());
            System.out.printf("resident memory: after 1 min %d MiB, max %d MiB, at the end %d MiB (growth after the"
                    + " first minute: %d MiB)%n", firstRss / 1024, maxRss / 1024, rss / 1024, (rss - firstRss) / 1024);
        }
    }

    static long rssKiB() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.substring(6).replace("kB", "").strip());
            }
        }
        return 0;
    }

    /** One run of the storm program: syscalls made and seconds taken, as it prints them. */
    record Storm(long syscalls, double seconds) {
        /** The storm program and how many processes make the storm (their syscalls and wall time are summed). */
        record Program(Path path, int procs) {
        }

        static Process start(Program storm, String... args) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(storm.path().toString()));
            cmd.addAll(List.of(args));
            cmd.addAll(List.of("--procs", String.valueOf(storm.procs())));
            return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        }

        static Storm finish(Process p) throws Exception {
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (p.waitFor() != 0 || out.isEmpty()) {
                throw new IllegalStateException("storm failed: " + out);
            }
            String[] f = out.split(" ");
            return new Storm(Long.parseLong(f[0]), Double.parseDouble(f[1]));
        }

        static Storm run(Program storm, String... args) throws Exception {
            return finish(start(storm, args));
        }
    }
}
