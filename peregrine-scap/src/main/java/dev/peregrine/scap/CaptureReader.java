package dev.peregrine.scap;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Streams a libscap capture file (plain or gzip-wrapped): reads the section header and the metadata blocks on open,
 * then hands out events one at a time as views over its buffer, in constant memory.
 */
public final class CaptureReader implements AutoCloseable {
    private static final int SHB_BODY_MAGIC = 0x1A2B3C4D;
    private static final int MAX_BLOCK_LENGTH = 1 << 28;

    private final BlockInput input;
    private final String source;
    private final CaptureMetadata metadata = new CaptureMetadata();
    private int major;
    private int minor;
    private long eventsRead;
    private long blockOffset;
    private int blockType;
    private boolean pendingEvent;

    private CaptureReader(InputStream in, String source) {
        this.input = new BlockInput(in);
        this.source = source;
    }

    /** Opens a capture and reads its header and metadata blocks. */
    public static CaptureReader open(Path path) throws IOException, CaptureFormatException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        raw.mark(2);
        int b0 = raw.read(), b1 = raw.read();
        raw.reset();
        InputStream in = raw;
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                in = new GZIPInputStream(raw, 1 << 16);
            } catch (EOFException | ZipException e) {
                raw.close();
                throw new CaptureFormatException(path + ": compressed stream broken: " + e.getMessage(), 0, 0);
            }
        }
        CaptureReader reader = new CaptureReader(in, path.toString());
        try {
            reader.readHead();
        } catch (IOException | CaptureFormatException | RuntimeException e) {
            reader.close();
            throw e;
        }
        return reader;
    }

    public int majorVersion() {
        return major;
    }

    public int minorVersion() {
        return minor;
    }

    public CaptureMetadata metadata() {
        return metadata;
    }

    /** Events handed out so far. */
    public long eventsRead() {
        return eventsRead;
    }

    /** Offset in the decompressed stream of the current event's block. */
    public long blockOffset() {
        return blockOffset;
    }

    private void readHead() throws IOException, CaptureFormatException {
        int n = input.ensure(8);
        if (n == 0) {
            throw error(input.streamError() == null ? "empty file: not a capture"
                    : "compressed stream ends before the section header");
        }
        if (n >= 4 && input.u32(0) != BlockType.SHB) {
            throw error(String.format("not a capture file: wrong magic 0x%08X (expected a section header block)",
                    input.u32(0)));
        }
        if (n < 8) {
            throw error("truncated section header (" + n + " of 8 bytes)");
        }
        // check the byte order before the length, which a big-endian file would have swapped
        if (input.ensure(12) == 12 && input.u32(8) != SHB_BODY_MAGIC) {
            throw error(String.format("bad byte-order magic 0x%08X in the section header (expected 0x%08X%s)",
                    input.u32(8), SHB_BODY_MAGIC,
                    input.u32(8) == Integer.reverseBytes(SHB_BODY_MAGIC) ? ": a big-endian capture" : ""));
        }
        int len = blockLength();
        if (len < 28) {
            throw error("section header block too short (" + len + " bytes)");
        }
        int version = input.u32(12);
        major = version & 0xFFFF;
        minor = version >>> 16;
        if (major != 1) {
            throw error("unsupported capture format version " + major + "." + minor);
        }
        input.skip(len);
        while (readBlock()) {
            if (BlockType.isEvent(blockType)) {
                pendingEvent = true;
                return;
            }
            consumeMetadata();
        }
        // like libscap: a capture must reach its event section (a file cut inside its metadata is damaged)
        throw error("no events in file: it ends inside its metadata section");
    }

    /** Reads the next block's header and makes its bytes available; false at a clean end of file. */
    private boolean readBlock() throws IOException, CaptureFormatException {
        blockOffset = input.offset();
        int n = input.ensure(8);
        if (n == 0) {
            if (input.streamError() != null) {
                // libscap (zlib) reports a gzip stream cut short even when the cut falls between blocks
                throw error("compressed stream ends early");
            }
            return false;
        }
        if (n < 8) {
            throw error("truncated block header (" + n + " of 8 bytes)");
        }
        blockType = input.u32(0);
        blockLength();
        return true;
    }

    private int blockLength() throws IOException, CaptureFormatException {
        long len = input.u32(4) & 0xFFFFFFFFL;
        if (len < 12 || len > MAX_BLOCK_LENGTH) {
            throw error(String.format("bad block length %d (block type 0x%X)", len, input.u32(0)));
        }
        int have = input.ensure((int) len);
        if (have < len) {
            throw error(String.format("truncated block: type 0x%X needs %d bytes, the file has %d", input.u32(0),
                    len, have));
        }
        int trailer = input.u32((int) len - 4);
        if (trailer != len) {
            throw error(String.format("block length %d does not match its trailer %d (block type 0x%X)", len,
                    trailer & 0xFFFFFFFFL, input.u32(0)));
        }
        return (int) len;
    }

    private void consumeMetadata() throws CaptureFormatException {
        int len = input.u32(4);
        byte[] block = input.copy(len);
        byte[] body = new byte[len - 12];
        System.arraycopy(block, 8, body, 0, body.length);
        try {
            if (MetadataParser.parse(blockType, body, metadata)) {
                metadata.rawBlocks().add(block);
            }
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw error(String.format("corrupt metadata block 0x%X: %s", blockType,
                    e.getMessage() == null ? "entry runs past the end of its block" : e.getMessage()));
        }
        input.skip(len);
    }

    /**
     * Points {@code view} at the next event. The view is valid until the next call.
     *
     * @return false at the end of the capture
     */
    public boolean next(EventView view) throws IOException, CaptureFormatException {
        while (true) {
            if (pendingEvent) {
                pendingEvent = false;
            } else {
                if (!readBlock()) {
                    return false;
                }
                if (!BlockType.isEvent(blockType)) {
                    consumeMetadata();
                    continue;
                }
            }
            int len = input.u32(4);
            int pos = input.position();
            boolean withFlags = blockType == BlockType.EVF || blockType == BlockType.EVF_V2
                    || blockType == BlockType.EVF_V2_LARGE;
            boolean v2 = blockType == BlockType.EV_V2 || blockType == BlockType.EVF_V2
                    || blockType == BlockType.EV_V2_LARGE || blockType == BlockType.EVF_V2_LARGE;
            boolean large = blockType == BlockType.EV_V2_LARGE || blockType == BlockType.EVF_V2_LARGE;
            int eventStart = 8 + 2 + (withFlags ? 4 : 0);
            int headerSize = v2 ? EventView.HEADER_V2 : EventView.HEADER_V1;
            if (len - 4 - eventStart < headerSize) {
                throw error("event block too short for an event header (" + len + " bytes)");
            }
            int cpu = input.u16(8);
            int flags = withFlags ? input.u32(10) : -1;
            int type = input.u16(eventStart + 20);
            if (type >= view.tableSize()) {
                // libscap skips event types newer than its table
                input.skip(len);
                continue;
            }
            String bad = view.wrap(input.array(), pos + eventStart, headerSize, large, cpu, flags);
            if (bad != null) {
                throw error("corrupt event: " + bad);
            }
            if (pos + eventStart + view.length() > pos + len - 4) {
                throw error("event length " + view.length() + " runs past its block");
            }
            input.skip(len);
            eventsRead++;
            return true;
        }
    }

    private CaptureFormatException error(String cause) {
        String stream = input.streamError();
        return new CaptureFormatException(source + ": " + cause + (stream == null ? "" : " (" + stream + ")"),
                input.offset(), eventsRead);
    }

    @Override
    public void close() throws IOException {
        input.close();
    }

    /** Reads to the end, for callers that only want to validate a file. */
    public long drain() throws IOException, CaptureFormatException {
        EventView v = new EventView();
        while (next(v)) {
            // counting
        }
        return eventsRead;
    }
}
