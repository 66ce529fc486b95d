package dev.peregrine.scap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.peregrine.testkit.SharedData;
import dev.peregrine.testkit.Sysdig;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Block forms (EV, EVF, V2, LARGE), framing and padding, and the writer's API, on real and synthetic events. */
class CaptureWriterTest {
    private static final String V1_CAPTURE = "falco-legacy-tests/trace_files/cat_write.scap";
    private static final String V2_CAPTURE = "falco-legacy-tests/trace_files/ping_sendto.scap";
    /** EF_LARGE_PAYLOAD, one PT_CHARBUF param. */
    private static final int CONTAINER_E = EventIds.CONTAINER_JSON_2_E;

    @TempDir
    Path tmp;

    @Test
    void sectionHeaderAndMetadataOnly() throws Exception {
        byte[] block = metadataBlock(0x7777, new byte[] {1, 2, 3, 4, 5});
        Path out = tmp.resolve("head.scap");
        try (CaptureWriter w = CaptureWriter.open(out, 1, 2, List.of(block))) {
            assertThat(w.eventsWritten()).isZero();
            assertThat(w.bytesWritten()).isEqualTo(28 + block.length);
        }
        byte[] file = Files.readAllBytes(out);
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(file).hasSize(28 + block.length);
        assertThat(b.getInt(0)).isEqualTo(0x0A0D0D0A);
        assertThat(b.getInt(4)).isEqualTo(28);
        assertThat(b.getInt(8)).isEqualTo(0x1A2B3C4D);
        assertThat(b.getShort(12)).isEqualTo((short) 1);
        assertThat(b.getShort(14)).isEqualTo((short) 2);
        assertThat(b.getLong(16)).isEqualTo(-1L);
        assertThat(b.getInt(24)).isEqualTo(28);
        assertThat(java.util.Arrays.copyOfRange(file, 28, file.length)).isEqualTo(block);
    }

