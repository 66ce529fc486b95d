package dev.peregrine.outputs;

/** Per-channel counts: alerts written, and alerts whose write failed. */
public record ChannelStats(long delivered, long failed) {
}
