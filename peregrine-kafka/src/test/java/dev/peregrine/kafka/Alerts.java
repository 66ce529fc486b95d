package dev.peregrine.kafka;

import dev.peregrine.outputs.Alert;
import java.util.List;

/** Alerts shared by the tests. */
final class Alerts {

    static final List<String> RULES = List.of("Write below etc", "Terminal shell in container", "Read sensitive file");

    private Alerts() {
    }

    /** Alert i, its rule cycling through {@link #RULES} and its host through two names. */
    static Alert numbered(int i) {
        return Alert.of(1_700_000_000_000_000_000L + i, 4, RULES.get(i % RULES.size()), "syscall",
                "host" + (i % 2), List.of("T1", "container"), "12:00:00.000000000: Warning alert " + i + " ünïcode");
    }
}
