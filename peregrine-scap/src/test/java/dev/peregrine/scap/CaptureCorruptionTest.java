package dev.peregrine.scap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.peregrine.testkit.SharedData;
import dev.peregrine.testkit.Sysdig;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged captures, built in a temp dir from real ones: the reader must either read them or throw a
 * {@link CaptureFormatException} naming the file, the cause and the byte offset, with a plausible event count;
 * never another exception, never a hang.
 *
 * <p>End of file at a block boundary: libscap takes a 0-byte read there as the end of the capture once it is in
 * the event section, so a file cut between two event blocks is a valid, shorter capture. Before the first event
 * block it reports "no events in file", and a gzip stream cut short is an error wherever the cut falls (zlib
 * reports it). The reader does the same; where sysdig is installed the tests check that it agrees.
 */
class CaptureCorruptionTest {
    private static final String V1_CAPTURE = "falco-legacy-tests/trace_files/cat_write.scap"; // EV blocks, PL_V6
    private static final String V2_CAPTURE = "falco-legacy-tests/trace_files/ping_sendto.scap"; // EV_V2, *_V2 lists
    private static final Duration TIME_LIMIT = Duration.ofSeconds(20);
    private static final int CUT_EVENT = 100;

    @TempDir
    Path tmp;

    private Path v1Gzip;
    private byte[] v1;
    private List<Blocks.Block> v1Blocks;
    private List<Blocks.Block> v1Events;

    /** What reading a file to its end gave: an event count, or the format error. */
    record Outcome(long events, CaptureFormatException error) {
    }

    @BeforeEach
    void loadV1() throws IOException {
        v1Gzip = SharedData.upstream(V1_CAPTURE);
        v1 = SharedData.decompressed(v1Gzip);
        v1Blocks = Blocks.of(v1);
        v1Events = Blocks.events(v1Blocks);
        assertThat(v1Events).hasSize(345);
    }

    // ---- end of file at and between block boundaries

    @Test
    void cutBetweenEventBlocksIsAShorterValidCapture() throws Exception {
        for (int k : new int[] {1, CUT_EVENT, v1Events.size() - 1}) {
            Path p = write("cut-" + k + ".scap", Arrays.copyOf(v1, v1Events.get(k).offset()));
            assertThat(read(p).error()).as("cut before event %d", k).isNull();
            assertThat(read(p).events()).as("cut before event %d", k).isEqualTo(k);
            assertThat(sysdigExit(p)).as("sysdig on a capture cut before event %d", k).isIn(-1, 0);
        }
        assertThat(read(write("whole.scap", v1)).events()).isEqualTo(345);
    }

    @Test
    void endingBeforeTheFirstEventIsAnError() throws Exception {
        int firstEvent = v1Events.getFirst().offset();
        int afterMachineInfo = v1Blocks.get(1).end();
        for (int cut : new int[] {28, afterMachineInfo, firstEvent}) {
            Path p = write("meta-" + cut + ".scap", Arrays.copyOf(v1, cut));
            CaptureFormatException e = expectError(p, "no events in file", cut, 0);
            assertThat(e.offset()).isEqualTo(cut);
            assertThat(sysdigExit(p)).as("sysdig: 'no events in file'").isIn(-1, 1);
        }
    }

    @ParameterizedTest(name = "{0} bytes into the block")
    @ValueSource(ints = {1, 4, 7})
    void cutInsideABlockHeader(int into) throws Exception {
        Blocks.Block b = v1Events.get(CUT_EVENT);
        Path p = write("header.scap", Arrays.copyOf(v1, b.offset() + into));
        expectError(p, "truncated block header (" + into + " of 8 bytes)", b.offset(), CUT_EVENT);
    }

    @ParameterizedTest(name = "{0} bytes into the block")
    @ValueSource(ints = {8, 12, 30, -1})
    void cutInsideABlockBody(int into) throws Exception {
        Blocks.Block b = v1Events.get(CUT_EVENT);
        int cut = b.offset() + (into < 0 ? b.length() - 1 : into);
        Path p = write("body.scap", Arrays.copyOf(v1, cut));
        expectError(p, "truncated block: type 0x204 needs " + b.length() + " bytes, the file has "
                + (cut - b.offset()), b.offset(), CUT_EVENT);
    }

