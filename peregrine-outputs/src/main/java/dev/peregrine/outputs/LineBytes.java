package dev.peregrine.outputs;

import java.nio.charset.StandardCharsets;

/** An alert's line as written by line-oriented channels: UTF-8 with a trailing newline, in one array. */
final class LineBytes {

    private LineBytes() {
    }

    // one array so each alert goes out in a single write() and cannot interleave with another writer
    static byte[] of(Alert alert) {
        byte[] text = alert.line().getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[text.length + 1];
        System.arraycopy(text, 0, out, 0, text.length);
        out[text.length] = '\n';
        return out;
    }
}
