package dev.peregrine.grpc;

import dev.peregrine.outputs.Alert;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Alerts shaped like Falco's, with the time of Falco's test traces. */
final class TestAlerts {

    static final long TIME_NS = 1_470_327_477_881_781_397L;

    private TestAlerts() {
    }

    /** A Warning from open_from_cat; {@code n} varies the time and output so alerts can be told apart. */
    static Alert warning(int n) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("proc.name", "cat");
        fields.put("fd.num", 3 + n);
        fields.put("container.id", null);
        return new Alert(TIME_NS + n, "Warning", 4, "open_from_cat", "syscall", "host-1",
                List.of("filesystem", "mitre_discovery"), "A file was opened by cat #" + n, fields);
    }
}
