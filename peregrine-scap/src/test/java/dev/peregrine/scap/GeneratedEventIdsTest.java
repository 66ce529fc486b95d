package dev.peregrine.scap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peregrine.testkit.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed EventIds.java and event_ids.h are what tools/gen-event-ids.py makes from the committed event table:
 * a hand edit of either, or a table regenerated without them, fails here.
 */
class GeneratedEventIdsTest {
    private static final List<String> GENERATED = List.of(
            "peregrine-scap/src/main/java/dev/peregrine/scap/EventIds.java",
            "peregrine-driver/src/main/bpf/event_ids.h");

    @TempDir
    Path out;

    private static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("tools/gen-event-ids.py"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no tools/gen-event-ids.py above " + Path.of("").toAbsolutePath());
    }

    @Test
    void committedFilesAreTheGeneratorsOutput() throws Exception {
        Path root = projectRoot();
        Process p;
        try {
            p = new ProcessBuilder("python3", root.resolve("tools/gen-event-ids.py").toString(), "--out",
                    out.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            SharedData.missing("python3 is needed to run tools/gen-event-ids.py: " + e.getMessage());
            return;
        }
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        for (String file : GENERATED) {
            assertThat(Files.readString(root.resolve(file)))
                    .as("%s differs from what tools/gen-event-ids.py makes (run it and commit the result)", file)
                    .isEqualTo(Files.readString(out.resolve(file)));
        }
    }
}
