package dev.peregrine.fields;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** The few printf conversions libsinsp output depends on, reproduced exactly. */
final class CFormat {
    /** Below this many nanoseconds a double's rounding error stays under half a nanosecond (see appendSeconds). */
    private static final long EXACT_NANOS_LIMIT = 1_000_000_000_000_000L;
    private static final int SIGNIFICANT = 6;
    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private CFormat() {
    }

    /** printf("%g") of a finite double: 6 significant digits, trailing zeros dropped. */
    static String g(double v) {
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(SIGNIFICANT, RoundingMode.HALF_EVEN));
        int exp = d.precision() - d.scale() - 1;
        if (exp < -4 || exp >= 6) {
            BigDecimal mant = d.movePointLeft(exp).stripTrailingZeros();
            String m = mant.toPlainString();
            return m + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        String s = d.stripTrailingZeros().toPlainString();
        return s;
    }

    /**
     * printf("%g", nanos / 1e9) appended to {@code out}, as libsinsp renders a relative time, without BigDecimal
     * (whose set-up alone costs a replay 30 ms) and without allocating. The digits are rounded from the integer
     * nanoseconds: below 10^15 ns the double differs from nanos/10^9 by less than half a nanosecond, so it rounds
     * the same way unless nanos lies exactly half-way between two 6-digit values; that case, and larger values, go
     * through {@link #g(double)}, which rounds the double itself. {@code nanos} is unsigned.
     */
    static void appendSeconds(long nanos, TextBuffer out) {
        if (nanos == 0) {
            out.append('0');
            return;
        }
        if (nanos < 0 || nanos >= EXACT_NANOS_LIMIT) {
            out.append(g(unsignedToDouble(nanos) / 1e9));
            return;
        }
        int digits = digitsOf(nanos);
        int exp = digits - 1 - 9; // the decimal exponent of the leading digit
        long mantissa = nanos;
        if (digits > SIGNIFICANT) {
            long unit = POW10[digits - SIGNIFICANT];
            mantissa = nanos / unit;
            long rest = nanos - mantissa * unit;
            if (rest == unit / 2) {
                out.append(g(nanos / 1e9)); // a tie: the double's own rounding decides
                return;
            }
            if (rest > unit / 2 && ++mantissa == POW10[SIGNIFICANT]) {
                mantissa = POW10[SIGNIFICANT - 1];
                exp++;
            }
        }
        while (mantissa % 10 == 0) {
            mantissa /= 10;
        }
        int kept = digitsOf(mantissa);
        if (exp < -4 || exp >= SIGNIFICANT) {
            appendPoint(out, mantissa, kept - 1);
            out.append('e').append(exp < 0 ? '-' : '+');
            out.appendPadded(Math.abs(exp), 2);
        } else if (exp < 0) {
            out.append('0').append('.');
            for (int i = -1; i > exp; i--) {
                out.append('0');
            }
            out.appendUnsigned(mantissa);
        } else if (kept > exp + 1) {
            appendPoint(out, mantissa, kept - 1 - exp);
        } else {
            out.appendUnsigned(mantissa * POW10[exp + 1 - kept]);
        }
    }

    /** {@code number} with a decimal point before its last {@code fraction} digits (none when 0). */
    private static void appendPoint(TextBuffer out, long number, int fraction) {
        out.appendUnsigned(number / POW10[fraction]);
        if (fraction > 0) {
            out.append('.').appendPadded(number % POW10[fraction], fraction);
        }
    }

    private static int digitsOf(long v) {
        int n = 1;
        while (n < POW10.length && v >= POW10[n]) {
            n++;
        }
        return n;
    }

    private static double unsignedToDouble(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
    }
}
