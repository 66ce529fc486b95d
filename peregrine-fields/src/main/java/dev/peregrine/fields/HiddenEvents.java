package dev.peregrine.fields;

import dev.peregrine.scap.EventCategory;
import dev.peregrine.scap.EventIds;
import dev.peregrine.scap.EventInfo;
import dev.peregrine.scap.EventView;

/**
 * Events that are numbered but not shown in event listings, as sysdig hides them: internal meta-events
 * (process-info snapshots, container and orchestrator metadata).
 */
public final class HiddenEvents {
    private HiddenEvents() {
    }

    public static boolean isHidden(EventView ev) {
        EventInfo i = ev.info();
        if (i == null) {
            return true;
        }
        if (i.hasCategory(EventCategory.INTERNAL)) {
            return true;
        }
        int t = ev.type();
        // container metadata was an internal event in the libs sysdig 0.29.3 is built on
        return t == EventIds.CONTAINER_E || t == EventIds.CONTAINER_JSON_E || t == EventIds.CONTAINER_JSON_2_E;
    }
}
