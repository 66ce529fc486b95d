package dev.peregrine.fields;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** The few printf conversions libsinsp output depends on, reproduced exactly. */
final class CFormat {
    /** Below this many nanoseconds a double's rounding error stays under half a nanosecond (see appendSeconds). */
    private static final long EXACT_NANOS_LIMIT = 1_000_000_000_000_000L;
    private static final int SIGNIFICANT = 6;

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
        int digits = 1;
        for (long p = 10; digits < 19 && nanos >= p; p *= 10) {
            digits++;
        }
        int exp = digits - 1 - 9; // the decimal exponent of the leading digit
        long mantissa = nanos;
        if (digits > SIGNIFICANT) {
            long unit = pow10(digits - SIGNIFICANT);
            mantissa = nanos / unit;
            long rest = nanos - mantissa * unit;
            long half = unit / 2;
            if (rest == half) {
                out.append(g(nanos / 1e9)); // a tie: the double's own rounding decides
                return;
            }
            if (rest > half && ++mantissa == 1_000_000) {
                mantissa = 100_000;
                exp++;
            }
        }
        int kept = digitsOf(mantissa);
        while (mantissa % 10 == 0) {
            mantissa /= 10;
            kept--;
        }
        if (exp < -4 || exp >= SIGNIFICANT) {
            appendDigit(out, mantissa, kept, 0);
            if (kept > 1) {
                out.append('.');
                for (int i = 1; i < kept; i++) {
                    appendDigit(out, mantissa, kept, i);
                }
            }
            out.append('e').append(exp < 0 ? '-' : '+');
            if (Math.abs(exp) < 10) {
                out.append('0');
            }
            out.appendUnsigned(Math.abs(exp));
        } else if (exp < 0) {
            out.append('0').append('.');
            for (int i = -1; i > exp; i--) {
                out.append('0');
            }
            out.appendUnsigned(mantissa);
        } else {
            for (int i = 0; i <= exp; i++) {
                if (i < kept) {
                    appendDigit(out, mantissa, kept, i);
                } else {
                    out.append('0');
                }
            }
            if (kept > exp + 1) {
                out.append('.');
                for (int i = exp + 1; i < kept; i++) {
                    appendDigit(out, mantissa, kept, i);
                }
            }
        }
    }

    private static double unsignedToDouble(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
    }

    /** The i-th digit (0 = leading) of a {@code count}-digit number. */
    private static void appendDigit(TextBuffer out, long number, int count, int i) {
        out.append((char) ('0' + number / pow10(count - 1 - i) % 10));
    }

    private static int digitsOf(long v) {
        int n = 1;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }

    private static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }
}
