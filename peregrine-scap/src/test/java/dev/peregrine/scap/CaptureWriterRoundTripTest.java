package dev.peregrine.scap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peregrine.scap.SharedCaptures.Capture;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Writes every shared capture back out with {@link CaptureWriter} and checks that the copy holds the same events
 * and metadata, is what libscap itself would have written, and that sysdig 0.29.3 prints the same thing for both.
 */
class CaptureWriterRoundTripTest {
    private static final long SYSDIG_TIMEOUT_SECONDS = 120;

    static Stream<Capture> captures() {
        return SharedCaptures.all();
    }

    static Stream<Capture> sysdigReadable() {
        return SharedCaptures.sysdigReadable();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void rewrittenCaptureReadsBackIdentically(Capture c, @TempDir Path tmp) throws Exception {
        Path original = SharedData.upstream(c.path());
        Path written = tmp.resolve("written.scap");
        long copied;
        try (CaptureReader r = CaptureReader.open(original)) {
            copied = CaptureWriter.copy(r, written);
        }
        assertThat(copied).isEqualTo(c.events());
        assertThat(SharedData.isGzip(written)).as("the writer writes plain captures").isFalse();

        long compared = CaptureReaderSharedDataTest.assertSameEvents(original, written);
        assertThat(compared).isEqualTo(c.events());

        byte[] source = SharedData.decompressed(original);
        byte[] copy = Files.readAllBytes(written);
        List<Blocks.Block> blocks = Blocks.of(copy);
        assertThat(Blocks.events(blocks)).hasSize((int) c.events());
        if (c.sysdigReadable()) {
            // libscap wrote these files: normalised block lengths, zero padding, the same block types, so the
            // copy is byte for byte the decompressed original
            assertThat(copy.length).isEqualTo(source.length);
            assertThat(java.util.Arrays.mismatch(copy, source)).as("first differing byte").isEqualTo(-1);
        } else {
            // section header options and event block comments are not carried over
            assertThat(Blocks.u32(copy, 4)).as("section header length").isEqualTo(28);
            assertThat(copy.length).isLessThan(source.length);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sysdigReadable")
    void sysdigPrintsTheSameForTheRewrittenCapture(Capture c, @TempDir Path tmp) throws Exception {
        Path original = SharedData.upstream(c.path());
        Path sysdig = SharedData.sysdig();
        Path written = tmp.resolve("written.scap");
        try (CaptureReader r = CaptureReader.open(original)) {
            CaptureWriter.copy(r, written);
        }
        Path expected = runSysdig(sysdig, original, tmp.resolve("original.txt"));
        Path actual = runSysdig(sysdig, written, tmp.resolve("written.txt"));
        try (Stream<String> lines = Files.lines(expected, StandardCharsets.ISO_8859_1)) {
            assertThat(lines.filter(l -> l.contains("#Calls")).count()).as("sysdig -S summary").isOne();
        }
        assertSameLines(expected, actual);
    }

    /**
     * Runs {@code sysdig -S -r capture} with TZ=UTC, asserting it succeeds; returns the file holding its output.
     * {@code -S} prints the same event lines as plain {@code sysdig -r}, then a count per event type that includes
     * the events sysdig hides (procinfo and the like: all of {@code empty.scap}'s events).
     */
    static Path runSysdig(Path sysdig, Path capture, Path output) throws IOException, InterruptedException {
        Path stderr = output.resolveSibling(output.getFileName() + ".err");
        ProcessBuilder pb = new ProcessBuilder(sysdig.toString(), "-S", "-r", capture.toString())
                .redirectOutput(output.toFile()).redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().put("TZ", "UTC");
        Process p = pb.start();
        if (!p.waitFor(SYSDIG_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("sysdig -r " + capture + " did not finish in " + SYSDIG_TIMEOUT_SECONDS + " s");
        }
        assertThat(p.exitValue()).as("sysdig -r %s exit status; stderr: %s", capture,
                Files.readString(stderr, StandardCharsets.ISO_8859_1)).isZero();
        return output;
    }

    /** Asserts two text files are identical, naming the first differing line if they are not. */
    static void assertSameLines(Path expected, Path actual) throws IOException {
        if (Files.mismatch(expected, actual) == -1) {
            return;
        }
        try (BufferedReader a = Files.newBufferedReader(expected, StandardCharsets.ISO_8859_1);
             BufferedReader b = Files.newBufferedReader(actual, StandardCharsets.ISO_8859_1)) {
            for (long line = 1; ; line++) {
                String la = a.readLine();
                String lb = b.readLine();
                if (la == null && lb == null) {
                    throw new AssertionError("outputs differ only in line endings");
                }
                if (la == null || !la.equals(lb)) {
                    throw new AssertionError("sysdig output differs at line " + line + ":\n  original: " + la
                            + "\n  written:  " + lb);
                }
            }
        }
    }
}
