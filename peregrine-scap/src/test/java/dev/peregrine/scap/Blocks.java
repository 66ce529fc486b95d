package dev.peregrine.scap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately small block walker for tests, written from the format notes and independent of
 * {@link CaptureReader}: it splits a decompressed capture into blocks so tests can count events and cut or patch
 * files at exact block positions.
 */
final class Blocks {
    static final int SHB = 0x0A0D0D0A;

    /** One block: where it starts, its type id and its total length. */
    record Block(int offset, int type, int length) {
        boolean isEvent() {
            return Blocks.isEvent(type);
        }

        int end() {
            return offset + length;
        }
    }

    private Blocks() {
    }

    static boolean isEvent(int type) {
        return switch (type) {
            case 0x204, 0x8010ABCD, 0x208, 0x216, 0x217, 0x221, 0x222 -> true;
            default -> false;
        };
    }

    /** Splits a whole (decompressed) capture into blocks, checking each block's trailer. */
    static List<Block> of(byte[] capture) {
        ByteBuffer b = ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN);
        List<Block> out = new ArrayList<>();
        int off = 0;
        while (off < capture.length) {
            int type = b.getInt(off);
            int len = b.getInt(off + 4);
            if (len < 12 || off + (long) len > capture.length || b.getInt(off + len - 4) != len) {
                throw new IllegalStateException("malformed block at " + off);
            }
            out.add(new Block(off, type, len));
            off += len;
        }
        return out;
    }

    static List<Block> events(List<Block> blocks) {
        return blocks.stream().filter(Block::isEvent).toList();
    }

    /** Event type of an event block (the u16 at offset 20 of the event header). */
    static int eventType(byte[] capture, Block block) {
        int flags = switch (block.type()) {
            case 0x208, 0x217, 0x222 -> 4;
            default -> 0;
        };
        ByteBuffer b = ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN);
        return b.getShort(block.offset() + 8 + 2 + flags + 20) & 0xFFFF;
    }

    static int u32(byte[] a, int off) {
        return ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN).getInt(off);
    }

    static void putU32(byte[] a, int off, int v) {
        ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN).putInt(off, v);
    }

    static void putU16(byte[] a, int off, int v) {
        ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN).putShort(off, (short) v);
    }
}
