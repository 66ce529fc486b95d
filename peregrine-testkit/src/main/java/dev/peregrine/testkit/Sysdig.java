package dev.peregrine.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** sysdig 0.29.3 as an oracle: runs it on a capture in UTC and returns its output lines. */
public final class Sysdig {
    private static final Path BINARY = Path.of(System.getProperty("peregrine.sysdig", "/usr/bin/sysdig"));

    private Sysdig() {
    }

    /** Skips the test (fails it on CI) when sysdig is not installed. */
    public static void require() {
        if (!Files.isExecutable(BINARY)) {
            SharedData.missing("sysdig is not installed at " + BINARY + " (.ci/run installs it with apt-get)");
        }
    }

    /** Splits output into lines, dropping the empty string after a final newline. Decode bytes as ISO-8859-1. */
    public static List<String> lines(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        return lines;
    }

    /** {@code sysdig -r capture [args...]}'s standard output, split into lines. */
    public static List<String> run(Path capture, String... args) {
        require();
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "-r", capture.toString()));
        cmd.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("sysdig", ".out");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                        .redirectError(ProcessBuilder.Redirect.DISCARD);
                pb.environment().put("TZ", "UTC");
                Process p = pb.start();
                if (!p.waitFor(5, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("sysdig timed out on " + capture);
                }
                String text = Files.readString(out, StandardCharsets.ISO_8859_1);
                return lines(text);
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run sysdig: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
