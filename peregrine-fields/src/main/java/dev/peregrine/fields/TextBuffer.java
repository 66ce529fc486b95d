package dev.peregrine.fields;

import dev.peregrine.scap.EventView;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer that output lines are rendered into without building Strings. */
public final class TextBuffer {
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UPPER_DIGITS = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final long BILLION = 1_000_000_000L;
    private static final int[] POWERS_OF_TEN = {10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
            1_000_000_000};
    /** The two digits of 0..99, tens then ones, for two digits a step. */
    private static final byte[] TWO_DIGITS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            TWO_DIGITS[2 * i] = (byte) ('0' + i / 10);
            TWO_DIGITS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private byte[] buf;
    private int len;

    public TextBuffer() {
        this(256);
    }

    public TextBuffer(int capacity) {
        buf = new byte[capacity];
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    public int length() {
        return len;
    }

    public void setLength(int length) {
        len = length;
    }

    public void reset() {
        len = 0;
    }

    public byte byteAt(int i) {
        return buf[i];
    }

    public TextBuffer append(char c) {
        if (c < 0x80) {
            ensure(1);
            buf[len++] = (byte) c;
            return this;
        }
        return append(String.valueOf(c));
    }

    public TextBuffer appendByte(int b) {
        ensure(1);
        buf[len++] = (byte) b;
        return this;
    }

    public TextBuffer append(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return appendBytes(s.substring(i).getBytes(StandardCharsets.UTF_8));
            }
            buf[len++] = (byte) c;
        }
        return this;
    }

    public TextBuffer appendBytes(byte[] b) {
        return appendBytes(b, 0, b.length);
    }

    public TextBuffer appendBytes(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    /** {@code n} bytes of an event from {@code absoluteOffset} (as {@link EventView#paramOffset} gives). */
    public TextBuffer appendParam(EventView ev, long absoluteOffset, int n) {
        ensure(n);
        ev.copy(absoluteOffset, buf, len, n);
        len += n;
        return this;
    }

    public TextBuffer append(TextBuffer other) {
        return appendBytes(other.buf, 0, other.len);
    }

    /** Bytes {@code [from, to)} of another buffer. */
    public TextBuffer append(TextBuffer other, int from, int to) {
        return appendBytes(other.buf, from, to - from);
    }

    /** Signed decimal. */
    public TextBuffer append(long v) {
        if (v == Long.MIN_VALUE) {
            return append("-9223372036854775808");
        }
        if (v < 0) {
            appendByte('-');
            v = -v;
        }
        return appendUnsigned(v);
    }

    /** Unsigned decimal of a 64-bit value. */
    public TextBuffer appendUnsigned(long v) {
        ensure(20);
        if (v >= 0 && v < BILLION) {
            appendDigits((int) v, digitCount((int) v));
            return this;
        }
        // nine digits at a time: one 64-bit division per nine digits instead of one per digit
        long high = Long.divideUnsigned(v, BILLION);
        int low = (int) (v - high * BILLION);
        if (high < BILLION) {
            appendDigits((int) high, digitCount((int) high));
        } else {
            long top = high / BILLION;
            appendDigits((int) top, digitCount((int) top));
            appendDigits((int) (high - top * BILLION), 9);
        }
        appendDigits(low, 9);
        return this;
    }

    private static int digitCount(int v) {
        int n = 1;
        while (n < 10 && v >= POWERS_OF_TEN[n - 1]) {
            n++;
        }
        return n;
    }

    /**
     * The {@code n} last decimal digits of {@code v} (0 <= v < 2^31), zero-padded. Divisions by 100 are done as a
     * multiply and shift (exact for every value below 2^32): the replay's first events run before the JIT's
     * optimising compiler, which is what would turn a division by a constant into one.
     */
    private void appendDigits(int v, int n) {
        int pos = len + n;
        len = pos;
        while (n >= 2) {
            int q = (int) ((v * 1374389535L) >>> 37);
            int r = v - q * 100;
            buf[--pos] = TWO_DIGITS[2 * r + 1];
            buf[--pos] = TWO_DIGITS[2 * r];
            v = q;
            n -= 2;
        }
        if (n == 1) {
            buf[--pos] = (byte) ('0' + v);
        }
    }

    /** Exactly nine digits, zero-padded, of {@code 0 <= v < 10^9} (the nanoseconds of a time). */
    public TextBuffer appendNineDigits(int v) {
        ensure(9);
        appendDigits(v, 9);
        return this;
    }

    /** Zero-padded decimal of at least {@code width} digits. */
    public TextBuffer appendPadded(long v, int width) {
        int start = len;
        appendUnsigned(v);
        int digits = len - start;
        if (digits < width) {
            int pad = width - digits;
            ensure(pad);
            System.arraycopy(buf, start, buf, start + pad, digits);
            Arrays.fill(buf, start, start + pad, (byte) '0');
            len += pad;
        }
        return this;
    }

    /** Hex digits of an unsigned value, no prefix. */
    public TextBuffer appendHex(long v, boolean upper) {
        return appendRadix(v, 4, upper ? UPPER_DIGITS : DIGITS);
    }

    /** Octal digits of an unsigned value. */
    public TextBuffer appendOctal(long v) {
        return appendRadix(v, 3, DIGITS);
    }

    /** An unsigned value in base 2^bits (hex, octal): the same loop, with no branch or allocation added. */
    private TextBuffer appendRadix(long v, int bits, byte[] digits) {
        ensure((Long.SIZE + bits - 1) / bits);
        if (v == 0) {
            buf[len++] = '0';
            return this;
        }
        int start = len;
        long mask = (1L << bits) - 1;
        while (v != 0) {
            buf[len++] = digits[(int) (v & mask)];
            v >>>= bits;
        }
        reverse(start, len - 1);
        return this;
    }

    private void reverse(int i, int j) {
        while (i < j) {
            byte t = buf[i];
            buf[i++] = buf[j];
            buf[j--] = t;
        }
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
    }

    public boolean contentEquals(TextBuffer o) {
        return Arrays.equals(buf, 0, len, o.buf, 0, o.len);
    }

    @Override
    public String toString() {
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }
}
