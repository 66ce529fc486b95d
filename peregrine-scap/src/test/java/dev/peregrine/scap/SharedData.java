package dev.peregrine.scap;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the shared upstream data that lives beside the clone ({@code ../shared/upstream}), never inside it.
 *
 * <p>The folder comes from the system property {@code peregrine.shared} (set by surefire), else {@code ../shared}
 * next to the project root, found by walking up from the working directory to the directory that contains
 * {@code peregrine-scap}. Missing data fails the test when the environment variable {@code CI} is {@code true} and
 * skips it (with the path it looked for) otherwise.
 */
final class SharedData {
    private SharedData() {
    }

    static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The shared folder (may not exist). */
    static Path sharedRoot() {
        String prop = System.getProperty("peregrine.shared");
        if (prop != null && !prop.isBlank()) {
            return Paths.get(prop).toAbsolutePath().normalize();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("peregrine-scap"))) {
                return dir.resolve("../shared").normalize();
            }
        }
        return Paths.get("../shared").toAbsolutePath().normalize();
    }

    /** {@code upstream/<relative>} in the shared folder, or the test is skipped (failed on CI) if it is missing. */
    static Path upstream(String relative) {
        Path p = sharedRoot().resolve("upstream").resolve(relative);
        if (!Files.exists(p)) {
            missing("shared test data " + p + " is missing (set -Dperegrine.shared=<dir containing upstream/>)");
        }
        return p;
    }

    /** Skips the current test, or fails it on CI (env CI=true). */
    static void missing(String message) {
        if (ci()) {
            fail(message + " [failing because CI=true]");
        }
        Assumptions.abort(message + " [skipped; this fails when CI=true]");
    }

    static boolean isGzip(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /** The file's bytes, gunzipped if it is gzip-wrapped. */
    static byte[] decompressed(Path p) throws IOException {
        if (!isGzip(p)) {
            return Files.readAllBytes(p);
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
            return in.readAllBytes();
        }
    }

    /** The sysdig binary (default /usr/bin/sysdig, or -Dperegrine.sysdig), or skipped (failed on CI). */
    static Path sysdig() {
        Path p = Paths.get(System.getProperty("peregrine.sysdig", "/usr/bin/sysdig"));
        if (!Files.isExecutable(p)) {
            missing("sysdig is not installed at " + p + ": cannot check that sysdig reads written captures");
        }
        return p;
    }
}
