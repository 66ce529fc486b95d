package dev.peregrine.testkit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The shared upstream data beside the clone ({@code ../shared/upstream}), never inside it. Missing data fails a
 * test when the environment variable CI is "true" and skips it, saying what is missing, otherwise.
 */
public final class SharedData {
    private SharedData() {
    }

    public static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The shared folder: -Dperegrine.shared (set by the build) or ../shared beside the project root. */
    public static Path root() {
        String prop = System.getProperty("peregrine.shared");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("peregrine-scap"))) {
                return dir.resolve("../shared").normalize();
            }
        }
        return Path.of("../shared").toAbsolutePath().normalize();
    }

    /** {@code upstream/<relative>}, or the test is skipped (failed on CI) when it is missing. */
    public static Path upstream(String relative) {
        Path p = root().resolve("upstream").resolve(relative);
        if (!Files.exists(p)) {
            missing("shared test data " + p + " is missing (set -Dperegrine.shared=<folder holding upstream/>)");
        }
        return p;
    }

    /** Every .scap capture of the shared folders (legacy traces, libs traces, demo traces), sorted. */
    public static List<Path> captures() {
        try (Stream<Path> a = Files.list(upstream("falco-legacy-tests/trace_files"));
             Stream<Path> b = Files.list(upstream("libs-traces"));
             Stream<Path> c = Files.list(upstream("demo-traces"))) {
            return Stream.concat(Stream.concat(a, b), c).filter(p -> p.toString().endsWith(".scap")).sorted()
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the file starts with the gzip magic bytes (most shared captures are gzip-wrapped). */
    public static boolean isGzip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's bytes, gunzipped if it is gzip-wrapped. */
    public static byte[] decompressed(Path file) {
        try (InputStream in = isGzip(file) ? new GZIPInputStream(Files.newInputStream(file))
                : Files.newInputStream(file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Skips the current test, or fails it when CI=true. */
    public static void missing(String message) {
        if (ci()) {
            Assertions.fail(message + " [failing because CI=true]");
        }
        Assumptions.abort(message + " [skipped; this fails when CI=true]");
    }
}
