package dev.peregrine.scap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peregrine.scap.SharedCaptures.Capture;
import dev.peregrine.testkit.SharedData;
import dev.peregrine.testkit.Sysdig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Writes every shared capture back out with {@link CaptureWriter} and checks that the copy holds the same events
 * and metadata, is what libscap itself would have written, and that sysdig 0.29.3 prints the same thing for both.
 */
class CaptureWriterRoundTripTest {
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

        long compared = CaptureComparisons.assertSameEvents(original, written);
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
        Sysdig.require();
        Path written = tmp.resolve("written.scap");
        try (CaptureReader r = CaptureReader.open(original)) {
            CaptureWriter.copy(r, written);
        }
        Sysdig.Result expected = CaptureComparisons.sysdigSummary(original);
        Sysdig.Result actual = CaptureComparisons.sysdigSummary(written);
        assertThat(expected.lines().stream().filter(l -> l.contains("#Calls")).count()).as("sysdig -S summary")
                .isOne();
        CaptureComparisons.assertSamePrinted(expected, actual);
    }
}
