package dev.peregrine.fields;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The allocation-free number rendering against the JDK's and the exact BigDecimal reference: decimal digits of any
 * unsigned 64-bit value, and printf("%g") of relative times (seconds from nanoseconds) as libsinsp prints them.
 */
class NumberTextTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(20261204);

    /** Values around every power of ten and around the 9-digit chunks, plus random ones of every length. */
    private static LongStream interestingValues() {
        LongStream.Builder b = LongStream.builder();
        for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10 * 10; p *= 10) {
            for (long d = -3; d <= 3; d++) {
                b.add(p + d);
            }
            if (p > Long.MAX_VALUE / 10) {
                break;
            }
        }
        b.add(0).add(Integer.MAX_VALUE).add(Integer.MAX_VALUE + 1L).add(Long.MAX_VALUE).add(-1).add(Long.MIN_VALUE);
        for (int i = 0; i < 200_000; i++) {
            b.add(RANDOM.nextLong() >>> RANDOM.nextInt(64));
        }
        return b.build();
    }

    @Test
    void unsignedDecimalsAreTheJdksForEveryLength() {
        TextBuffer out = new TextBuffer(8);
        interestingValues().forEach(v -> {
            out.reset();
            out.appendUnsigned(v);
            assertThat(out.toString()).as("%d", v).isEqualTo(Long.toUnsignedString(v));
        });
    }

    @Test
    void paddedDecimalsKeepTheirWidth() {
        TextBuffer out = new TextBuffer();
        out.appendPadded(7, 9).append(' ').appendPadded(123_456_789_012L, 9).append(' ').appendPadded(0, 2);
        assertThat(out.toString()).isEqualTo("000000007 123456789012 00");
    }

    @Test
    void relativeSecondsAreWhatTheExactPrintfRoundingGives() {
        TextBuffer out = new TextBuffer();
        LongStream.concat(interestingValues(),
                // ties half-way between two 6-digit values, and values that round up to the next power of ten
                LongStream.of(1_234_565_000L, 1_234_575_000L, 999_999_500L, 999_999_499L, 9_999_995L, 99_999_950L,
                        100_000L, 99_999L, 12_345L, 1L, 500_000_000L, 86_400_000_000_000L)).forEach(ns -> {
            out.reset();
            CFormat.appendSeconds(ns, out);
            double seconds = ns >= 0 ? ns / 1e9 : ((double) (ns >>> 1) * 2.0 + (ns & 1)) / 1e9;
            assertThat(out.toString()).as("%d ns", ns).isEqualTo(CFormat.g(seconds));
        });
    }

    @Test
    void relativeSecondsLookAsLibsinspPrintsThem() {
        TextBuffer out = new TextBuffer();
        for (long ns : new long[]{0, 1_000_000_000L, 1_500_000_000L, 10_000L, 123_456_789L, 86_400_000_000_000L}) {
            CFormat.appendSeconds(ns, out);
            out.append(' ');
        }
        assertThat(out.toString()).isEqualTo("0 1 1.5 1e-05 0.123457 86400 ");
    }
}
