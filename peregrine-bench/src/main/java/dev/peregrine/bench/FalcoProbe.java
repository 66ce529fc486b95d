package dev.peregrine.bench;

import dev.peregrine.bench.LiveBenchmark.Storm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Falco's modern eBPF probe as the reference for LiveBenchmark: libscap's {@code scap-open} example opens it with
 * the given syscalls (libscap's ppm_sc codes) and reads every event. Its kernel-side counters and the events it read
 * come from the statistics it prints when interrupted.
 */
final class FalcoProbe {
    private static final Pattern PPM_SC = Pattern.compile("PPM_SC > (\\S+)\\s+system_code: \\((-?\\d+)\\) ppm_code: \\((\\d+)\\)");
    private static final Pattern READ = Pattern.compile("Number of `SCAP_SUCCESS` \\(events correctly captured\\): (\\d+)");
    private static final Pattern DROPS = Pattern.compile("n_drops_buffer_total: (\\d+)");
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private FalcoProbe() {
    }

    /** One storm traced by Falco's probe: the storm, the kernel's program time, events read, drops, consumer CPU. */
    record Run(Storm storm, BpfStats.Sample kernel, long events, long drops, double cpuSeconds) {
    }

    /**
     * Starts scap-open on the probe, runs a warm-up storm of half the count, the measured one, and one with the
     * kernel's BPF statistics on for the program time, then stops it.
     */
    static Run trace(Path scapOpen, Set<String> syscalls, long ringBytes, Storm.Program storm, long count) throws Exception {
        Map<String, Integer> codes = ppmCodes(scapOpen);
        List<String> cmd = new ArrayList<>(List.of(scapOpen.toString(), "--modern_bpf", "--buffer_dim",
                String.valueOf(ringBytes), "--cpus_for_buf", "2"));
        for (String s : syscalls) {
            Integer code = codes.get(s);
            if (code == null) {
                throw new IllegalArgumentException("scap-open does not know the syscall " + s);
            }
            cmd.add("--ppm_sc");
            cmd.add(String.valueOf(code));
        }
        Path log = Files.createTempFile("scap-open", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            try (BpfStats stats = BpfStats.enable()) {
                awaitAttached(stats, p, log);
            }
            // as for Peregrine: the measured storm without the kernel's statistics, then one with them
            Storm.run(storm, String.valueOf(count / 2));
            double cpu0 = cpuSeconds(p);
            Storm traced = Storm.run(storm, String.valueOf(count));
            double cpu = cpuSeconds(p) - cpu0;
            BpfStats.Sample k;
            try (BpfStats stats = BpfStats.enable()) {
                BpfStats.Sample k0 = stats.sample(BpfStats.FALCO_MODERN_PROBE);
                Storm.run(storm, String.valueOf(count));
                k = stats.sample(BpfStats.FALCO_MODERN_PROBE).minus(k0);
            }
            Thread.sleep(500); // let it read what is left in the ring
            new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("scap-open did not stop on SIGINT");
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            return new Run(traced, k, first(READ, out), first(DROPS, out), cpu);
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    /** The probe's programs run as soon as they are attached: any syscall on the machine runs sys_exit. */
    private static void awaitAttached(BpfStats stats, Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (stats.sample(BpfStats.FALCO_MODERN_PROBE).runCount() == 0) {
            if (!p.isAlive()) {
                throw new IllegalStateException("scap-open ended with status " + p.exitValue() + ": "
                        + Files.readString(log).strip());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Falco's probe was not attached after 60 s");
            }
            Thread.sleep(200);
        }
        Thread.sleep(1000); // the /proc scan that follows the attach
    }

    static Map<String, Integer> ppmCodes(Path scapOpen) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(scapOpen.toString(), "--print_syscalls").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Map<String, Integer> codes = new HashMap<>();
        Matcher m = PPM_SC.matcher(out);
        while (m.find()) {
            codes.put(m.group(1), Integer.parseInt(m.group(3)));
        }
        if (codes.isEmpty()) {
            throw new IllegalStateException(scapOpen + " --print_syscalls printed no syscalls: " + out.strip());
        }
        return codes;
    }

    private static double cpuSeconds(Process p) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(p.pid()), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS_PER_SECOND;
    }

    private static long first(Pattern pattern, String out) {
        Matcher m = pattern.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("scap-open printed no '" + pattern + "'; its output ended with: "
                    + out.substring(Math.max(0, out.length() - 600)).strip());
        }
        return Long.parseLong(m.group(1));
    }
}
