package dev.peregrine.scap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Little-endian byte sink for one capture block; {@link #block} frames it (type, length, padding, trailer). */
final class BlockBuffer {
    private static final int MAX_STRING = 0xFFFF;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    int size() {
        return out.size();
    }

    BlockBuffer u8(int v) {
        out.write(v);
        return this;
    }

    BlockBuffer u16(int v) {
        out.write(v);
        out.write(v >>> 8);
        return this;
    }

    BlockBuffer u32(int v) {
        u16(v);
        u16(v >>> 16);
        return this;
    }

    BlockBuffer u64(long v) {
        u32((int) v);
        u32((int) (v >>> 32));
        return this;
    }

    BlockBuffer bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    /** u16 length + bytes, no NUL; cut at 65535 bytes. */
    BlockBuffer str(String s) {
        return lenBytes(s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8));
    }

    /** u16 length + each string NUL-terminated (args, env, cgroups). */
    BlockBuffer nulList(List<String> l) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String s : l) {
            b.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            b.write(0);
        }
        return lenBytes(b.toByteArray());
    }

    private BlockBuffer lenBytes(byte[] b) {
        int n = Math.min(b.length, MAX_STRING);
        u16(n);
        out.write(b, 0, n);
        return this;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    /** Writes the body into a sub-buffer entry prefixed by its u32 length ({@code countSelf}: length includes it). */
    BlockBuffer entry(BlockBuffer body, boolean countSelf) {
        u32(body.size() + (countSelf ? 4 : 0));
        return bytes(body.toByteArray());
    }

    /** The framed block: u32 type, u32 total, body, zero padding to 4, u32 total. */
    byte[] block(int type) {
        int body = out.size();
        int total = (8 + body + 4 + 3) & ~3;
        BlockBuffer b = new BlockBuffer();
        b.u32(type).u32(total).bytes(out.toByteArray());
        while (b.size() < total - 4) {
            b.u8(0);
        }
        return b.u32(total).toByteArray();
    }
}
