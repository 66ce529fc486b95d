package dev.peregrine.scap;

import dev.peregrine.scap.synthetic.SyntheticCapture;
import dev.peregrine.scap.synthetic.SyntheticEvent;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A view reads the same event whether it lies in an array (captures) or in native memory (ring buffers). */
class EventViewStorageTest {
    private static final int AT = 5; // not at the start of its storage, as events in a block are not

    private record Read(long ts, long tid, int type, int nparams, int cpu, long fd, String name, long flags,
                        byte[] nameBytes, int u8, int u16, int u32) {
    }

    private static Read read(EventView v) {
        long off = v.paramOffset(1);
        return new Read(v.timestamp(), v.tid(), v.type(), v.nparams(), v.cpu(), v.paramAsLong(0),
                v.paramString(1), v.paramAsLong(2), v.paramBytes(1), v.u8(off), v.u16(off), v.u32(off));
    }

    @Test
    void arrayAndNativeStorageReadAlike() {
        SyntheticEvent e = new SyntheticCapture().exit(77, "open").set("fd", -2L).set("name", "/etc/shadow")
                .set("flags", 0x241).set("mode", 0640).cpu(3);
        byte[] event = e.encode();
        byte[] array = new byte[AT + event.length + 7];
        System.arraycopy(event, 0, array, AT, event.length);

        EventView fromArray = new EventView();
        assertThat(fromArray.wrap(array, AT, e.headerSize(), false, 3, -1)).isNull();
        Read a = read(fromArray);
        assertThat(a.fd()).isEqualTo(-2);
        assertThat(a.name()).isEqualTo("/etc/shadow");
        assertThat(a.flags()).isEqualTo(0x241);
        assertThat(a.tid()).isEqualTo(77);
        assertThat(a.cpu()).isEqualTo(3);

        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(array.length);
            MemorySegment.copy(array, 0, seg, ValueLayout.JAVA_BYTE, 0, array.length);
            EventView fromNative = new EventView();
            assertThat(fromNative.wrap(seg, AT, e.headerSize(), false, 3, -1)).isNull();
            Read n = read(fromNative);
            assertThat(n).usingRecursiveComparison().isEqualTo(a);
        }
        // the segment of an array-backed view is made on demand, over the same bytes
        assertThat(fromArray.segment().byteSize()).isEqualTo(array.length);
        assertThat(fromArray.segment().get(ValueLayout.JAVA_BYTE, AT + 20)).isEqualTo(array[AT + 20]);
        byte[] copy = new byte[4];
        fromArray.copy(fromArray.paramOffset(1), copy, 0, 4);
        assertThat(new String(copy)).isEqualTo("/etc");
    }

    @Test
    void anEventRunningPastItsArrayIsMalformed() {
        SyntheticEvent e = new SyntheticCapture().exit(77, "open").set("name", "/etc/shadow");
        byte[] event = e.encode();
        byte[] cut = java.util.Arrays.copyOf(event, event.length - 3);
        assertThat(new EventView().wrap(cut, 0, e.headerSize(), false, 0, -1)).contains("outside its block");
    }

    @Test
    void lazyNulListsSplitAsTheEagerOnes() {
        byte[] env = "A=1\0B=2\0\0\0".getBytes();
        List<String> lazy = NulStrings.lazy(env);
        assertThat(lazy).isEqualTo(NulStrings.split(env)).containsExactly("A=1", "B=2", "", "");
        assertThat(NulStrings.withoutTrailingEmpty(lazy)).containsExactly("A=1", "B=2");
        assertThat(NulStrings.withoutTrailingEmpty(List.of("x", "", ""))).containsExactly("x");
        assertThat(NulStrings.lazy(new byte[0])).isEmpty();
        assertThat(NulStrings.lazy("a\0\0b".getBytes())).containsExactly("a", "", "b");
        assertThat(NulStrings.withoutTrailingEmpty(NulStrings.lazy("\0\0".getBytes()))).isEmpty();
    }
}
