package dev.peregrine.fields;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Formats event timestamps in the local time zone as libsinsp does, caching the calendar part of the current second
 * so that only the nanoseconds are formatted per event.
 */
public final class TimeFormatter {
    private final ZoneId zone;
    private long cachedSecond = Long.MIN_VALUE;
    private LocalDateTime cachedTime;
    private int cachedOffsetSeconds;
    /** HH:MM:SS of the cached second: only the nanoseconds change from one event to the next. */
    private final TextBuffer cachedClock = new TextBuffer(8);

    public TimeFormatter() {
        this(LocalZone.get());
    }

    public TimeFormatter(ZoneId zone) {
        this.zone = zone;
    }

    private void load(long ts) {
        long sec = Math.floorDiv(ts, 1_000_000_000L);
        if (sec != cachedSecond) {
            cachedSecond = sec;
            Instant instant = Instant.ofEpochSecond(sec);
            cachedTime = LocalDateTime.ofInstant(instant, zone);
            cachedOffsetSeconds = zone.getRules().getOffset(instant).getTotalSeconds();
            cachedClock.reset();
            cachedClock.appendPadded(cachedTime.getHour(), 2).append(':').appendPadded(cachedTime.getMinute(), 2)
                    .append(':').appendPadded(cachedTime.getSecond(), 2);
        }
    }

    /** HH:MM:SS, then .nnnnnnnnn when {@code nanos}. */
    public void time(long ts, boolean nanos, TextBuffer out) {
        load(ts);
        out.append(cachedClock);
        if (nanos) {
            out.append('.').appendNineDigits((int) Math.floorMod(ts, 1_000_000_000L));
        }
    }

    /** YYYY-MM-DD HH:MM:SS[.nnnnnnnnn]. */
    public void dateTime(long ts, boolean nanos, TextBuffer out) {
        load(ts);
        out.appendPadded(cachedTime.getYear(), 4).append('-').appendPadded(cachedTime.getMonthValue(), 2).append('-')
                .appendPadded(cachedTime.getDayOfMonth(), 2).append(' ');
        time(ts, nanos, out);
    }

    /** ISO 8601 in UTC with nanoseconds: 2016-08-04T16:17:57.881730713Z. */
    public static void iso8601(long ts, TextBuffer out) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(ts, 1_000_000_000L), 0, ZoneOffset.UTC);
        out.appendPadded(t.getYear(), 4).append('-').appendPadded(t.getMonthValue(), 2).append('-')
                .appendPadded(t.getDayOfMonth(), 2).append('T').appendPadded(t.getHour(), 2).append(':')
                .appendPadded(t.getMinute(), 2).append(':').appendPadded(t.getSecond(), 2).append('.')
                .appendPadded(Math.floorMod(ts, 1_000_000_000L), 9).append('Z');
    }

    int offsetSeconds() {
        return cachedOffsetSeconds;
    }
}
