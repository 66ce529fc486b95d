package dev.peregrine.outputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertTest {

    @Test
    void copiesTagsAndFieldsSoTheCallerCannotChangeThem() {
        List<String> tags = new ArrayList<>(List.of("a", "b"));
        Map<String, Object> fields = new HashMap<>();
        fields.put("proc.name", "bash");
        fields.put("fd.name", null); // Falco emits null for fields without a value
        Alert alert = new Alert(5, "Warning", 4, "r", "syscall", "h", tags, "line", fields);
        tags.add("c");
        fields.put("x", 1);

        assertThat(alert.tags()).containsExactly("a", "b");
        assertThat(alert.fields()).containsOnlyKeys("proc.name", "fd.name").containsEntry("fd.name", null);
        assertThatThrownBy(() -> alert.tags().add("d")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> alert.fields().put("d", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void ofSpellsThePriorityAsFalco() {
        assertThat(Alert.of(1, 6, "r", "syscall", "h", null, "l").priority()).isEqualTo("Informational");
        assertThat(Alert.of(1, 0, "r", "syscall", "h", null, "l").priority()).isEqualTo("Emergency");
        assertThat(Alert.of(1, 7, "r", "syscall", "h", null, "l").fields()).isEmpty();
    }

    @Test
    void rejectsSeveritiesOutsideSyslogRange() {
        assertThatThrownBy(() -> Alert.of(1, 8, "r", "s", "h", List.of(), "l"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..7");
        assertThatThrownBy(() -> new Alert(1, "Debug", -1, "r", "s", "h", List.of(), "l", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
