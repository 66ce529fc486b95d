package dev.peregrine.scap;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A reusable view over one event's bytes in libscap's layout: a 22-byte (v1) or 26-byte (v2) header, the
 * parameter lengths, then the parameter values. Nothing is copied: the view reads from the segment it was
 * wrapped around, which stays valid until its owner (a reader or ring buffer) moves on.
 */
public final class EventView {
    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    public static final int HEADER_V1 = 22;
    public static final int HEADER_V2 = 26;
    private static final int MAX_PARAMS = 128;

    private final EventTable table;
    private MemorySegment segment;
    private long base;
    private int headerSize;
    private int nparams;
    private int cpu;
    private int blockFlags;
    private boolean largeLengths;
    private EventInfo info;
    private final int[] paramOffsets = new int[MAX_PARAMS];
    private final int[] paramLengths = new int[MAX_PARAMS];

    public EventView() {
        this(EventTable.get());
    }

    public EventView(EventTable table) {
        this.table = table;
    }

    /**
     * Points the view at an event. For a v1 event ({@code headerSize == 22}) the parameter count is not stored and
     * is worked out as libscap does: the largest count, up to the table's, whose lengths add up to the event's
     * length.
     *
     * @param blockFlags the flags word of an EVF block, or -1
     * @return null on success, or why the event is malformed
     */
    public String wrap(MemorySegment segment, long base, int headerSize, boolean largeLengths, int cpu,
                       int blockFlags) {
        this.segment = segment;
        this.base = base;
        this.headerSize = headerSize;
        this.largeLengths = largeLengths;
        this.cpu = cpu;
        this.blockFlags = blockFlags;
        int type = type();
        this.info = table.info(type);
        long len = length();
        if (len < headerSize || base + len > segment.byteSize()) {
            return "event length " + len + " outside its block";
        }
        if (info != null && info.hasFlag(EventFlags.LARGE_PAYLOAD)) {
            this.largeLengths = true;
        }
        int lenWidth = this.largeLengths ? 4 : 2;
        if (headerSize == HEADER_V2) {
            long n = segment.get(U32, base + 22) & 0xFFFFFFFFL;
            if (n > MAX_PARAMS || headerSize + n * lenWidth > len) {
                return "bad parameter count " + n;
            }
            nparams = (int) n;
            int bad = layoutParams(len, lenWidth);
            if (bad >= 0) {
                return "parameter " + bad + " runs past the event's end";
            }
            if (info != null && nparams > info.nparams()) {
                nparams = info.nparams(); // parameters newer than the table are not decoded, as libscap does
            }
            return null;
        }
        int tableParams = info == null ? 0 : info.nparams();
        for (int n = Math.min(tableParams, MAX_PARAMS); n >= 0; n--) {
            nparams = n;
            // probing: a count that does not fit is not an error yet, so nothing is built for it
            if (headerSize + (long) n * lenWidth <= len && layoutParams(len, lenWidth) < 0
                    && paramEnd() == len) {
                return null;
            }
        }
        return "cannot work out the parameter count of a v1 event";
    }

    /** @return -1 when every parameter fits in the event, else the first one that runs past its end */
    private int layoutParams(long len, int lenWidth) {
        long lens = base + headerSize;
        long off = headerSize + (long) nparams * lenWidth;
        for (int i = 0; i < nparams; i++) {
            long l = lenWidth == 2 ? segment.get(U16, lens + 2L * i) & 0xFFFF
                    : segment.get(U32, lens + 4L * i) & 0xFFFFFFFFL;
            paramOffsets[i] = (int) off;
            paramLengths[i] = (int) l;
            off += l;
            if (off > len) {
                return i;
            }
        }
        return -1;
    }

    private long paramEnd() {
        return nparams == 0 ? headerSize : (long) paramOffsets[nparams - 1] + paramLengths[nparams - 1];
    }

    /** Number of event types the view's table knows. */
    public int tableSize() {
        return table.size();
    }

    public MemorySegment segment() {
        return segment;
    }

    /** Offset of the event header in {@link #segment()}. */
    public long base() {
        return base;
    }

    public int headerSize() {
        return headerSize;
    }

    public boolean largeLengths() {
        return largeLengths;
    }

    public long timestamp() {
        return segment.get(U64, base);
    }

    public long tid() {
        return segment.get(U64, base + 8);
    }

    public int length() {
        return segment.get(U32, base + 16);
    }

    public int type() {
        return segment.get(U16, base + 20) & 0xFFFF;
    }

    public int nparams() {
        return nparams;
    }

    public int cpu() {
        return cpu;
    }

    /** The flags word of an EVF block, or -1 if the block had none. */
    public int blockFlags() {
        return blockFlags;
    }

    /** The event's type in the table, or null for a type newer than the table. */
    public EventInfo info() {
        return info;
    }

    public boolean isEnter() {
        return (type() & 1) == 0;
    }

    public int paramLength(int i) {
        return paramLengths[i];
    }

    /** Absolute offset of parameter {@code i}'s value in {@link #segment()}. */
    public long paramOffset(int i) {
        return base + paramOffsets[i];
    }

    /** True if the event carries parameter {@code i} with a non-empty value. */
    public boolean hasParam(int i) {
        return i < nparams && paramLengths[i] > 0;
    }

    /** The parameter as an integer, sign-extended from its encoded width when its type is signed. */
    public long paramAsLong(int i) {
        long off = base + paramOffsets[i];
        boolean signed = info != null && i < info.nparams() && info.params()[i].type().isSigned();
        return switch (paramLengths[i]) {
            case 1 -> signed ? segment.get(ValueLayout.JAVA_BYTE, off) : segment.get(ValueLayout.JAVA_BYTE, off) & 0xFF;
            case 2 -> signed ? segment.get(U16, off) : segment.get(U16, off) & 0xFFFF;
            case 4 -> signed ? segment.get(U32, off) : segment.get(U32, off) & 0xFFFFFFFFL;
            case 8 -> segment.get(U64, off);
            default -> 0;
        };
    }

    public byte u8(long absoluteOffset) {
        return segment.get(ValueLayout.JAVA_BYTE, absoluteOffset);
    }

    public int u16(long absoluteOffset) {
        return segment.get(U16, absoluteOffset) & 0xFFFF;
    }

    public int u32(long absoluteOffset) {
        return segment.get(U32, absoluteOffset);
    }

    public long u64(long absoluteOffset) {
        return segment.get(U64, absoluteOffset);
    }

    /** Length of a string parameter up to its first NUL. */
    public int stringLength(int i) {
        long off = base + paramOffsets[i];
        int len = paramLengths[i];
        for (int k = 0; k < len; k++) {
            if (segment.get(ValueLayout.JAVA_BYTE, off + k) == 0) {
                return k;
            }
        }
        return len;
    }

    /** A string parameter decoded as UTF-8, up to its first NUL (allocates: for output and state, not filters). */
    public String paramString(int i) {
        if (i >= nparams) {
            return null;
        }
        return string(base + paramOffsets[i], stringLength(i));
    }

    /** A copy of the parameter's bytes. */
    public byte[] paramBytes(int i) {
        byte[] b = new byte[paramLengths[i]];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, base + paramOffsets[i], b, 0, b.length);
        return b;
    }

    public String string(long absoluteOffset, int length) {
        byte[] b = new byte[length];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, absoluteOffset, b, 0, length);
        return new String(b, StandardCharsets.UTF_8);
    }
}
