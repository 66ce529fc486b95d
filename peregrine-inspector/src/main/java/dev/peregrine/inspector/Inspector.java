package dev.peregrine.inspector;

import dev.peregrine.fields.EventContext;
import dev.peregrine.fields.HiddenEvents;
import dev.peregrine.scap.CaptureFormatException;
import dev.peregrine.scap.EventTable;
import dev.peregrine.scap.EventView;
import dev.peregrine.state.SystemState;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * The event loop's one owner of an event source, as libsinsp's inspector is: {@link #next} reads the next event,
 * applies it to the state, advances the event context and counts it; {@link #forRules} and {@link #shown} say who
 * sees it. The view, the state and the context are reused for every event.
 * <p>
 * Other threads may {@link #inject} events of their own (the container events the metadata fetcher makes, as
 * libsinsp's asynchronous events): each enters the stream before the first source event stamped at or after it.
 */
public final class Inspector implements AutoCloseable {
    private final EventSource source;
    private final EventView event;
    private final SystemState state;
    private final EventContext context;
    private final boolean live;
    private final boolean tracksState;
    private EventHook hook = EventHook.NONE;
    private final ConcurrentLinkedQueue<Injected> injected = new ConcurrentLinkedQueue<>();
    /** A source event read but held back for an injected one, or null. */
    private HeldEvent held;
    private boolean injectedForRules = true;
    private boolean currentInjected;
    private boolean leadingMetadata;
    private boolean pastLeadingMetadata;
    private long events;

    /** An event made outside the source, and whether rules may see it. */
    private record Injected(byte[] bytes, long timestamp, boolean forRules) {
    }

    /** Where a held source event's bytes are: enough to point the view at it again. */
    private record HeldEvent(MemorySegment segment, long base, int headerSize, boolean largeLengths, int cpu,
                             int blockFlags, long timestamp) {
    }

    public Inspector(EventSource source) {
        this(source, EventTable.get());
    }

    /** @param table the event table to decode with (tests read with an older sysdig's table) */
    public Inspector(EventSource source, EventTable table) {
        this(source, () -> table);
    }

    /**
     * @param table the event table, asked for once the source's process table is loaded into the state (a replay
     *              reads the event table on another thread meanwhile)
     */
    public Inspector(EventSource source, Supplier<EventTable> table) {
        this.source = source;
        this.state = new SystemState(source.metadata());
        this.event = new EventView(table.get());
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
        int got = read();
        if (got == EventSource.EVENT) {
            events++;
            if (tracksState) {
                state.process(event);
            }
            context.advance(events);
            boolean containerEvent = HiddenEvents.isContainerEvent(event.type());
            // libsinsp reads a capture's leading container events while it opens it, before it imports the
            // thread table: nobody sees them (they keep their numbers)
            leadingMetadata = !live && containerEvent && !pastLeadingMetadata;
            pastLeadingMetadata |= !containerEvent;
            hook.seen(context);
        }
        return got;
    }

    /** The next event to apply: a held source event, an injected one that is due, or the source's next. */
    private int read() throws IOException, CaptureFormatException {
        currentInjected = false;
        Injected due = injected.peek();
        if (held != null) {
            if (due != null && due.timestamp() <= held.timestamp()) {
                return injectNext();
            }
            HeldEvent h = held;
            held = null;
            wrap(h.segment(), h.base(), h.headerSize(), h.largeLengths(), h.cpu(), h.blockFlags());
            return EventSource.EVENT;
        }
        int got = source.next(event);
        if (due == null || got == EventSource.EVENT && event.timestamp() < due.timestamp()) {
            return got;
        }
        if (got == EventSource.EVENT) {
            held = new HeldEvent(event.segment(), event.base(), event.headerSize(), event.largeLengths(),
                    event.cpu(), event.blockFlags(), event.timestamp());
        }
        return injectNext();
    }

    private int injectNext() {
        Injected next = injected.poll();
        String bad = event.wrap(next.bytes(), 0, EventView.HEADER_V2, false, 0, -1);
        if (bad != null) {
            throw new IllegalStateException("an injected event is malformed: " + bad);
        }
        currentInjected = true;
        injectedForRules = next.forRules();
        return EventSource.EVENT;
    }

    private void wrap(MemorySegment segment, long base, int headerSize, boolean largeLengths, int cpu, int flags) {
        String bad = event.wrap(segment, base, headerSize, largeLengths, cpu, flags);
        if (bad != null) {
            throw new IllegalStateException("an event read once cannot be read again: " + bad);
        }
    }

    /**
     * Queues an event made outside the source, in libscap's layout with a v2 header and its timestamp set; it
     * enters the stream before the first source event stamped at or after it (at once if the source is quiet).
     * Safe to call from any thread.
     *
     * @param forRules false for an event that only brings the state up to date (e.g. the metadata of a container
     *                 that was already running when the capture started)
     */
    public void inject(byte[] eventBytes, boolean forRules) {
        byte[] bytes = eventBytes.clone();
        injected.add(new Injected(bytes, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0), forRules));
    }

    /**
     * Whether rules run on the current event. On the live driver the enter events of open, openat, openat2, creat
     * and connect exist for the state only (the path read when the syscall started), and, as in libsinsp, rules
     * never see them; capture files keep every event for the rules, as Falco's regression specs expect, but a
     * capture's leading container events and those of failed metadata lookups (libsinsp never returns these), and
     * injected events meant for the state only.
     */
    public boolean forRules() {
        if (leadingMetadata || state.filteredOut()) {
            return false;
        }
        if (currentInjected) {
            return injectedForRules;
        }
        return !(live && SystemState.isToctouEnter(event.type()));
    }

    /**
     * Whether event listings show the current event: sysdig hides internal meta-events, and never returns a
     * capture's leading container events or those of failed metadata lookups.
     */
    public boolean shown() {
        return !HiddenEvents.isHidden(event) && !leadingMetadata && !state.filteredOut();
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
