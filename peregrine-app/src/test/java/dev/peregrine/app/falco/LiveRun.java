package dev.peregrine.app.falco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peregrine.app.PeregrineJvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real command line on the live machine, in its own JVM (so that a stop is a real SIGINT, as Ctrl-C): JSON
 * alerts to a file read while it runs, logs on stderr. Tests synchronise on what can be observed, never on a
 * fixed sleep: {@link #attach} waits until a rule on a canary file, which the test keeps opening, has fired (the
 * driver is attached and the rules run); {@link #drain} waits until a rule on a sentinel file opened after the
 * test's last action has fired (one ring buffer: events are processed in order, so every alert of an earlier
 * event, duplicates included, is out by then).
 */
record LiveRun(Process process, Path out, Path err, Path canary, Path sentinel) implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** This JVM, the parent of every command a test runs. */
    static final long JVM = ProcessHandle.current().pid();

    /**
     * Starts Peregrine with these rules (each an entry of {@link #rule}) plus the canary and sentinel rules, files
     * in {@code dir} named after {@code token}.
     */
    static LiveRun start(Path dir, String token, String rules) throws IOException {
        return start(dir, token, rules, List.of());
    }

    /** {@link #start(Path, String, String)} with more options (-o KEY=VALUE pairs, as separate words). */
    static LiveRun start(Path dir, String token, String rules, List<String> options) throws IOException {
        Path canary = Files.writeString(dir.resolve(token + "-canary"), "canary");
        Path sentinel = Files.writeString(dir.resolve(token + "-sentinel"), "sentinel");
        StringBuilder y = new StringBuilder(rules);
        rule(y, "live_canary", "evt.type in (open, openat) and fd.name=" + canary, "%proc.pid");
        rule(y, "live_sentinel", "evt.type in (open, openat) and fd.name=" + sentinel, "%proc.pid");
        Path rulesFile = Files.writeString(dir.resolve(token + "-rules.yaml"), y);
        Path out = dir.resolve(token + "-peregrine.out");
        Path err = dir.resolve(token + "-peregrine.err");
        List<String> args = new ArrayList<>(List.of(
                "-c", CliRun.defaultConfig().toString(), "-r", rulesFile.toString(),
                "-o", "engine.kind=modern_ebpf", "-o", "json_output=true", "-o", "log_stderr=true",
                "-o", "webserver.enabled=false", "-o", "rule_matching=all",
                // every kernel drop is counted (the end-of-run statistics tell), however few
                "-o", "syscall_event_drops.threshold=0"));
        args.addAll(options);
        List<String> cmd = PeregrineJvm.command(List.of(), args.toArray(String[]::new));
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        LiveRun run = new LiveRun(p, out, err, canary, sentinel);
        LAST.set(run);
        return run;
    }

    private static final ThreadLocal<LiveRun> LAST = new ThreadLocal<>();

    /** One try of a test: starts a run, acts, asserts. */
    interface Attempt {
        void run() throws Exception;
    }

    /**
     * Skips the test (fails it in CI) when this machine cannot capture live events, else runs the attempt; if its
     * assertions fail and the kernel dropped events during its run (the ring buffer overflowed: another program's
     * syscall storm on a shared machine), the run proved nothing and the attempt is made again, up to three times
     * in all. A failure without drops fails at once.
     */
    static void onLiveMachine(Attempt attempt) throws Exception {
        PeregrineJvm.requireLiveCapture();
        for (int i = 1; ; i++) {
            LAST.remove();
            try {
                attempt.run();
                return;
            } catch (AssertionError e) {
                LiveRun last = LAST.get();
                if (i == 3 || last == null || !last.dropped()) {
                    throw e;
                }
                System.err.println("live run " + i + " failed and the kernel dropped events (" + last.drops()
                        + " drop reports), trying again: " + e.getMessage().strip().lines().findFirst().orElse(""));
            }
        }
    }

    /** Whether the run's end-of-run statistics count kernel drops (read after {@link #stop}). */
    boolean dropped() {
        return drops() > 0;
    }

    /** How many times the run's drop monitor saw kernel drops (its end-of-run statistics; 0 before the end). */
    long drops() {
        try {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("event drop detected: (\\d+) occurrences")
                    .matcher(Files.readString(err));
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Appends a rule (WARNING) whose output starts with its name. */
    static void rule(StringBuilder y, String name, String condition, String output) {
        y.append("- rule: ").append(name).append('\n')
                .append("  desc: ").append(name).append('\n')
                .append("  condition: '").append(condition.replace("'", "''")).append("'\n")
                .append("  output: '").append(name).append(' ').append(output.replace("'", "''")).append("'\n")
                .append("  priority: WARNING\n");
    }

    /** Waits until the driver is attached and the rules run. */
    void attach() throws Exception {
        await("the driver attached (the canary rule fired)", "live_canary", canary);
    }

    /** Waits until every event of what the test did so far has been processed. */
    void drain() throws Exception {
        await("every scenario's events processed (the sentinel rule fired)", "live_sentinel", sentinel);
    }

    private void await(String what, String rule, Path file) throws Exception {
        // generous: other builds share the machine
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!Files.readString(out).contains("\"rule\":\"" + rule + "\"")) {
            assertThat(process.isAlive()).as("peregrine ended before " + what + ":\n" + output()).isTrue();
            assertThat(System.nanoTime()).as("timed out waiting for " + what + ":\n" + output())
                    .isLessThan(deadline);
            Files.readString(file);
            Thread.sleep(100);
        }
    }

    /** Stops the run as Ctrl-C does; it must end cleanly, every alert written. */
    void stop() throws Exception {
        assertThat(new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor()).isZero();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("peregrine stopped:\n" + output()).isTrue();
        assertThat(process.exitValue()).as(output()).isZero();
    }

    /** Alerts and logs, for messages. */
    String output() {
        try {
            return Files.readString(out) + "\n--- stderr:\n" + Files.readString(err);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The JSON alerts by rule. */
    Map<String, List<JsonNode>> alerts() throws IOException {
        Map<String, List<JsonNode>> byRule = new LinkedHashMap<>();
        for (String line : Files.readAllLines(out)) {
            if (line.startsWith("{")) {
                JsonNode n = JSON.readTree(line);
                byRule.computeIfAbsent(n.path("rule").asText(), k -> new ArrayList<>()).add(n);
            }
        }
        return byRule;
    }

    /** The output fields of a rule's first alert (none: an empty map), values as text. */
    static Map<String, String> fields(Map<String, List<JsonNode>> alerts, String rule) {
        Map<String, String> f = new LinkedHashMap<>();
        List<JsonNode> got = alerts.getOrDefault(rule, List.of());
        if (!got.isEmpty()) {
            got.getFirst().path("output_fields").properties().forEach(e -> f.put(e.getKey(),
                    e.getValue().isNull() ? "<null>" : e.getValue().asText()));
        }
        return f;
    }

    /** Python 3, by the path whose last element gives the process its name (python3). */
    static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** Runs a command to its end (errors kept for the message); it must exit with this status. */
    static Process run(int status, String... command) throws Exception {
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", List.of(command),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(status);
        return p;
    }

    /** The number a finished process printed. */
    static long printed(Process p) throws IOException {
        return Long.parseLong(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
