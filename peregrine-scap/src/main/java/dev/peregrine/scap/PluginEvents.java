package dev.peregrine.scap;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * libscap's plugin event (PPME_PLUGINEVENT_E, "pluginevent"): a v2 header, two 4-byte parameter lengths, the
 * plugin's id (u32) and the payload (bytes). Plugin sources' events are written in this layout, so the event
 * view, the generic evt.* fields and the rules read them as they read captured ones.
 */
public final class PluginEvents {
    /** libscap's plugin event type. */
    public static final int TYPE = EventIds.PLUGINEVENT_E;
    /** The bytes an event has besides its payload. */
    public static final int OVERHEAD = EventView.HEADER_V2 + 2 * 4 + 4;
    /** The thread id of events that come from no thread (as libsinsp gives plugin events). */
    public static final long NO_THREAD = -1;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private PluginEvents() {
    }

    /**
     * Writes a plugin event at {@code offset} of {@code out}, which must have {@link #OVERHEAD} {@code + length}
     * bytes from there.
     *
     * @return the event's length
     */
    public static int write(MemorySegment out, long offset, long timestamp, int pluginId, byte[] data, int from,
                            int length) {
        int total = OVERHEAD + length;
        out.set(U64, offset, timestamp);
        out.set(U64, offset + 8, NO_THREAD);
        out.set(U32, offset + 16, total);
        out.set(U16, offset + 20, (short) TYPE);
        out.set(U32, offset + 22, 2);
        out.set(U32, offset + EventView.HEADER_V2, 4);
        out.set(U32, offset + EventView.HEADER_V2 + 4, length);
        out.set(U32, offset + EventView.HEADER_V2 + 8, pluginId);
        MemorySegment.copy(data, from, out, ValueLayout.JAVA_BYTE, offset + OVERHEAD, length);
        return total;
    }

    /** Points {@code view} at the plugin event written at {@code offset} of {@code segment}. */
    public static void wrap(EventView view, MemorySegment segment, long offset) {
        String bad = view.wrap(segment, offset, EventView.HEADER_V2, true, 0, -1);
        if (bad != null) {
            throw new IllegalStateException("a plugin event written by PluginEvents is malformed: " + bad);
        }
    }

    /** Whether the view's event is a plugin event with its two parameters. */
    public static boolean is(EventView event) {
        return event.type() == TYPE && event.nparams() >= 2 && event.paramLength(0) == 4;
    }

    /** The id of the plugin that made the event (the caller has checked {@link #is}). */
    public static int pluginId(EventView event) {
        return event.u32(event.paramOffset(0));
    }
}
