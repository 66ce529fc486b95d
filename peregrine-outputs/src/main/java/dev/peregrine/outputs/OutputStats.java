package dev.peregrine.outputs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot of {@link Outputs}' counters. Once the queue is empty, for every channel
 * {@code submitted == delivered + failed + dropped}.
 *
 * @param submitted every {@link Outputs#submit} call
 * @param dropped   alerts never handed to the channels: queue full, submitted after close, or discarded when
 *                  close gave up waiting
 * @param queued    alerts waiting in the queue
 * @param channels  per channel name, in the channels' order
 */
public record OutputStats(long submitted, long dropped, long queued, Map<String, ChannelStats> channels) {

    public OutputStats {
        channels = Collections.unmodifiableMap(new LinkedHashMap<>(channels));
    }

    /** The counts of one channel; throws if there is no channel of that name. */
    public ChannelStats channel(String name) {
        ChannelStats stats = channels.get(name);
        if (stats == null) {
            throw new IllegalArgumentException("no output channel named " + name + "; have " + channels.keySet());
        }
        return stats;
    }
}
