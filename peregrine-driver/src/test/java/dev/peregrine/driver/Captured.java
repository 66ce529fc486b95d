package dev.peregrine.driver;

import dev.peregrine.scap.EventInfo;
import dev.peregrine.scap.EventView;
import dev.peregrine.scap.ParamInfo;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** A copy of a live event, so tests can keep it after the ring moves on. */
record Captured(byte[] bytes, int cpu) {
    static Captured of(EventView v) {
        byte[] b = new byte[v.length()];
        MemorySegment.copy(v.segment(), ValueLayout.JAVA_BYTE, v.base(), b, 0, b.length);
        return new Captured(b, v.cpu());
    }

    EventView view() {
        EventView v = new EventView();
        String bad = v.wrap(MemorySegment.ofArray(bytes), 0, EventView.HEADER_V2, false, cpu, -1);
        if (bad != null) {
            throw new AssertionError("malformed live event: " + bad);
        }
        return v;
    }

    int type() {
        return view().type();
    }

    long tid() {
        return view().tid();
    }

    String str(String param) {
        EventView v = view();
        return v.paramString(v.info().paramIndex(param));
    }

    long num(String param) {
        EventView v = view();
        return v.paramAsLong(v.info().paramIndex(param));
    }

    /** The raw bytes of the event's parameter of that name. */
    static byte[] bytes(Captured c, String param) {
        EventView v = c.view();
        return v.paramBytes(v.info().paramIndex(param));
    }

    /** The parameter's bytes as text, one char per byte (NULs kept). */
    static String text(Captured c, String param) {
        return new String(bytes(c, param), StandardCharsets.ISO_8859_1);
    }

    /** The event's "tuple" parameter, to read with little-endian offsets. */
    static ByteBuffer tuple(Captured c) {
        return ByteBuffer.wrap(bytes(c, "tuple")).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Reads events until one matches or the time is up; returns everything read (the match last). */
    static List<Captured> until(LiveCapture c, Predicate<Captured> stop, long millis) {
        List<Captured> seen = new ArrayList<>();
        EventView v = new EventView();
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (!c.next(v, 50_000_000)) {
                continue;
            }
            Captured e = Captured.of(v);
            seen.add(e);
            if (stop.test(e)) {
                return seen;
            }
        }
        return seen;
    }

    private static final long COLLECT_MS = 20_000;

    /** Reads events until each predicate matched one event of tid {@code tid}; the first match of each. */
    static Map<String, Captured> collect(LiveCapture c, long tid, Map<String, Predicate<Captured>> wanted) {
        return collect(c, Set.of(tid), wanted);
    }

    /** Reads events until each predicate matched one event of one of {@code tids} (null: any); the first match of
     * each. */
    static Map<String, Captured> collect(LiveCapture c, Set<Long> tids, Map<String, Predicate<Captured>> wanted) {
        Map<String, Captured> found = new HashMap<>();
        List<String> mine = new ArrayList<>();
        int[] seen = {0};
        Captured.until(c, e -> {
            seen[0]++;
            if (tids != null && !tids.contains(e.tid())) {
                return false;
            }
            EventView v = e.view();
            mine.add(v.info().name() + (v.nparams() > 0 ? "(" + v.paramAsLong(0) + ")" : ""));
            e.assertWellFormed();
            wanted.forEach((name, p) -> {
                if (!found.containsKey(name) && p.test(e)) {
                    found.put(name, e);
                }
            });
            return found.size() == wanted.size();
        }, COLLECT_MS);
        Set<String> missing = new HashSet<>(wanted.keySet());
        missing.removeAll(found.keySet());
        assertThat(missing).as("events not seen from %s (after %d events, %d drops; theirs: %s)", tids, seen[0],
                        c.drops(), mine)
                .isEmpty();
        return found;
    }

    static Predicate<Captured> type(int t, Predicate<Captured> p) {
        return e -> e.type() == t && p.test(e);
    }

    /** Every event: as many parameters as the table says, fixed-width ones at their width, strings NUL-ended. */
    void assertWellFormed() {
        EventView v = view();
        EventInfo info = v.info();
        assertThat(info).as("type %d", v.type()).isNotNull();
        assertThat(v.nparams()).as(info.name()).isEqualTo(info.nparams());
        for (int i = 0; i < v.nparams(); i++) {
            ParamInfo p = info.params()[i];
            int len = v.paramLength(i);
            if (p.type().width > 0) {
                assertThat(len).as("%s.%s", info.name(), p.name()).isIn(0, p.type().width);
            } else if (p.type().isString() && len > 0) {
                assertThat(v.u8(v.paramOffset(i) + len - 1)).as("%s.%s NUL-terminated", info.name(), p.name())
                        .isZero();
            }
        }
    }
}
