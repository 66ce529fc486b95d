package dev.peregrine.testkit;

import org.junit.jupiter.api.Assertions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * sysdig 0.29.3 as an oracle: runs it on a capture in UTC and returns what it printed. Its binary is
 * {@code /usr/bin/sysdig}, or {@code -Dperegrine.sysdig}. Output is decoded as ISO-8859-1, one char per byte, so
 * nothing is lost and it compares byte for byte with output decoded the same way.
 */
public final class Sysdig {
    private static final Path BINARY = Path.of(System.getProperty("peregrine.sysdig", "/usr/bin/sysdig"));
    private static final String NOT_INSTALLED = "sysdig is not installed at " + BINARY
            + " (.ci/run installs it with apt-get)";
    private static final long TIMEOUT_MINUTES = 5;
    /** Differing lines that {@link #assertSameLines} shows. */
    private static final int SHOWN_DIFFERENCES = 5;

    private Sysdig() {
    }

    /**
     * What one run of sysdig gave.
     *
     * @param exitStatus its exit status
     * @param out        its standard output
     * @param err        its standard error
     */
    public record Result(int exitStatus, String out, String err) {
        /** The standard output split into lines (see {@link Sysdig#lines}). */
        public List<String> lines() {
            return Sysdig.lines(out);
        }
    }

    /** Skips the test (fails it on CI) when sysdig is not installed. */
    public static void require() {
        if (!Files.isExecutable(BINARY)) {
            SharedData.missing(NOT_INSTALLED);
        }
    }

    /**
     * For a test whose checks against sysdig are only a part of it: whether sysdig is installed. When it is not,
     * this returns false (the caller leaves out its sysdig checks), and fails the test on CI.
     */
    public static boolean available() {
        if (Files.isExecutable(BINARY)) {
            return true;
        }
        if (SharedData.ci()) {
            SharedData.missing(NOT_INSTALLED);
        }
        return false;
    }

    /** Splits output into lines, dropping the empty string after a final newline. Decode bytes as ISO-8859-1. */
    public static List<String> lines(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        return lines;
    }

    /** {@code sysdig -r capture [args...]}'s standard output, split into lines, whatever its exit status. */
    public static List<String> run(Path capture, String... args) {
        return exec(capture, args).lines();
    }

    /**
     * Runs {@code sysdig -r capture [args...]} with TZ=UTC and no standard input; skips the test (fails it on CI)
     * when sysdig is not installed.
     */
    public static Result exec(Path capture, String... args) {
        require();
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "-r", capture.toString()));
        cmd.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("sysdig", ".out");
            Path err = Files.createTempFile("sysdig", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                pb.environment().put("TZ", "UTC");
                Process p = pb.start();
                if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("sysdig timed out on " + capture);
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                        Files.readString(err, StandardCharsets.ISO_8859_1));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run sysdig: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Fails, saying how many lines differ and showing the first few, unless {@code actual} is line for line
     * {@code expected} (typically sysdig's output).
     */
    public static void assertSameLines(List<String> expected, List<String> actual, String what) {
        int n = Math.max(expected.size(), actual.size());
        StringBuilder shown = new StringBuilder();
        int differing = 0;
        for (int i = 0; i < n; i++) {
            String e = i < expected.size() ? expected.get(i) : null;
            String a = i < actual.size() ? actual.get(i) : null;
            if ((e == null || !e.equals(a)) && differing++ < SHOWN_DIFFERENCES) {
                shown.append("\nline ").append(i + 1)
                        .append("\n  expected: ").append(e == null ? "<no line>" : e)
                        .append("\n  actual:   ").append(a == null ? "<no line>" : a);
            }
        }
        if (differing > 0) {
            Assertions.fail(what + ": " + differing + " of " + n + " lines differ (" + expected.size()
                    + " expected, " + actual.size() + " actual)" + shown);
        }
    }
}
