package dev.peregrine.plugins;

import dev.peregrine.fields.EventContext;
import dev.peregrine.plugin.PluginEvent;
import dev.peregrine.scap.EventView;
import dev.peregrine.scap.PluginEvents;

import java.nio.ByteBuffer;

/**
 * The current event of one source as plugins see it. Shared by that source's plugin fields and parsers; moved to
 * a new event at most once per event (the payload's buffer is the only object made per event, and only when a
 * plugin reads it).
 */
final class PluginEventView implements PluginEvent {
    private final String source;
    private EventContext ctx;
    private long at = -1;
    private ByteBuffer data;

    PluginEventView(String source) {
        this.source = source;
    }

    /** Points the view at the current event of {@code ctx}. */
    PluginEventView at(EventContext ctx) {
        if (this.ctx != ctx || at != ctx.num()) {
            this.ctx = ctx;
            this.at = ctx.num();
            this.data = null;
        }
        return this;
    }

    @Override
    public long number() {
        return ctx.num();
    }

    @Override
    public long timestamp() {
        return ctx.event().timestamp();
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public int pluginId() {
        EventView e = ctx.event();
        return PluginEvents.is(e) ? PluginEvents.pluginId(e) : 0;
    }

    @Override
    public ByteBuffer data() {
        if (data == null) {
            EventView e = ctx.event();
            long from = PluginEvents.is(e) ? e.paramOffset(1) : e.base();
            long length = PluginEvents.is(e) ? e.paramLength(1) : e.length();
            data = e.segment().asSlice(from, length).asByteBuffer().asReadOnlyBuffer();
        }
        return data.duplicate();
    }

    /** Whether the current event is a plugin event (plugins' fields on a plugin source read only those). */
    boolean isPluginEvent() {
        return PluginEvents.is(ctx.event());
    }
}
