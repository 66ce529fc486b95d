package dev.peregrine.state;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates shared upstream data (system property {@code peregrine.shared}, else {@code ../shared} beside the repo
 * root) and sysdig. Missing data skips the test, or fails it when the environment variable CI is "true".
 */
final class SharedData {
    private SharedData() {
    }

    static Path sharedRoot() {
        String prop = System.getProperty("peregrine.shared");
        if (prop != null && !prop.isBlank()) {
            return Paths.get(prop).toAbsolutePath().normalize();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("peregrine-state"))) {
                return dir.resolve("../shared").normalize();
            }
        }
        return Paths.get("../shared").toAbsolutePath().normalize();
    }

    static Path upstream(String relative) {
        Path p = sharedRoot().resolve("upstream").resolve(relative);
        if (!Files.exists(p)) {
            missing("shared test data " + p + " is missing (set -Dperegrine.shared=<dir containing upstream/>)");
        }
        return p;
    }

    static Path sysdig() {
        Path p = Paths.get(System.getProperty("peregrine.sysdig", "/usr/bin/sysdig"));
        if (!Files.isExecutable(p)) {
            missing("sysdig is not installed at " + p + ": it is the oracle for system state");
        }
        return p;
    }

    static void missing(String message) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + " [failing because CI=true]");
        }
        Assumptions.abort(message + " [skipped; this fails when CI=true]");
    }
}
