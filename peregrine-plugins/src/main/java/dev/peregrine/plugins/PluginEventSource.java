package dev.peregrine.plugins;

import dev.peregrine.inspector.EventSource;
import dev.peregrine.plugin.EventBatch;
import dev.peregrine.plugin.PluginException;
import dev.peregrine.plugin.SourceInstance;
import dev.peregrine.scap.CaptureMetadata;
import dev.peregrine.scap.EventView;
import dev.peregrine.scap.PluginEvents;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.time.Instant;
import java.util.Arrays;

/**
 * A plugin's open event source as an inspector's source: events are asked for in batches and written in libscap's
 * plugin event layout into one reused buffer, which the event view then reads in place.
 */
public final class PluginEventSource implements EventSource {
    /** Events asked for at once. */
    static final int BATCH = 256;

    private final String plugin;
    private final SourceInstance instance;
    private final Batch batch;
    private int next;
    private boolean ended;
    private boolean closed;

    PluginEventSource(String plugin, int pluginId, SourceInstance instance) {
        this.plugin = plugin;
        this.instance = instance;
        this.batch = new Batch(pluginId);
    }

    @Override
    public CaptureMetadata metadata() {
        return new CaptureMetadata();
    }

    @Override
    public int next(EventView event) throws IOException {
        while (next >= batch.count) {
            if (ended) {
                return END;
            }
            batch.clear();
            next = 0;
            SourceInstance.Status status;
            try {
                status = instance.nextBatch(batch);
            } catch (PluginException e) {
                ended = true;
                throw new IOException("plugin '" + plugin + "': " + e.getMessage());
            } catch (RuntimeException e) {
                ended = true;
                throw new IOException("plugin '" + plugin + "' failed: " + e, e);
            }
            if (status == SourceInstance.Status.EOF) {
                ended = true;
            } else if (status == SourceInstance.Status.TIMEOUT && batch.count == 0) {
                return NONE_YET;
            }
        }
        batch.wrap(event, next++);
        return EVENT;
    }

    /** How far the source has got, as the plugin tells it. */
    public Progress progress() {
        return new Progress(instance.progress(), instance.progressText());
    }

    /**
     * A source's progress.
     *
     * @param fraction from 0 to 1, or -1 when the plugin cannot tell
     * @param text     the plugin's words for it, or empty
     */
    public record Progress(double fraction, String text) {
        /** Before the plugin has told anything. */
        public static final Progress UNKNOWN = new Progress(-1, "");
    }

    @Override
    public boolean tracksState() {
        return false;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            instance.close();
        }
    }

    /** The batch handed to the plugin: events are copied into one reused arena as they are added. */
    private static final class Batch implements EventBatch {
        private final int pluginId;
        private byte[] arena = new byte[64 * 1024];
        private MemorySegment segment = MemorySegment.ofArray(arena);
        private final int[] starts = new int[BATCH];
        private int count;
        private int used;

        Batch(int pluginId) {
            this.pluginId = pluginId;
        }

        /** Empties the batch for the plugin's next one; the arena is reused. */
        void clear() {
            count = 0;
            used = 0;
        }

        /** Points the view at event {@code i} of the batch, in place. */
        void wrap(EventView event, int i) {
            PluginEvents.wrap(event, segment, starts[i]);
        }

        @Override
        public int remaining() {
            return BATCH - count;
        }

        @Override
        public boolean add(long timestampNs, byte[] data, int offset, int length) {
            if (count == BATCH) {
                return false;
            }
            int need = PluginEvents.OVERHEAD + length;
            if (used + need > arena.length) {
                arena = Arrays.copyOf(arena, Math.max(arena.length * 2, used + need));
                segment = MemorySegment.ofArray(arena);
            }
            long ts = timestampNs == NOW ? now() : timestampNs;
            PluginEvents.write(segment, used, ts, pluginId, data, offset, length);
            starts[count++] = used;
            used += need;
            return true;
        }

        private static long now() {
            Instant t = Instant.now();
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        }
    }
}
