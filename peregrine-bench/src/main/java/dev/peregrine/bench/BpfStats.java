package dev.peregrine.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel's own accounting of BPF program run time (kernel.bpf_stats_enabled, read with bpftool): the
 * in-kernel cost of a driver's programs, without the tracepoint's fixed cost or the workload's noise. Turned on
 * for the benchmark and restored after. A tail-called program's time counts in its caller's (the entry program's
 * statistics cover the whole run), so summing the attached entry programs gives the cost per event.
 */
final class BpfStats implements AutoCloseable {
    /** One program's entry in bpftool's JSON: its name, and the run statistics when they are on. */
    private static final Pattern PROGRAM = Pattern.compile(
            "\"name\":\"([^\"]*)\"[^{}]*?\"run_time_ns\":(\\d+),\"run_cnt\":(\\d+)");
    private static final Path SWITCH = Path.of("/proc/sys/kernel/bpf_stats_enabled");
    /** Peregrine's programs. */
    static final Predicate<String> PEREGRINE = name -> name.startsWith("peregrine") || name.startsWith("pg_");
    /** The entry programs of Falco's modern probe (libs driver/modern_bpf), as bpftool shows their names. */
    static final Predicate<String> FALCO_MODERN_PROBE = Set.of("sys_exit", "sched_p_exec", "sched_p_exit",
            "sched_p_fork", "sched_switch", "pf_user", "pf_kernel", "signal_deliver",
            // its TOCTOU-mitigation enter programs
            "open_e", "openat_e", "openat2_e", "creat_e", "connect_e")::contains;
    private final String previous;

    private BpfStats(String previous) {
        this.previous = previous;
    }

    static BpfStats enable() throws IOException {
        String prev = Files.readString(SWITCH).strip();
        Files.writeString(SWITCH, "1");
        return new BpfStats(prev);
    }

    /** Run time and run count summed over the loaded programs whose names match. */
    record Sample(long runTimeNs, long runCount, String programs) {
        Sample minus(Sample before) {
            return new Sample(runTimeNs - before.runTimeNs, runCount - before.runCount, programs);
        }

        /** Program time per run (NaN when nothing ran). */
        double nsPerRun() {
            return runCount == 0 ? Double.NaN : (double) runTimeNs / runCount;
        }

        String describe() {
            if (programs.isEmpty()) {
                return "not available (needs bpftool: apt-get install bpftool)";
            }
            return runCount == 0 ? "no runs" : String.format("%.0f ns per program run (%d runs, %.2f s in %s)",
                    (double) runTimeNs / runCount, runCount, runTimeNs / 1e9, programs);
        }
    }

    Sample sample(Predicate<String> programs) {
        try {
            Process p = new ProcessBuilder("bpftool", "-j", "prog", "show").redirectErrorStream(false).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                return new Sample(0, 0, "");
            }
            long time = 0;
            long count = 0;
            List<String> names = new ArrayList<>();
            Matcher m = PROGRAM.matcher(new String(out, java.nio.charset.StandardCharsets.UTF_8));
            while (m.find()) {
                String name = m.group(1);
                if (programs.test(name)) {
                    time += Long.parseLong(m.group(2));
                    count += Long.parseLong(m.group(3));
                    names.add(name);
                }
            }
            if (names.size() != new java.util.HashSet<>(names).size()) {
                System.err.println("warning: another instance of these BPF programs is loaded (" + names
                        + "): it runs on every syscall too, so the figures are off; stop it and run again");
            }
            return new Sample(time, count, String.join(", ", names));
        } catch (IOException | InterruptedException e) {
            return new Sample(0, 0, "");
        }
    }

    @Override
    public void close() throws IOException {
        Files.writeString(SWITCH, previous);
    }
}
