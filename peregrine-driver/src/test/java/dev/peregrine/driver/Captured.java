package dev.peregrine.driver;

import dev.peregrine.scap.EventView;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

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
}
