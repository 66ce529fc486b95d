package dev.peregrine.filter.eval;

import dev.peregrine.fields.EventContext;
import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.fields.HiddenEvents;
import dev.peregrine.scap.CaptureReader;
import dev.peregrine.scap.EventIds;
import dev.peregrine.scap.EventTable;
import dev.peregrine.scap.EventView;
import dev.peregrine.state.SystemState;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Replays a capture through a filter, as {@code peregrine events -r F -p %evt.num FILTER} does. */
final class FilterReplay {
    /** sysdig 0.29.3 knows e5c53d6's event types: reading with the same table keeps evt.num aligned with it. */
    static final EventTable SYSDIG_TABLE = EventTable.get().truncatedTo(EventIds.LEGACY_EVENT_MAX);

    private FilterReplay() {
    }

    /**
     * The evt.num of the shown events the filter matches; also checks, event by event, that the compiled filter
     * and the reference interpreter agree.
     */
    static List<String> matching(Path capture, String expression) throws Exception {
        return matching(capture, expression, false);
    }

    /** As {@link #matching(Path, String)}, with the state reading the events as a live driver's when {@code live}. */
    static List<String> matching(Path capture, String expression, boolean live) throws Exception {
        Filter filter = Filter.compile(expression, FieldRegistry.standard());
        Interpreter reference = filter.interpreter();
        List<String> nums = new ArrayList<>();
        try (CaptureReader reader = CaptureReader.open(capture)) {
            SystemState state = new SystemState(reader.metadata());
            state.liveDriver(live);
            EventView event = new EventView(SYSDIG_TABLE);
            EventContext ctx = new EventContext(state, event);
            long num = 0;
            boolean started = false;
            while (reader.next(event)) {
                num++;
                state.process(event);
                ctx.advance(num);
                boolean compiled = filter.matches(ctx);
                boolean interpreted = reference.matches(ctx);
                assertThat(compiled).as("compiled vs interpreter on event %d of %s for %s", num,
                        capture.getFileName(), expression).isEqualTo(interpreted);
                // sysdig never returns a capture's leading container events (libsinsp reads them at open), nor
                // the events it filters out (failed container lookups)
                started |= !HiddenEvents.isContainerEvent(event.type());
                if (compiled && !HiddenEvents.isHidden(event) && started && !state.filteredOut()) {
                    nums.add(Long.toString(num));
                }
            }
        }
        return nums;
    }
}