    @Test
    void cutInsideAMetadataBlock() throws Exception {
        Blocks.Block pl = blockOfType(v1Blocks, 0x212);
        Path p = write("pl.scap", Arrays.copyOf(v1, pl.offset() + pl.length() / 2));
        expectError(p, "truncated block: type 0x212", pl.offset(), 0);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {2, 6, 10, 20, 27})
    void cutInsideTheSectionHeader(int cut) throws Exception {
        Path p = write("shb.scap", Arrays.copyOf(v1, cut));
        expectError(p, cut < 8 ? "truncated section header" : "truncated block: type 0xA0D0D0A", 0, 0);
    }

    @Test
    void emptyFile() throws Exception {
        expectError(write("empty.scap", new byte[0]), "empty file", 0, 0);
    }

    // ---- section header

    @Test
    void wrongMagic() throws Exception {
        byte[] d = v1.clone();
        d[0] = 0x0B;
        expectError(write("magic.scap", d), "wrong magic 0x0A0D0D0B", 0, 0);
    }

    @Test
    void wrongByteOrderMagic() throws Exception {
        byte[] d = v1.clone();
        d[8] ^= 0x01;
        expectError(write("bom.scap", d), "bad byte-order magic 0x1A2B3C4C", 0, 0);
    }

    @Test
    void bigEndianSectionHeader() throws Exception {
        byte[] d = v1.clone();
        Blocks.putU32(d, 4, Integer.reverseBytes(28));
        Blocks.putU32(d, 8, Integer.reverseBytes(0x1A2B3C4D));
        Blocks.putU32(d, 24, Integer.reverseBytes(28));
        expectError(write("be.scap", d), "big-endian", 0, 0);
    }

    @Test
    void unsupportedMajorVersion() throws Exception {
        byte[] d = v1.clone();
        Blocks.putU16(d, 12, 2);
        expectError(write("v2.scap", d), "unsupported capture format version 2.0", 0, 0);
    }

