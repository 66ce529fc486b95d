package dev.peregrine.inspector;

import dev.peregrine.scap.CaptureFormatException;
import dev.peregrine.scap.CaptureMetadata;
import dev.peregrine.scap.EventView;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/** Where events come from: a capture file ({@link CaptureSource}) or the live driver ({@link LiveSource}). */
public interface EventSource extends AutoCloseable {
    /** {@link #next} pointed the view at an event. */
    int EVENT = 1;
    /** A live source had nothing to read in its poll interval: the caller checks for stop requests and asks again. */
    int NONE_YET = 0;
    /** The source has no more events. */
    int END = -1;

    /** The state at the start: a capture's metadata blocks, or the /proc scan of a live machine. */
    CaptureMetadata metadata();

    /**
     * Points {@code event} at the next event.
     *
     * @return {@link #EVENT}, {@link #NONE_YET} or {@link #END}
     */
    int next(EventView event) throws IOException, CaptureFormatException;

    /** Chooses the syscalls a live source sends (after a reload); nothing to do for files. */
    default void trace(Set<String> syscalls) {
    }

    /** Events the source lost before they reached us (kernel drops); 0 for files. */
    default long drops() {
        return 0;
    }

    /**
     * Whether this is the live driver, whose enter events of open, openat, openat2, creat and connect exist for
     * the state only (TOCTOU mitigation).
     */
    default boolean live() {
        return false;
    }

    /**
     * Whether the source's events describe the machine (syscalls), so that the inspector applies them to the
     * state; a plugin's events (Kubernetes audit events, ...) do not.
     */
    default boolean tracksState() {
        return true;
    }

    /** What the source could not set up as it should have, for the log (e.g. enter events unavailable). */
    default List<String> warnings() {
        return List.of();
    }

    @Override
    void close() throws IOException;
}
