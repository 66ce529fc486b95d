package dev.peregrine.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorThrottleTest {

    private static final long SECOND = 1_000_000_000L;

    private final List<String> sink = new ArrayList<>();
    private long now;
    private final ErrorThrottle throttle = new ErrorThrottle(sink::add, () -> now, SECOND);

    @Test
    void oneMessagePerKeyPerSecondWithTheSuppressedCountOnTheNext() {
        throttle.report("file", "file: e1");
        now = SECOND / 2;
        throttle.report("file", "file: e2");
        throttle.report("file", "file: e3");
        throttle.report("program", "program: p1"); // other keys have their own budget
        now = SECOND + SECOND / 2;
        throttle.report("file", "file: e4");
        now += SECOND / 10;
        throttle.report("file", "file: e5");
        throttle.reportSuppressed();
        throttle.reportSuppressed();

        assertThat(sink).containsExactly(
                "file: e1",
                "program: p1",
                "file: e4 (2 similar errors suppressed)",
                "file: 1 further error suppressed");
    }

    @Test
    void aThrowingSinkIsIgnored() {
        ErrorThrottle broken = new ErrorThrottle(m -> {
            throw new IllegalStateException("logger down");
        }, () -> 0, SECOND);
        broken.report("k", "m");
        broken.reportNow("m");
    }
}
