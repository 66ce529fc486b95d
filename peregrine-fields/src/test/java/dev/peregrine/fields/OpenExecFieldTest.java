package dev.peregrine.fields;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peregrine.scap.CaptureMetadata;
import dev.peregrine.scap.EventIds;
import dev.peregrine.scap.EventTable;
import dev.peregrine.scap.EventView;
import dev.peregrine.scap.FlagTable;
import dev.peregrine.state.SystemState;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * evt.is_open_exec on hand-made exit events: true when the open creates a file with an execute bit, for creat (whose
 * exit carries the mode alone) as for open with O_CREAT.
 */
class OpenExecFieldTest {
    private static final long TID = 4242;
    private static final int EXECUTABLE = 0755, NOT_EXECUTABLE = 0644;

    private final SystemState state = new SystemState(new CaptureMetadata());
    private final EventView event = new EventView();
    private final EventContext ctx = new EventContext(state, event);
    private final Extractor isOpenExec = FieldRegistry.standard().parse("evt.is_open_exec", 0).extractor();

    @Test
    void creatOfAnExecutableFileIsAnOpenExec() {
        assertThat(isOpenExec(creatExit(EXECUTABLE))).isEqualTo("true");
    }

    @Test
    void creatOfAPlainFileIsNot() {
        assertThat(isOpenExec(creatExit(NOT_EXECUTABLE))).isEqualTo("false");
    }

    @Test
    void openCreatingAnExecutableFileIsAnOpenExecToo() {
        int create = (int) fileFlag("O_CREAT") | (int) fileFlag("O_WRONLY");
        assertThat(isOpenExec(openExit(create, EXECUTABLE))).isEqualTo("true");
        assertThat(isOpenExec(openExit((int) fileFlag("O_WRONLY"), EXECUTABLE))).as("no O_CREAT").isEqualTo("false");
    }

    /** creat's exit: fd, name, mode, dev, ino, creat_flags. */
    private static byte[] creatExit(int mode) {
        return event(EventIds.SYSCALL_CREAT_X, 3L, "/tmp/tool", mode, 0, 99L, (short) 0);
    }

    /** open's exit: fd, name, flags, mode, dev, ino. */
    private static byte[] openExit(int flags, int mode) {
        return event(EventIds.SYSCALL_OPEN_X, 3L, "/tmp/tool", flags, mode, 0, 99L);
    }

    private static long fileFlag(String name) {
        FlagTable t = EventTable.get().flagTable("file_flags");
        return t.values()[t.nameList().indexOf(name)];
    }

    private String isOpenExec(byte[] bytes) {
        assertThat(event.wrap(MemorySegment.ofArray(bytes), 0, EventView.HEADER_V2, false, 0, -1)).isNull();
        assertThat(event.nparams()).as("the table's parameters of %s", event.info().code())
                .isEqualTo(event.info().nparams());
        state.process(event);
        ctx.advance(1);
        TextBuffer out = new TextBuffer();
        assertThat(isOpenExec.print(ctx, out)).isTrue();
        return out.toString();
    }

    /** A v2 event (26-byte header): Long params take 8 bytes, Integer 4, Short 2, String NUL-terminated. */
    private static byte[] event(int type, Object... params) {
        List<byte[]> values = new ArrayList<>();
        for (Object p : params) {
            values.add(switch (p) {
                case Long l -> ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(l).array();
                case Integer i -> ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(i).array();
                case Short s -> ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort(s).array();
                case String s -> (s + "\0").getBytes(StandardCharsets.UTF_8);
                default -> throw new IllegalArgumentException(String.valueOf(p));
            });
        }
        int len = EventView.HEADER_V2 + 2 * values.size() + values.stream().mapToInt(b -> b.length).sum();
        ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(1_000_000_000L).putLong(TID).putInt(len).putShort((short) type).putInt(values.size());
        for (byte[] v : values) {
            b.putShort((short) v.length);
        }
        for (byte[] v : values) {
            b.put(v);
        }
        return b.array();
    }
}
