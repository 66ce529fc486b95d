package dev.peregrine.plugin;

/** An open event source. Called from the source's event thread only. */
public interface SourceInstance extends AutoCloseable {
    /**
     * Adds the next events to {@code batch}. May wait a short while (about 100 ms) for events to come, so that
     * the caller need not spin; returns {@link Status#TIMEOUT} when none came.
     *
     * @return {@link Status#EVENTS} when events were added, {@link Status#TIMEOUT} when none are ready yet,
     *         {@link Status#EOF} when the source has ended (events added in the same call are still delivered)
     * @throws PluginException when the source failed and cannot go on (it is then closed)
     */
    Status nextBatch(EventBatch batch) throws PluginException;

    /** How far the source has got, from 0 to 1, or -1 when it cannot tell (a live source). */
    default double progress() {
        return -1;
    }

    /** The progress as text for the user ("2 of 7 files"), or empty. */
    default String progressText() {
        return "";
    }

    /** Stops the source and releases what it holds; no call follows. */
    @Override
    void close();

    enum Status { EVENTS, TIMEOUT, EOF }
}
