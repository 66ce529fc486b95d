package dev.peregrine.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peregrine.scap.EventIds;
import dev.peregrine.scap.EventTable;
import dev.peregrine.testkit.SharedData;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The event table sysdig 0.29.3 decodes with: Peregrine's cut to that libs' (e5c53d6) event types, with that
 * libs' parameter lists (names, types, formats) read from the shared event-table JSON and its flag tables (today's
 * without the entries added since). Parameters added since are then not decoded, newer event types are skipped and
 * newer flags not named, as sysdig 0.29.3 does, so its lines can be compared.
 */
final class SysdigTable {
    static final int SIZE = EventIds.LEGACY_EVENT_MAX;
    /** The flag-table entries libs added after e5c53d6 to tables it had (its flags_table.c against today's). */
    private static final Map<String, Set<String>> NEWER_FLAGS = Map.of(
            "file_flags", Set.of("O_F_CREATED", "FD_UPPER_LAYER", "FD_LOWER_LAYER"),
            "clone_flags", Set.of("CLONE_CHILD_IN_PIDNS"),
            "shutdown_how", Set.of("SHUT_UNKNOWN"),
            "execve_flags", Set.of("EXE_UPPER_LAYER", "EXE_FROM_MEMFD", "EXE_LOWER_LAYER"));
    private static EventTable table;

    private SysdigTable() {
    }

    static synchronized EventTable get() {
        if (table == null) {
            table = load();
        }
        return table;
    }

    private static EventTable load() {
        JsonNode old;
        try {
            old = new ObjectMapper().readTree(
                    SharedData.upstream("event-table/event_table_libs-e5c53d6.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Integer, List<String[]>> params = new HashMap<>();
        for (JsonNode e : old.get("events")) {
            if (e.get("id").isNull()) {
                continue;
            }
            List<String[]> list = new ArrayList<>();
            for (JsonNode p : e.get("params")) {
                list.add(new String[]{p.get("name").asText(), p.get("type").asText(), p.get("fmt").asText(),
                        p.get("info").isNull() ? null : p.get("info").asText().split(",")[0].strip()});
            }
            params.put(e.get("id").asInt(), list);
        }
        Map<String, Set<String>> kept = new HashMap<>();
        NEWER_FLAGS.forEach((name, newer) -> {
            Set<String> names = new HashSet<>(EventTable.get().flagTable(name).nameList());
            names.removeAll(newer);
            kept.put(name, names);
        });
        return EventTable.get().truncatedTo(SIZE).withParams(params).withFlagsCutTo(kept);
    }
}
