package dev.peregrine.fields;

import dev.peregrine.scap.EventIds;
import dev.peregrine.scap.EventView;
import dev.peregrine.state.FdInfo;
import dev.peregrine.state.SystemState;
import dev.peregrine.state.ThreadInfo;

/** The current event with the state it is seen in: what every field extractor reads. Reused for every event. */
public final class EventContext {
    private final SystemState state;
    private final EventView event;
    private long num;
    private long firstTimestamp;

    public EventContext(SystemState state, EventView event) {
        this.state = state;
        this.event = event;
    }

    /** Call once per event, after the state has processed it. */
    public void advance(long eventNumber) {
        this.num = eventNumber;
        // libsinsp takes the capture's start from the first event that is not container metadata; metadata
        // events carry a zero timestamp, which leaves the start unset
        if (firstTimestamp == 0 && !isContainerMetadata(event.type())) {
            firstTimestamp = event.timestamp();
        }
    }

    private static boolean isContainerMetadata(int type) {
        return type == EventIds.CONTAINER_JSON_E || type == EventIds.CONTAINER_JSON_2_E;
    }

    public EventView event() {
        return event;
    }

    public SystemState state() {
        return state;
    }

    /** evt.num: the event's ordinal in the stream, counting from 1. */
    public long num() {
        return num;
    }

    /** evt.reltime: nanoseconds from the capture's start to the current event. */
    public long relativeTime() {
        return event.timestamp() - firstTimestamp;
    }

    public ThreadInfo thread() {
        return state.currentThread();
    }

    public FdInfo fd() {
        return state.currentFd();
    }
}
