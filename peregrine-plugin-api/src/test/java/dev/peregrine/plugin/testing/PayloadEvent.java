package dev.peregrine.plugin.testing;

import dev.peregrine.plugin.PluginEvent;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A plugin event for plugins' tests: the first event of a source, with a text payload. */
public record PayloadEvent(long timestamp, String source, byte[] payload) implements PluginEvent {

    public static PayloadEvent of(String source, long timestamp, String payload) {
        return new PayloadEvent(timestamp, source, payload.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public long number() {
        return 1;
    }

    @Override
    public int pluginId() {
        return 1;
    }

    @Override
    public ByteBuffer data() {
        return ByteBuffer.wrap(payload).asReadOnlyBuffer();
    }
}