    @Test
    void rejectsMetadataThatIsNotABlock() {
        byte[] good = metadataBlock(0x201, new byte[8]);
        byte[] badTrailer = good.clone();
        Blocks.putU32(badTrailer, badTrailer.length - 4, 99);
        assertThatThrownBy(() -> CaptureWriter.open(tmp.resolve("a.scap"), 1, 0, List.of(new byte[8])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CaptureWriter.open(tmp.resolve("b.scap"), 1, 0, List.of(good, badTrailer)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trailer 99");
        assertThat(tmp.resolve("b.scap")).doesNotExist();
    }

    @Test
    void writeAfterCloseFailsAndCloseIsIdempotent() throws Exception {
        Path out = tmp.resolve("closed.scap");
        CaptureWriter w = CaptureWriter.open(out, 1, 2, List.of());
        w.close();
        w.close();
        EventView v = new EventView();
        assertThat(wrap(v, containerEvent(1, "{}"), EventView.HEADER_V2, true, 0, -1)).isNull();
        assertThatThrownBy(() -> w.write(v)).isInstanceOf(IOException.class).hasMessageContaining("closed");
        assertThat(out).hasSize(28);
    }

    /** v1 events re-wrapped with block flags come out as EVF (0x208) blocks, and sysdig reads them the same. */
    @Test
    void v1EventsWithFlagsBecomeEvfBlocks() throws Exception {
        rewriteWithFlags(V1_CAPTURE, 0x208);
    }

    /** v2 events re-wrapped with block flags come out as EVF_V2 (0x217) blocks, and sysdig reads them the same. */
    @Test
    void v2EventsWithFlagsBecomeEvfV2Blocks() throws Exception {
        rewriteWithFlags(V2_CAPTURE, 0x217);
    }

    private void rewriteWithFlags(String capture, int expectedType) throws Exception {
        Path original = SharedData.upstream(capture);
        Path out = tmp.resolve("evf.scap");
        try (CaptureReader r = CaptureReader.open(original); CaptureWriter w = CaptureWriter.create(out, r)) {
            EventView v = new EventView();
            while (r.next(v)) {
                // flags 0: libscap's own writer would use a plain EV block, but any EVF block must read back
                assertThat(v.wrap(v.segment(), v.base(), v.headerSize(), v.largeLengths(), v.cpu(), 0)).isNull();
                w.write(v);
            }
        }
        byte[] written = Files.readAllBytes(out);
        List<Blocks.Block> events = Blocks.events(Blocks.of(written));
        assertThat(events).isNotEmpty().allSatisfy(b -> assertThat(b.type()).isEqualTo(expectedType));
        assertWellFramed(written);

        try (CaptureReader a = CaptureReader.open(original); CaptureReader b = CaptureReader.open(out)) {
            EventView va = new EventView();
            EventView vb = new EventView();
            long n = 0;
            while (a.next(va)) {
                assertThat(b.next(vb)).isTrue();
                assertThat(vb.blockFlags()).isZero();
                assertThat(va.wrap(va.segment(), va.base(), va.headerSize(), va.largeLengths(), va.cpu(), 0)).isNull();
                CaptureComparisons.assertSameEvent(va, vb, n++);
            }
            assertThat(b.next(vb)).isFalse();
        }

        CaptureComparisons.assertSamePrinted(CaptureComparisons.sysdigSummary(original),
                CaptureComparisons.sysdigSummary(out));
    }

    /**
     * Large-payload events go to EV_V2_LARGE (0x221) blocks, or EVF_V2_LARGE (0x222) with flags; every event length
     * modulo 4 gets the right padding; an event bigger than the writer's buffer is copied whole.
     */
    @Test
    void largePayloadEventsPaddingAndBigEvents() throws Exception {
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            payloads.add("{\"container\":{\"id\":\"" + "x".repeat(i) + "\"}}");
        }
        payloads.add("{\"big\":\"" + "y".repeat(300_000) + "\"}");
        Path out = tmp.resolve("large.scap");
        EventView v = new EventView();
        try (Arena arena = Arena.ofConfined(); CaptureWriter w = CaptureWriter.open(out, 1, 2, List.of())) {
            for (int i = 0; i < payloads.size(); i++) {
                MemorySegment e = arena.allocate(containerEvent(i, payloads.get(i)).length + 5);
                byte[] bytes = containerEvent(i, payloads.get(i));
                // put the event at an odd offset of its segment: the writer must honour view.base()
                MemorySegment.copy(MemorySegment.ofArray(bytes), 0, e, 3, bytes.length);
                int flags = i % 2 == 0 ? -1 : 0x10 + i;
                assertThat(v.wrap(e, 3, EventView.HEADER_V2, false, i % 3, flags)).isNull();
                assertThat(v.largeLengths()).as("EF_LARGE_PAYLOAD event uses 32-bit lengths").isTrue();
                w.write(v);
            }
            assertThat(w.eventsWritten()).isEqualTo(payloads.size());
        }
        byte[] written = Files.readAllBytes(out);
        assertWellFramed(written);
        List<Blocks.Block> blocks = Blocks.events(Blocks.of(written));
        assertThat(blocks).hasSize(payloads.size());
        for (int i = 0; i < blocks.size(); i++) {
            assertThat(blocks.get(i).type()).isEqualTo(i % 2 == 0 ? 0x221 : 0x222);
        }
        try (CaptureReader r = CaptureReader.open(out)) {
            int i = 0;
            while (r.next(v)) {
                assertThat(v.type()).isEqualTo(CONTAINER_E);
                assertThat(v.cpu()).isEqualTo(i % 3);
                assertThat(v.blockFlags()).isEqualTo(i % 2 == 0 ? -1 : 0x10 + i);
                assertThat(v.largeLengths()).isTrue();
                assertThat(v.timestamp()).isEqualTo(1_000_000_000L + i);
                assertThat(v.paramString(0)).isEqualTo(payloads.get(i));
                i++;
            }
            assertThat(i).isEqualTo(payloads.size());
        }
    }

    /**
     * sysdig 0.29.3 knows the LARGE block types: container events written as EV_V2_LARGE / EVF_V2_LARGE blocks
     * ahead of a real capture's events leave its output unchanged but for the event numbers.
     */
    @Test
    void sysdigReadsLargeBlocks() throws Exception {
        Path original = SharedData.upstream(V2_CAPTURE);
        Sysdig.require();
        Path out = tmp.resolve("large.scap");
        EventView v = new EventView();
        int extra = 4;
        try (CaptureReader r = CaptureReader.open(original); CaptureWriter w = CaptureWriter.create(out, r)) {
            assertThat(r.next(v)).isTrue();
            for (int i = 0; i < extra; i++) {
                byte[] e = containerEvent(i, "{\"container\":{\"id\":\"0123456789a" + i + "\",\"name\":\"c" + i
                        + "\",\"image\":\"img\",\"type\":0}}");
                Blocks.putU32(e, 0, 0); // ts: before the capture's first event
                EventView c = new EventView();
                assertThat(c.wrap(MemorySegment.ofArray(e), 0, EventView.HEADER_V2, false, 0, i % 2 == 0 ? -1 : 0))
                        .isNull();
                w.write(c);
            }
            do {
                w.write(v);
            } while (r.next(v));
        }
        List<Blocks.Block> blocks = Blocks.events(Blocks.of(Files.readAllBytes(out)));
        assertThat(blocks.subList(0, extra)).extracting(Blocks.Block::type).containsExactly(0x221, 0x222, 0x221,
                0x222);
        List<String> expected = eventLinesWithoutNumbers(CaptureComparisons.sysdigSummary(original));
        List<String> actual = eventLinesWithoutNumbers(CaptureComparisons.sysdigSummary(out));
        assertThat(actual).isEqualTo(expected);
    }

    private static List<String> eventLinesWithoutNumbers(Sysdig.Result sysdig) {
        return sysdig.lines().stream()
                .map(l -> l.replaceFirst("^\\d+ ", "")).toList();
    }

    /** Writing allocates nothing per event (only the stream's small per-flush wrappers). */
    @Test
    void writingAllocatesNothingPerEvent() throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        EventView v = new EventView();
        byte[] bytes = containerEvent(7, "{\"container\":{\"id\":\"abc\"}}");
        MemorySegment e = MemorySegment.ofArray(bytes);
        assertThat(v.wrap(e, 0, EventView.HEADER_V2, false, 1, -1)).isNull();
        try (CaptureWriter w = CaptureWriter.open(tmp.resolve("alloc.scap"), 1, 2, List.of())) {
            for (int i = 0; i < 50_000; i++) {
                w.write(v);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            int n = 200_000;
            for (int i = 0; i < n; i++) {
                w.write(v);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(allocated).as("bytes allocated for %d events (%d bytes written)", n, w.bytesWritten())
                    .isLessThan(n / 4);
        }
    }

    /** Checks every block's trailer, and for event blocks the normalised length and zero padding. */
    static void assertWellFramed(byte[] capture) {
        ByteBuffer b = ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN);
        for (Blocks.Block block : Blocks.of(capture)) {
            if (!block.isEvent()) {
                continue;
            }
            int flagsSize = switch (block.type()) {
                case 0x208, 0x217, 0x222 -> 4;
                default -> 0;
            };
            int eventStart = block.offset() + 8 + 2 + flagsSize;
            int eventLen = b.getInt(eventStart + 16);
            int body = 2 + flagsSize + eventLen;
            assertThat(block.length()).as("length of block at %d", block.offset())
                    .isEqualTo((8 + body + 4 + 3) & ~3);
            for (int p = eventStart + eventLen; p < block.end() - 4; p++) {
                assertThat(capture[p]).as("padding byte at %d", p).isZero();
            }
        }
    }

    /** A v2 container event (CONTAINER_JSON_2_E, large payload: u32 parameter lengths) carrying {@code json}. */
    static byte[] containerEvent(int i, String json) {
        byte[] value = (json + "\0").getBytes(StandardCharsets.UTF_8);
        int len = 26 + 4 + value.length;
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(1_000_000_000L + i).putLong(4242).putInt(len).putShort((short) CONTAINER_E).putInt(1);
        b.putInt(value.length).put(value);
        return b.array();
    }

    private static String wrap(EventView v, byte[] event, int headerSize, boolean large, int cpu, int flags) {
        return v.wrap(MemorySegment.ofArray(event), 0, headerSize, large, cpu, flags);
    }

    static byte[] metadataBlock(int type, byte[] body) {
        int len = (8 + body.length + 4 + 3) & ~3;
        byte[] block = new byte[len];
        Blocks.putU32(block, 0, type);
        Blocks.putU32(block, 4, len);
        System.arraycopy(body, 0, block, 8, body.length);
        Blocks.putU32(block, len - 4, len);
        return block;
    }
}
