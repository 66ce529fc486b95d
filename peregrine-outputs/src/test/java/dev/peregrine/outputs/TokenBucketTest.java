package dev.peregrine.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void startsFullWithMaxBurst() {
        TokenBucket bucket = new TokenBucket(1, 3, 0);

        assertThat(bucket.claim(0)).isTrue();
        assertThat(bucket.claim(0)).isTrue();
        assertThat(bucket.claim(0)).isTrue();
        assertThat(bucket.claim(0)).isFalse();
        assertThat(bucket.tokens()).isZero();
    }

    @Test
    void gainsRateTimesElapsedSecondsAndKeepsFractions() {
        TokenBucket bucket = new TokenBucket(2, 1, 0);

        assertThat(bucket.claim(0)).isTrue();
        assertThat(bucket.claim(SECOND / 4)).isFalse(); // 0.5 tokens: not enough, but kept
        assertThat(bucket.tokens()).isEqualTo(0.5);
        assertThat(bucket.lastSeenNs()).isEqualTo(SECOND / 4); // a failed claim still moves the clock
        assertThat(bucket.claim(SECOND / 2)).isTrue();
        assertThat(bucket.tokens()).isZero();
    }

    @Test
    void gainIsCappedAtMaxBurst() {
        TokenBucket bucket = new TokenBucket(10, 2, 0);
        bucket.claim(0);
        bucket.claim(0);

        long later = 3600 * SECOND;
        assertThat(bucket.claim(later)).isTrue();
        assertThat(bucket.claim(later)).isTrue();
        assertThat(bucket.claim(later)).isFalse();
    }

    @Test
    void falcoDropAlertDefaultsAllowOneActionPerThirtySeconds() {
        TokenBucket bucket = new TokenBucket(0.03333, 1, 0);

        assertThat(bucket.claim(0)).isTrue();
        assertThat(bucket.claim(29 * SECOND)).isFalse();
        assertThat(bucket.claim(31 * SECOND)).isTrue(); // 0.03333 * 31 s = 1.03 tokens
    }

    @Test
    void earlierTimestampIsAHugeUnsignedGainCappedAtMax() {
        long start = 1_000_000 * SECOND;
        TokenBucket bucket = new TokenBucket(0.03333, 1, start);
        assertThat(bucket.claim(start)).isTrue();
        assertThat(bucket.claim(start)).isFalse();

        // signed arithmetic would subtract tokens here; libsinsp's uint64 wraps to a huge gain instead
        long earlier = start - 500 * SECOND;
        assertThat(bucket.claim(earlier)).isTrue();
        assertThat(bucket.tokens()).isZero();
        assertThat(bucket.claim(earlier)).isFalse();
        assertThat(bucket.claim(earlier + 10 * SECOND)).isFalse();
    }

    @Test
    void captureFileOlderThanTheWallClockStartsWithAFullBucket() {
        TokenBucket bucket = new TokenBucket(0.03333, 1); // started at wall-clock time, as libsinsp does
        long captured2019 = 1_546_300_800L * SECOND;

        assertThat(bucket.claim(captured2019)).isTrue();
        assertThat(bucket.claim(captured2019 + SECOND)).isFalse();
        assertThat(bucket.claim(captured2019 + 40 * SECOND)).isTrue();
    }

    @Test
    void unsignedConversionMatchesC() {
        assertThat(TokenBucket.unsignedToDouble(-1L)).isEqualTo(18446744073709551615.0);
        assertThat(TokenBucket.unsignedToDouble(Long.MIN_VALUE)).isEqualTo(9223372036854775808.0);
        assertThat(TokenBucket.unsignedToDouble(-500 * SECOND)).isEqualTo(18446743573709551616.0);
        assertThat(TokenBucket.unsignedToDouble(12345)).isEqualTo(12345.0);
    }
}
