package dev.peregrine.plugin;

/** Where {@link SourceInstance#nextBatch} puts events; the bytes are copied, so the caller may reuse its arrays. */
public interface EventBatch {
    /** A timestamp that asks the host to use the time the event was added. */
    long NOW = -1;

    /** How many more events this batch takes. */
    int remaining();

    /**
     * Adds an event.
     *
     * @param timestampNs nanoseconds since the epoch, or {@link #NOW}
     * @return false, adding nothing, when the batch is full
     */
    boolean add(long timestampNs, byte[] data, int offset, int length);

    default boolean add(long timestampNs, byte[] data) {
        return add(timestampNs, data, 0, data.length);
    }
}
