package dev.peregrine.fields;

import dev.peregrine.scap.EventCategory;
import dev.peregrine.scap.EventIds;
import dev.peregrine.scap.EventInfo;
import dev.peregrine.scap.EventView;

/**
 * Events that are numbered but not shown in event listings, as sysdig hides them: internal meta-events
 * (process-info snapshots, the old container event, orchestrator metadata). The JSON container events are shown:
 * sysdig prints them on the container's thread.
 */
public final class HiddenEvents {
    private HiddenEvents() {
    }

    public static boolean isHidden(EventView ev) {
        EventInfo i = ev.info();
        if (i == null) {
            return true;
        }
        return i.hasCategory(EventCategory.INTERNAL);
    }

    /** The container events: the old CONTAINER (internal) and both CONTAINER_JSON versions. */
    public static boolean isContainerEvent(int type) {
        return type == EventIds.CONTAINER_E || type == EventIds.CONTAINER_JSON_E || type == EventIds.CONTAINER_JSON_2_E;
    }
}
