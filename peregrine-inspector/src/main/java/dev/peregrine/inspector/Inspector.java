package dev.peregrine.inspector;

import dev.peregrine.fields.EventContext;
import dev.peregrine.fields.HiddenEvents;
import dev.peregrine.scap.CaptureFormatException;
import dev.peregrine.scap.EventTable;
import dev.peregrine.scap.EventView;
import dev.peregrine.state.SystemState;

import java.io.IOException;

/**
 * The event loop's one owner of an event source, as libsinsp's inspector is: {@link #next} reads the next event,
 * applies it to the state, advances the event context and counts it; {@link #forRules} and {@link #shown} say who
 * sees it. The view, the state and the context are reused for every event.
 */
public final class Inspector implements AutoCloseable {
    private final EventSource source;
    private final EventView event;
    private final SystemState state;
    private final EventContext context;
    private final boolean live;
    private final boolean tracksState;
    private EventHook hook = EventHook.NONE;
    private long events;

    public Inspector(EventSource source) {
        this(source, EventTable.get());
    }

    /** @param table the event table to decode with (tests read with an older sysdig's table) */
    public Inspector(EventSource source, EventTable table) {
        this.source = source;
        this.event = new EventView(table);
        this.state = new SystemState(source.metadata());
        this.context = new EventContext(state, event);
        this.live = source.live();
        this.state.liveDriver(live);
        this.tracksState = source.tracksState();
    }

    /** Called with every event once it is applied, before anyone else sees it (plugins' event parsing). */
    public void onEvent(EventHook hook) {
        this.hook = hook;
    }

    /**
     * Reads the next event and applies it to the state.
     *
     * @return {@link EventSource#EVENT}, {@link EventSource#NONE_YET} or {@link EventSource#END}
     */
    public int next() throws IOException, CaptureFormatException {
        int got = source.next(event);
        if (got == EventSource.EVENT) {
            events++;
            if (tracksState) {
                state.process(event);
            }
            context.advance(events);
            hook.seen(context);
        }
        return got;
    }

    /**
     * Whether rules run on the current event. On the live driver the enter events of open, openat, openat2, creat
     * and connect exist for the state only (the path read when the syscall started), and, as in libsinsp, rules
     * never see them; capture files keep every event for the rules, as Falco's regression specs expect.
     */
    public boolean forRules() {
        return !(live && SystemState.isToctouEnter(event.type()));
    }

    /** Whether event listings show the current event (sysdig hides internal meta-events). */
    public boolean shown() {
        return !HiddenEvents.isHidden(event);
    }

    /** How many events have been read, hidden ones included: the current event's evt.num. */
    public long events() {
        return events;
    }

    public EventView event() {
        return event;
    }

    public EventContext context() {
        return context;
    }

    public SystemState state() {
        return state;
    }

    public EventSource source() {
        return source;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
