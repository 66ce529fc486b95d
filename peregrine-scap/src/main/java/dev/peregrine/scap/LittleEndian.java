package dev.peregrine.scap;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The little-endian layouts of memory-segment reads and writes, apart from {@link EventView} so that a replay,
 * which reads arrays, never builds them (the memory API's first use builds method handles at start-up).
 */
final class LittleEndian {
    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {
    }
}
