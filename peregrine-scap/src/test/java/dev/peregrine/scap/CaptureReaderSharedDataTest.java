package dev.peregrine.scap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peregrine.scap.SharedCaptures.Capture;
import dev.peregrine.testkit.SharedData;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Reads every capture of the shared folder to the end and checks its counts against independent ones. */
class CaptureReaderSharedDataTest {
    private static final List<String> FOLDERS = List.of("falco-legacy-tests/trace_files", "libs-traces",
            "demo-traces");

    static Stream<Capture> captures() {
        return SharedCaptures.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void readsToTheEndWithTheExpectedCounts(Capture c) throws Exception {
        Path file = SharedData.upstream(c.path());
        assertThat(SharedData.isGzip(file)).as("gzip-wrapped").isEqualTo(c.gzip());

        // the expected numbers must still describe the file: count its blocks with the test's own walker
        List<Blocks.Block> blocks = Blocks.of(SharedData.decompressed(file));
        assertThat(blocks.getFirst().type()).isEqualTo(Blocks.SHB);
        assertThat(Blocks.events(blocks)).hasSize((int) c.events());
        assertThat(blocks.size() - 1 - c.events()).isEqualTo(c.metadataBlocks());

        try (CaptureReader r = CaptureReader.open(file)) {
            assertThat(r.majorVersion()).isEqualTo(c.major());
            assertThat(r.minorVersion()).isEqualTo(c.minor());
            CaptureMetadata m = r.metadata();
            assertThat(m.rawBlocks()).as("metadata blocks").hasSize(c.metadataBlocks());
            assertThat(m.machineInfo()).as("machine info").isNotNull();
            assertThat(m.machineInfo().numCpus()).isPositive();
            assertThat(m.threads()).as("threads").isNotEmpty();
            assertThat(m.fds()).as("fds").isNotEmpty();
            assertThat(m.users()).as("users").isNotEmpty();
            assertThat(m.groups()).as("groups").isNotEmpty();
            assertThat(m.interfaces()).as("interfaces").isNotEmpty();
            assertThat(m.threads()).allSatisfy(t -> assertThat(t.tid).isPositive());

            EventView v = new EventView();
            long count = 0;
            long lastOffset = -1;
            List<Blocks.Block> events = Blocks.events(blocks);
            while (r.next(v)) {
                Blocks.Block expected = events.get((int) count);
                assertThat(r.blockOffset()).as("offset of event %d", count).isEqualTo(expected.offset())
                        .isGreaterThan(lastOffset);
                lastOffset = r.blockOffset();
                assertThat(v.length()).isBetween(v.headerSize(), expected.length() - 12);
                assertThat(v.info()).isNotNull();
                assertThat(v.cpu()).as("cpu of event %d", count).isLessThan(m.machineInfo().numCpus());
                count++;
                assertThat(r.eventsRead()).isEqualTo(count);
            }
            assertThat(count).as("events").isEqualTo(c.events());
            assertThat(r.next(v)).as("next() after the end").isFalse();
            assertThat(r.eventsRead()).isEqualTo(c.events());
        }
    }

    /** Anything new in the shared folders must read too, even before it gets expected numbers above. */
    @Test
    void everySharedCaptureReadsWithoutError() throws Exception {
        Path upstream = SharedData.upstream("");
        List<Path> found = new ArrayList<>();
        for (String folder : FOLDERS) {
            Path dir = upstream.resolve(folder);
            if (!Files.isDirectory(dir)) {
                SharedData.missing("shared capture folder " + dir + " is missing");
            }
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".scap")).sorted().forEach(found::add);
            }
        }
        assertThat(found).hasSizeGreaterThanOrEqualTo(SharedCaptures.ALL.size());
        for (Path p : found) {
            try (CaptureReader r = CaptureReader.open(p)) {
                assertThat(r.drain()).as(p.toString()).isPositive();
            }
        }
    }

    /** A gzip capture and its gunzipped copy read the same, and so do a plain capture and its gzipped copy. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("gzipPairs")
    void plainAndGzipReadTheSame(String relative, @TempDir Path tmp) throws Exception {
        Path original = SharedData.upstream(relative);
        boolean gzip = SharedData.isGzip(original);
        Path other = tmp.resolve(gzip ? "plain.scap" : "gzipped.scap");
        byte[] plain = SharedData.decompressed(original);
        if (gzip) {
            Files.write(other, plain);
        } else {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(other))) {
                out.write(plain);
            }
        }
        assertThat(SharedData.isGzip(other)).isNotEqualTo(gzip);
        CaptureComparisons.assertSameEvents(original, other);
    }

    static Stream<String> gzipPairs() {
        return Stream.of("falco-legacy-tests/trace_files/cat_write.scap", "falco-legacy-tests/trace_files/ping_sendto.scap",
                "libs-traces/sample.scap");
    }
}
