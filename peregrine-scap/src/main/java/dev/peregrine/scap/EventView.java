package dev.peregrine.scap;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * A reusable view over one event's bytes in libscap's layout: a 22-byte (v1) or 26-byte (v2) header, the
 * parameter lengths, then the parameter values. Nothing is copied: the view reads from the segment it was
 * wrapped around, which stays valid until its owner (a reader or ring buffer) moves on.
 */
public final class EventView {
    public static final int HEADER_V1 = 22;
    public static final int HEADER_V2 = 26;
    private static final int MAX_PARAMS = 128;

    private final EventTable table;
    /** The bytes viewed when they are native (a ring buffer) or a part of an array; made on demand over an array. */
    private MemorySegment segment;
    /**
     * The array viewed when the event lies in a byte[] (a capture's block), else null. Reads go to the array
     * directly: the JIT's quick compiler, which runs a short replay, cannot inline a memory segment's access checks
     * (heap and native segments share them through virtual calls), and that made each read several calls; and a
     * replay that never makes a segment starts sooner (the memory API's first use builds method handles).
     */
    private byte[] array;
    /** The size of what is viewed: the segment's or the array's. */
    private long limit;
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
        if (segment != this.segment) {
            this.segment = segment;
            this.array = wholeArray(segment);
            this.limit = segment.byteSize();
        }
        return wrapAt(base, headerSize, largeLengths, cpu, blockFlags);
    }

    /** Points the view at an event in an array, as {@link #wrap(MemorySegment, long, int, boolean, int, int)}. */
    public String wrap(byte[] array, int base, int headerSize, boolean largeLengths, int cpu, int blockFlags) {
        if (array != this.array) {
            this.array = array;
            this.segment = null;
            this.limit = array.length;
        }
        return wrapAt(base, headerSize, largeLengths, cpu, blockFlags);
    }

    private String wrapAt(long base, int headerSize, boolean largeLengths, int cpu, int blockFlags) {
        this.base = base;
        this.headerSize = headerSize;
        this.largeLengths = largeLengths;
        this.cpu = cpu;
        this.blockFlags = blockFlags;
        int type = type();
        this.info = table.info(type);
        long len = length();
        if (len < headerSize || base + len > limit) {
            return "event length " + len + " outside its block";
        }
        if (info != null && info.hasFlag(EventFlags.LARGE_PAYLOAD)) {
            this.largeLengths = true;
        }
        int lenWidth = this.largeLengths ? 4 : 2;
        if (headerSize == HEADER_V2) {
            long n = u32(base + 22) & 0xFFFFFFFFL;
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
            long l = lenWidth == 2 ? u16(lens + 2L * i) : u32(lens + 4L * i) & 0xFFFFFFFFL;
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

    /** The bytes viewed: {@link #base()} and {@link #paramOffset} are offsets in it. */
    public MemorySegment segment() {
        if (segment == null && array != null) {
            segment = MemorySegment.ofArray(array);
        }
        return segment;
    }

    /** Copies {@code length} bytes from {@code absoluteOffset} (as {@link #paramOffset} gives) into {@code to}. */
    public void copy(long absoluteOffset, byte[] to, int toOffset, int length) {
        if (array != null) {
            System.arraycopy(array, (int) absoluteOffset, to, toOffset, length);
        } else {
            MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, absoluteOffset, to, toOffset, length);
        }
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
        return u64(base);
    }

    public long tid() {
        return u64(base + 8);
    }

    public int length() {
        return u32(base + 16);
    }

    public int type() {
        return u16(base + 20);
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
            case 1 -> signed ? u8(off) : u8(off) & 0xFF;
            case 2 -> signed ? (short) u16(off) : u16(off);
            case 4 -> signed ? u32(off) : u32(off) & 0xFFFFFFFFL;
            case 8 -> u64(off);
            default -> 0;
        };
    }

    public byte u8(long absoluteOffset) {
        byte[] a = array;
        return a != null ? a[(int) absoluteOffset] : (byte) segmentRead(absoluteOffset, 1);
    }

    public int u16(long absoluteOffset) {
        byte[] a = array;
        return a != null ? u16(a, (int) absoluteOffset) : (int) segmentRead(absoluteOffset, 2);
    }

    public int u32(long absoluteOffset) {
        byte[] a = array;
        return a != null ? u32(a, (int) absoluteOffset) : (int) segmentRead(absoluteOffset, 4);
    }

    public long u64(long absoluteOffset) {
        byte[] a = array;
        return a != null ? u64(a, (int) absoluteOffset) : segmentRead(absoluteOffset, 8);
    }

    // Little-endian reads of an array, byte by byte: the quick compiler, which runs a replay, makes a few loads of
    // each, where a view VarHandle's access path, inlined at every read, made the methods that decode parameters
    // ten times larger (and their compilation, which the replay waits for, as much longer).
    static int u16(byte[] a, int i) {
        return a[i] & 0xFF | (a[i + 1] & 0xFF) << 8;
    }

    static int u32(byte[] a, int i) {
        return a[i] & 0xFF | (a[i + 1] & 0xFF) << 8 | (a[i + 2] & 0xFF) << 16 | a[i + 3] << 24;
    }

    static long u64(byte[] a, int i) {
        return u32(a, i) & 0xFFFFFFFFL | (long) u32(a, i + 4) << 32;
    }

    /**
     * A native event's read, sign-extended from 1, 4 or 8 bytes (2: zero-extended). One method, too large for the
     * quick compiler to copy into every read as it did the memory API's access path; the optimising compiler, which
     * runs live capture, still inlines it where it is hot.
     */
    private long segmentRead(long absoluteOffset, int width) {
        return switch (width) {
            case 1 -> segment.get(ValueLayout.JAVA_BYTE, absoluteOffset);
            case 2 -> segment.get(LittleEndian.U16, absoluteOffset) & 0xFFFF;
            case 4 -> segment.get(LittleEndian.U32, absoluteOffset);
            default -> segment.get(LittleEndian.U64, absoluteOffset);
        };
    }

    /** The byte[] a heap segment covers from its first byte to its last, or null (native or partial). */
    private static byte[] wholeArray(MemorySegment segment) {
        if (segment.isNative() || segment.address() != 0) {
            return null;
        }
        Object base = segment.heapBase().orElse(null);
        return base instanceof byte[] a && a.length == segment.byteSize() ? a : null;
    }

    /** Length of a string parameter up to its first NUL. */
    public int stringLength(int i) {
        long off = base + paramOffsets[i];
        int len = paramLengths[i];
        for (int k = 0; k < len; k++) {
            if (u8(off + k) == 0) {
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
        copy(base + paramOffsets[i], b, 0, b.length);
        return b;
    }

    public String string(long absoluteOffset, int length) {
        if (array != null) {
            return new String(array, (int) absoluteOffset, length, StandardCharsets.UTF_8);
        }
        byte[] b = new byte[length];
        copy(absoluteOffset, b, 0, length);
        return new String(b, StandardCharsets.UTF_8);
    }
}
