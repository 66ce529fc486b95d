package dev.peregrine.scap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peregrine.testkit.Sysdig;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/** Comparisons of two captures (an original and a copy), through the reader and through sysdig 0.29.3. */
final class CaptureComparisons {
    private CaptureComparisons() {
    }

    /** Reads both captures in step and asserts identical versions, metadata and event bytes. */
    static long assertSameEvents(Path a, Path b) throws Exception {
        try (CaptureReader ra = CaptureReader.open(a); CaptureReader rb = CaptureReader.open(b)) {
            assertThat(rb.majorVersion()).isEqualTo(ra.majorVersion());
            assertThat(rb.minorVersion()).isEqualTo(ra.minorVersion());
            assertSameMetadata(ra.metadata(), rb.metadata());
            EventView va = new EventView();
            EventView vb = new EventView();
            long n = 0;
            while (true) {
                boolean ha = ra.next(va);
                boolean hb = rb.next(vb);
                assertThat(hb).as("%s has an event %d", b, n).isEqualTo(ha);
                if (!ha) {
                    break;
                }
                assertSameEvent(va, vb, n);
                n++;
            }
            assertThat(rb.eventsRead()).isEqualTo(ra.eventsRead());
            assertSameMetadata(ra.metadata(), rb.metadata());
            return n;
        }
    }

    static void assertSameMetadata(CaptureMetadata a, CaptureMetadata b) {
        assertThat(b.rawBlocks()).hasSameSizeAs(a.rawBlocks());
        for (int i = 0; i < a.rawBlocks().size(); i++) {
            assertThat(b.rawBlocks().get(i)).as("metadata block %d", i).isEqualTo(a.rawBlocks().get(i));
        }
        assertThat(b.machineInfo()).isEqualTo(a.machineInfo());
        assertThat(b.threads()).hasSameSizeAs(a.threads());
        assertThat(b.fds()).hasSameSizeAs(a.fds());
        assertThat(b.interfaces()).hasSameSizeAs(a.interfaces());
        assertThat(b.users()).hasSameSizeAs(a.users());
        assertThat(b.groups()).hasSameSizeAs(a.groups());
    }

    static void assertSameEvent(EventView a, EventView b, long n) {
        assertThat(b.cpu()).as("cpu of event %d", n).isEqualTo(a.cpu());
        assertThat(b.blockFlags()).as("block flags of event %d", n).isEqualTo(a.blockFlags());
        assertThat(b.headerSize()).as("header size of event %d", n).isEqualTo(a.headerSize());
        assertThat(b.largeLengths()).as("large lengths of event %d", n).isEqualTo(a.largeLengths());
        assertThat(b.length()).as("length of event %d", n).isEqualTo(a.length());
        assertThat(b.nparams()).as("nparams of event %d", n).isEqualTo(a.nparams());
        long mismatch = MemorySegment.mismatch(a.segment(), a.base(), a.base() + a.length(), b.segment(), b.base(),
                b.base() + b.length());
        if (mismatch != -1) {
            throw new AssertionError("event " + n + " differs at byte " + mismatch + ": "
                    + a.segment().get(ValueLayout.JAVA_BYTE, a.base() + mismatch) + " vs "
                    + b.segment().get(ValueLayout.JAVA_BYTE, b.base() + mismatch));
        }
    }

    /**
     * Runs {@code sysdig -r capture -S} (see {@link Sysdig#exec}), asserting it succeeds. {@code -S} prints the same
     * event lines as plain {@code sysdig -r}, then a count per event type that includes the events sysdig hides
     * (procinfo and the like: all of {@code empty.scap}'s events).
     */
    static Sysdig.Result sysdigSummary(Path capture) {
        Sysdig.Result r = Sysdig.exec(capture, "-S");
        assertThat(r.exitStatus()).as("sysdig -r %s exit status; stderr: %s", capture, r.err()).isZero();
        return r;
    }

    /** Asserts that sysdig printed the same for the original and the written capture, to the byte. */
    static void assertSamePrinted(Sysdig.Result original, Sysdig.Result written) {
        Sysdig.assertSameLines(original.lines(), written.lines(),
                "sysdig output for the original (expected) and the written capture (actual)");
        assertThat(written.out().equals(original.out())).as("sysdig output identical to the byte").isTrue();
    }
}
