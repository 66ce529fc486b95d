package dev.peregrine.scap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * libscap's container event as libsinsp makes it for a container its runtime described: CONTAINER_JSON_2_E (a
 * v2 header, one parameter with a 32-bit length: the JSON text, NUL-terminated), on tid -1.
 */
public final class ContainerJsonEvent {
    private ContainerJsonEvent() {
    }

    /** The event's bytes, stamped {@code timestamp} (nanoseconds since the epoch). */
    public static byte[] of(long timestamp, String json) {
        byte[] text = json.getBytes(StandardCharsets.UTF_8);
        int length = EventView.HEADER_V2 + 4 + text.length + 1;
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(timestamp).putLong(-1).putInt(length).putShort((short) EventIds.CONTAINER_JSON_2_E).putInt(1);
        b.putInt(text.length + 1).put(text).put((byte) 0);
        return b.array();
    }
}
