package dev.peregrine.app;

import dev.peregrine.driver.LiveCapture;
import dev.peregrine.testkit.SharedData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real {@code peregrine} command in its own JVM (as bin/peregrine runs it), so that stopping it is a real
 * SIGINT; standard output and error go to files the test reads while it runs.
 */
public record PeregrineJvm(Process process, Path outFile, Path errFile) {

    static PeregrineJvm start(Path dir, Map<String, String> env, String... args) throws IOException {
        return start(dir, env, List.of(), List.of(), args);
    }

    /**
     * @param wrapper     a command the JVM runs under (e.g. setpriv dropping capabilities), or empty
     * @param jvmOptions  extra JVM options (-Dname=value)
     */
    static PeregrineJvm start(Path dir, Map<String, String> env, List<String> wrapper, List<String> jvmOptions,
                              String... args) throws IOException {
        Path out = dir.resolve("peregrine.out");
        Path err = dir.resolve("peregrine.err");
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.addAll(command(jvmOptions, args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        return new PeregrineJvm(pb.start(), out, err);
    }

    /** Skips the test (fails it in CI) when this machine cannot capture live events (not root, no BTF, no libbpf). */
    public static void requireLiveCapture() {
        String why = LiveCapture.unavailableReason();
        if (why != null) {
            SharedData.missing("live capture: " + why);
        }
    }

    /** The command that runs peregrine with these arguments in a JVM of its own, on this test's class path. */
    public static List<String> command(List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Dperegrine.root=" + System.getProperty("peregrine.root")));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    String out() {
        return read(outFile);
    }

    String err() {
        return read(errFile);
    }

    /** Waits (generously: other builds may share the machine) until the condition holds while the JVM runs. */
    void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            assertThat(process.isAlive()).as("peregrine ended before %s:\n%s\n--- stderr:\n%s", what, out(), err())
                    .isTrue();
            assertThat(System.nanoTime()).as("timed out waiting for %s:\n%s\n--- stderr:\n%s", what, out(), err()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Ctrl-C: it must end cleanly with status 0. */
    void interrupt() throws Exception {
        assertThat(new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor()).isZero();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("peregrine stopped: %s", err()).isTrue();
        assertThat(process.exitValue()).as("exit status; stderr:\n%s", err()).isZero();
    }

    /** Waits for the end of a run expected to stop by itself; its exit status. */
    int await() throws InterruptedException {
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("peregrine ended: %s", err()).isTrue();
        return process.exitValue();
    }

    void kill() {
        process.destroyForcibly();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