    // ---- block framing

    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {0, 8, 11, 0x7FFFFFFF, 0xFFFFFFFF, 0x80000000})
    void badBlockLength(int length) throws Exception {
        Blocks.Block b = v1Events.get(CUT_EVENT);
        byte[] d = v1.clone();
        Blocks.putU32(d, b.offset() + 4, length);
        expectError(write("len.scap", d), "bad block length " + Integer.toUnsignedString(length), b.offset(),
                CUT_EVENT);
    }

    /** A length below the reader's limit but far beyond the file costs no memory beyond the file's bytes. */
    @Test
    void hugeBlockLengthAllocatesNoHugeBuffer() throws Exception {
        Blocks.Block b = v1Events.get(CUT_EVENT);
        byte[] d = v1.clone();
        Blocks.putU32(d, b.offset() + 4, 0x0FFF_FFF0);
        Path p = write("huge.scap", d);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        CaptureFormatException e = null;
        try (CaptureReader r = CaptureReader.open(p)) {
            r.drain();
        } catch (CaptureFormatException x) {
            e = x;
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("truncated block: type 0x204 needs 268435440 bytes");
        assertThat(e.offset()).isEqualTo(b.offset());
        assertThat(allocated).as("bytes allocated reading a %d-byte file", d.length).isLessThan(32L << 20);
    }

    @Test
    void trailerMismatch() throws Exception {
        Blocks.Block b = v1Events.get(CUT_EVENT);
        byte[] d = v1.clone();
        Blocks.putU32(d, b.end() - 4, b.length() + 4);
        expectError(write("trailer.scap", d), "block length " + b.length() + " does not match its trailer "
                + (b.length() + 4), b.offset(), CUT_EVENT);

        byte[] longer = v1.clone();
        Blocks.putU32(longer, b.offset() + 4, b.length() + 4);
        expectError(write("longer.scap", longer), "does not match its trailer", b.offset(), CUT_EVENT);
    }

    @Test
    void eventBlockTooShortForAnEventHeader() throws Exception {
        Blocks.Block b = v1Events.get(CUT_EVENT);
        byte[] small = new byte[20];
        Blocks.putU32(small, 0, 0x204);
        Blocks.putU32(small, 4, 20);
        Blocks.putU32(small, 16, 20);
        Path p = write("short.scap", splice(v1, b, small));
        expectError(p, "event block too short for an event header (20 bytes)", b.offset(), CUT_EVENT);
    }

    @Test
    void eventLengthBeyondItsBlock() throws Exception {
        Blocks.Block b = v1Events.get(CUT_EVENT);
        byte[] d = v1.clone();
        Blocks.putU32(d, b.offset() + 10 + 16, b.length() + 100);
        expectError(write("evlen.scap", d), "corrupt event", b.offset(), CUT_EVENT);
    }

    @Test
    void eventLengthBelowItsHeader() throws Exception {
        Blocks.Block b = v1Events.get(CUT_EVENT);
        byte[] d = v1.clone();
        Blocks.putU32(d, b.offset() + 10 + 16, 3);
        expectError(write("evlen3.scap", d), "corrupt event: event length 3", b.offset(), CUT_EVENT);
    }

    // ---- metadata

    @Test
    void corruptProcessListEntry() throws Exception {
        Blocks.Block pl = blockOfType(v1Blocks, 0x212);
        byte[] d = v1.clone();
        Blocks.putU16(d, pl.offset() + 8 + 32, 0xFFFF); // PL_V6: tid, pid, ptid, sid, then comm's length
        expectError(write("pl.scap", d), "corrupt metadata block 0x212", pl.offset(), 0);
    }

    /**
     * Entry lengths shorter than the fields already read: the parsers must not step backwards (they used to loop
     * forever on such entries).
     */
    @ParameterizedTest(name = "block type 0x{0}")
    @ValueSource(strings = {"215", "218", "219", "220"})
    void entryLengthShorterThanItsFields(String hexType) throws Exception {
        byte[] d = SharedData.decompressed(SharedData.upstream(V2_CAPTURE));
        int type = Integer.parseInt(hexType, 16);
        Blocks.Block b = blockOfType(Blocks.of(d), type);
        int entryLenAt = b.offset() + 8 + (type == 0x218 ? 8 : 0); // FDL_V2 starts with the thread id
        Blocks.putU32(d, entryLenAt, 1);
        expectError(write("entry1.scap", d), "corrupt metadata block 0x" + hexType + ": entry length 1 ",
                b.offset(), 0);

        Blocks.putU32(d, entryLenAt, 0); // 0 means "no length given": the parse goes on, misaligned or not
        Outcome o = read(write("entry0.scap", d));
        assertThat(o.events() == 1526 || o.error() != null).isTrue();
    }

    // ---- not a capture at all

    @Test
    void randomBytes() throws Exception {
        long seed = 0xC0FFEE;
        byte[] d = new byte[1 << 16];
        new Random(seed).nextBytes(d);
        d[0] = 0x42;
        expectError(write("random.scap", d), "not a capture file: wrong magic", 0, 0);
    }

    @Test
    void sectionHeaderThenRandomBytes() throws Exception {
        byte[] d = new byte[28 + (1 << 16)];
        new Random(0xBADL).nextBytes(d);
        System.arraycopy(v1, 0, d, 0, 28);
        CaptureFormatException e = expectError(write("shb-random.scap", d), "bad block length", 28, 0);
        assertThat(e.offset()).isEqualTo(28);
    }

    // ---- gzip

    @ParameterizedTest(name = "{0}% of the compressed file")
    @ValueSource(ints = {10, 50, 90})
    void truncatedGzip(int percent) throws Exception {
        byte[] gz = Files.readAllBytes(v1Gzip);
        Path p = write("cut.scap.gz", Arrays.copyOf(gz, gz.length * percent / 100));
        CaptureFormatException e = expectError(p, "compressed stream broken", -1, -1);
        assertThat(e.eventsRead()).isBetween(0L, 344L);
        assertThat(e.offset()).isLessThan(v1.length);
    }

    /** Every event is there but the gzip trailer is cut: zlib (so libscap) reports it, and so does the reader. */
    @Test
    void gzipWithoutItsLastByte() throws Exception {
        byte[] gz = Files.readAllBytes(v1Gzip);
        expectError(write("cut1.scap.gz", Arrays.copyOf(gz, gz.length - 1)), "compressed stream ends early",
                v1.length, 345);
    }

    @Test
    void gzipCutInsideItsHeader() throws Exception {
        byte[] gz = Files.readAllBytes(v1Gzip);
        expectError(write("gzhead.scap.gz", Arrays.copyOf(gz, 5)), "compressed stream broken", 0, 0);
    }

    @Test
    void gzipWithABadChecksum() throws Exception {
        byte[] gz = Files.readAllBytes(v1Gzip);
        gz[gz.length - 8] ^= 0x55; // CRC32 in the trailer
        expectError(write("crc.scap.gz", gz), "compressed stream", v1.length, 345);
    }

    /** A gzip stream whose data stops exactly between two event blocks (no end marker, no trailer). */
    @Test
    void gzipCutBetweenEventBlocks() throws Exception {
        int cut = v1Events.get(10).offset();
        Path p = tmp.resolve("sync.scap.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p), 1 << 16, true)) {
            out.write(v1, 0, cut);
            out.flush(); // sync flush: all the data so far is decodable
            Files.write(tmp.resolve("partial.scap.gz"), Files.readAllBytes(p));
        }
        Path partial = tmp.resolve("partial.scap.gz");
        expectError(partial, "compressed stream ends early", cut, 10);
        assertThat(sysdigExit(partial)).as("sysdig: 'unexpected end of file'").isIn(-1, 1);
    }

    @Test
    void gzipWithCorruptDeflateData() throws Exception {
        byte[] gz = Files.readAllBytes(v1Gzip);
        for (int i = gz.length / 2; i < gz.length / 2 + 16; i++) {
            gz[i] = (byte) ~gz[i];
        }
        // damaged deflate data may inflate to garbage before zlib notices: any format error will do
        CaptureFormatException e = expectError(write("deflate.scap.gz", gz), "", -1, -1);
        assertThat(e.eventsRead()).isBetween(0L, 345L);
    }

    // ---- fuzz

    /**
     * Random single-byte, bit, short-range, header-field and truncation damage to two small captures (v1 and v2
     * event blocks). Each must read, or fail with a well-formed CaptureFormatException, within the time limit. The
     * seed is fixed and printed; {@code -Dperegrine.fuzz.seed=N} replays another.
     */
    @Test
    void randomCorruptionsReadOrFailCleanly() throws Exception {
        long seed = Long.getLong("peregrine.fuzz.seed", 0x5CA9_F00DL);
        int rounds = Integer.getInteger("peregrine.fuzz.rounds", 200);
        System.out.println("CaptureCorruptionTest fuzz seed " + seed + ", " + rounds + " rounds per capture");
        Random random = new Random(seed);
        byte[] v2 = SharedData.decompressed(SharedData.upstream(V2_CAPTURE));
        int[] ok = new int[1];
        int[] failed = new int[1];
        for (byte[] base : List.of(v1, v2)) {
            List<Blocks.Block> blocks = Blocks.of(base);
            for (int round = 0; round < rounds; round++) {
                byte[] d = base.clone();
                String what = mutate(d, blocks, random);
                if (what.startsWith("truncate to ")) {
                    d = Arrays.copyOf(d, Integer.parseInt(what.substring(12)));
                }
                Path p = write("fuzz.scap", d);
                String where = "seed " + seed + ", round " + round + ": " + what;
                Outcome o = read(p, where);
                if (o.error() == null) {
                    ok[0]++;
                    assertThat(o.events()).as(where).isBetween(0L, (long) blocks.size());
                } else {
                    failed[0]++;
                    checkMessage(o.error(), p, where);
                    assertThat(o.error().offset()).as(where).isBetween(0L, (long) d.length);
                    assertThat(o.error().eventsRead()).as(where).isBetween(0L, (long) blocks.size());
                }
            }
        }
        System.out.println("CaptureCorruptionTest fuzz: " + ok[0] + " read, " + failed[0] + " rejected");
        assertThat(ok[0] + failed[0]).isEqualTo(2 * rounds);
    }

    /** Damages {@code d} in place (or describes a truncation) and says what it did. */
    private static String mutate(byte[] d, List<Blocks.Block> blocks, Random r) {
        switch (r.nextInt(5)) {
            case 0 -> {
                int at = r.nextInt(d.length);
                byte v = (byte) (d[at] + 1 + r.nextInt(255));
                d[at] = v;
                return "byte " + at + " := " + (v & 0xFF);
            }
            case 1 -> {
                int at = r.nextInt(d.length);
                at = Math.max(0, Math.min(at, d.length - 2));
                int n = Math.min(2 + r.nextInt(15), d.length - at);
                for (int i = 0; i < n; i++) {
                    d[at + i] = (byte) r.nextInt(256);
                }
                return n + " random bytes at " + at;
            }
            case 2 -> {
                int at = r.nextInt(d.length);
                int bit = r.nextInt(8);
                d[at] ^= (byte) (1 << bit);
                return "bit " + bit + " of byte " + at + " flipped";
            }
            case 3 -> {
                Blocks.Block b = blocks.get(r.nextInt(blocks.size()));
                // block type, block length, trailer, cpu, event ts/len/type/nparams, first param lengths
                int[] fields = {0, 4, b.length() - 4, 8, 10, 10 + 16, 10 + 20, 10 + 22, 10 + 26, 10 + 28};
                int at = b.offset() + fields[r.nextInt(fields.length)];
                if (at + 4 > b.end()) {
                    at = b.end() - 4;
                }
                int old = Blocks.u32(d, at);
                int[] values = {0, 1, 8, 12, 22, 26, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF,
                        0x0FFFFFFF, old + 1, old - 1, old + 4, old ^ (1 << r.nextInt(32))};
                int v = values[r.nextInt(values.length)];
                Blocks.putU32(d, at, v);
                return String.format("u32 at %d (block 0x%X at %d) := 0x%X", at, b.type(), b.offset(), v);
            }
            default -> {
                return "truncate to " + r.nextInt(d.length);
            }
        }
    }

    // ---- helpers

    private Path write(String name, byte[] data) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, data);
        return p;
    }

    /** Replaces block {@code b} of {@code d} by {@code replacement}. */
    private static byte[] splice(byte[] d, Blocks.Block b, byte[] replacement) {
        byte[] out = new byte[d.length - b.length() + replacement.length];
        System.arraycopy(d, 0, out, 0, b.offset());
        System.arraycopy(replacement, 0, out, b.offset(), replacement.length);
        System.arraycopy(d, b.end(), out, b.offset() + replacement.length, d.length - b.end());
        return out;
    }

    private static Blocks.Block blockOfType(List<Blocks.Block> blocks, int type) {
        return blocks.stream().filter(b -> b.type() == type).findFirst().orElseThrow();
    }

    static Outcome read(Path file) {
        return read(file, file.toString());
    }

    /**
     * Reads a file to its end within the time limit. Success and CaptureFormatException are outcomes; anything
     * else thrown (or a hang) fails the test.
     */
    static Outcome read(Path file, String where) {
        return assertTimeoutPreemptively(TIME_LIMIT, () -> {
            try (CaptureReader r = CaptureReader.open(file)) {
                return new Outcome(r.drain(), null);
            } catch (CaptureFormatException e) {
                return new Outcome(-1, e);
            } catch (Throwable t) {
                throw new AssertionError(where + ": expected success or CaptureFormatException, got " + t, t);
            }
        }, () -> where + ": reading did not finish within " + TIME_LIMIT);
    }

    /**
     * Asserts reading fails with a CaptureFormatException whose message has {@code cause}, at {@code offset} after
     * {@code events} events (-1: not checked).
     */
    static CaptureFormatException expectError(Path file, String cause, long offset, long events) {
        Outcome o = read(file);
        assertThat(o.error()).as("%s should be rejected (%s), but read %d events", file, cause, o.events())
                .isNotNull();
        CaptureFormatException e = o.error();
        checkMessage(e, file, file.toString());
        assertThat(e.getMessage()).contains(cause);
        if (offset >= 0) {
            assertThat(e.offset()).as("offset in: %s", e.getMessage()).isEqualTo(offset);
        }
        if (events >= 0) {
            assertThat(e.eventsRead()).as("events read in: %s", e.getMessage()).isEqualTo(events);
        }
        return e;
    }

    /** The message names the file, and the offset and event count it reports. */
    private static void checkMessage(CaptureFormatException e, Path file, String where) {
        assertThat(e.getMessage()).as(where).startsWith(file + ": ")
                .contains("at byte offset " + e.offset() + " (after " + e.eventsRead() + " events)");
    }

    /** sysdig's exit status on the file, or -1 if sysdig is not installed (fails when CI=true). */
    private static int sysdigExit(Path capture) {
        return Sysdig.available() ? Sysdig.exec(capture).exitStatus() : -1;
    }
}
