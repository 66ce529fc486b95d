package dev.peregrine.scap;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a plain (uncompressed) libscap capture: a section header block, metadata blocks copied verbatim, then one
 * event block per {@link #write(EventView) written} event, in the block form the event was read in.
 *
 * <p>Event blocks follow libscap's {@code scap_dump}: {@code u32 type; u32 total_length; u16 cpu; [u32 flags];
 * event bytes; zero padding to a 4-byte multiple; u32 total_length}. The block type comes from the view: a 22-byte
 * (v1) header gives EV (0x204), a 26-byte (v2) header EV_V2 (0x216), or EV_V2_LARGE (0x221) when the view uses
 * 32-bit parameter lengths; each has its EVF counterpart (0x208, 0x217, 0x222) when the view carries block flags
 * ({@link EventView#blockFlags()} is not -1). The event bytes are copied straight from the view's segment into an
 * output buffer, so writing allocates nothing per event.
 *
 * <p>Not thread-safe. A writer that fails mid-way leaves a partial file behind; close it anyway.
 */
public final class CaptureWriter implements AutoCloseable {
    private static final int SHB_BODY_MAGIC = 0x1A2B3C4D;
    private static final int SHB_LENGTH = 28;
    private static final int BUFFER_SIZE = 1 << 16;
    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;

    private final OutputStream out;
    private final String target;
    private final byte[] buf = new byte[BUFFER_SIZE];
    private final MemorySegment seg = MemorySegment.ofArray(buf);
    private int pos;
    private long bytesWritten;
    private long eventsWritten;
    private boolean closed;

    /** Creates (or truncates) the file. */
    private CaptureWriter(Path file) throws IOException {
        this.out = Files.newOutputStream(file);
        this.target = file.toString();
    }

    /**
     * Creates (or truncates) {@code out} and writes the section header and the given metadata blocks.
     *
     * @param major              section header major version (libscap only reads 1)
     * @param minor              section header minor version (0, 1 or 2)
     * @param rawMetadataBlocks  complete blocks, header to trailer, as in {@link CaptureMetadata#rawBlocks()}
     * @throws IllegalArgumentException if a metadata block is not framed as a block
     */
    public static CaptureWriter open(Path out, int major, int minor, List<byte[]> rawMetadataBlocks)
            throws IOException {
        if (major < 0 || major > 0xFFFF || minor < 0 || minor > 0xFFFF) {
            throw new IllegalArgumentException("bad capture version " + major + "." + minor);
        }
        for (byte[] block : rawMetadataBlocks) {
            checkFramed(block);
        }
        CaptureWriter w = new CaptureWriter(out);
        try {
            w.u32(BlockType.SHB);
            w.u32(SHB_LENGTH);
            w.u32(SHB_BODY_MAGIC);
            w.u16(major);
            w.u16(minor);
            w.u64(-1L); // section length: unknown
            w.u32(SHB_LENGTH);
            for (byte[] block : rawMetadataBlocks) {
                w.bytes(block);
            }
        } catch (IOException | RuntimeException e) {
            w.closeQuietly();
            throw e;
        }
        return w;
    }

    /**
     * Creates a capture with the same version and metadata as {@code source} (the metadata blocks it has read so
     * far, i.e. those before its first event when called right after {@link CaptureReader#open}).
     */
    public static CaptureWriter create(Path out, CaptureReader source) throws IOException {
        return open(out, source.majorVersion(), source.minorVersion(), source.metadata().rawBlocks());
    }

    /**
     * Copies every remaining event of {@code source} into a new capture at {@code out}.
     *
     * @return the number of events written
     */
    public static long copy(CaptureReader source, Path out) throws IOException, CaptureFormatException {
        try (CaptureWriter w = create(out, source)) {
            EventView view = new EventView();
            while (source.next(view)) {
                w.write(view);
            }
            return w.eventsWritten();
        }
    }

    /** Appends the event the view points at as one event block. */
    public void write(EventView event) throws IOException {
        ensureOpen();
        int headerSize = event.headerSize();
        int len = event.length();
        if ((headerSize != EventView.HEADER_V1 && headerSize != EventView.HEADER_V2) || len < headerSize) {
            throw new IllegalArgumentException("not a wrapped event: header " + headerSize + ", length " + len);
        }
        int flags = event.blockFlags();
        boolean withFlags = flags != -1;
        int type;
        if (headerSize == EventView.HEADER_V1) {
            type = withFlags ? BlockType.EVF : BlockType.EV;
        } else if (event.largeLengths()) {
            type = withFlags ? BlockType.EVF_V2_LARGE : BlockType.EV_V2_LARGE;
        } else {
            type = withFlags ? BlockType.EVF_V2 : BlockType.EV_V2;
        }
        int body = 2 + (withFlags ? 4 : 0) + len;
        long total = ((8L + body + 4) + 3) & ~3L;
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("event too large for a block: " + len + " bytes");
        }
        u32(type);
        u32((int) total);
        u16(event.cpu());
        if (withFlags) {
            u32(flags);
        }
        copy(event.segment(), event.base(), len);
        for (int pad = (int) (total - 12 - body); pad > 0; pad--) {
            u8(0);
        }
        u32((int) total);
        eventsWritten++;
    }

    /** Events written so far. */
    public long eventsWritten() {
        return eventsWritten;
    }

    /** Bytes written so far, including buffered ones. */
    public long bytesWritten() {
        return bytesWritten + pos;
    }

    /** Writes buffered bytes to the file. */
    public void flush() throws IOException {
        ensureOpen();
        drain();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            drain();
        } finally {
            out.close();
        }
    }

    private static void checkFramed(byte[] block) {
        if (block.length < 12) {
            throw new IllegalArgumentException("metadata block of " + block.length + " bytes is not a block");
        }
        MemorySegment s = MemorySegment.ofArray(block);
        int header = s.get(LittleEndian.U32, 4);
        int trailer = s.get(LittleEndian.U32, block.length - 4);
        if (header != block.length || trailer != block.length) {
            throw new IllegalArgumentException(String.format(
                    "metadata block 0x%X: length %d and trailer %d do not match its %d bytes",
                    s.get(LittleEndian.U32, 0), header & 0xFFFFFFFFL, trailer & 0xFFFFFFFFL, block.length));
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException(target + ": capture writer is closed");
        }
    }

    private void drain() throws IOException {
        if (pos > 0) {
            out.write(buf, 0, pos);
            bytesWritten += pos;
            pos = 0;
        }
    }

    private void room(int n) throws IOException {
        if (BUFFER_SIZE - pos < n) {
            drain();
        }
    }

    private void u8(int v) throws IOException {
        room(1);
        buf[pos++] = (byte) v;
    }

    private void u16(int v) throws IOException {
        room(2);
        seg.set(LittleEndian.U16, pos, (short) v);
        pos += 2;
    }

    private void u32(int v) throws IOException {
        room(4);
        seg.set(LittleEndian.U32, pos, v);
        pos += 4;
    }

    private void u64(long v) throws IOException {
        room(8);
        seg.set(LittleEndian.U64, pos, v);
        pos += 8;
    }

    private void bytes(byte[] b) throws IOException {
        copy(MemorySegment.ofArray(b), 0, b.length);
    }

    /** Copies through the buffer in chunks, so events larger than the buffer need no allocation either. */
    private void copy(MemorySegment from, long offset, int length) throws IOException {
        while (length > 0) {
            if (pos == BUFFER_SIZE) {
                drain();
            }
            int n = Math.min(length, BUFFER_SIZE - pos);
            MemorySegment.copy(from, BYTE, offset, seg, BYTE, pos, n);
            pos += n;
            offset += n;
            length -= n;
        }
    }

    private void closeQuietly() {
        try {
            closed = true;
            out.close();
        } catch (IOException ignored) {
            // already failing
        }
    }
}
