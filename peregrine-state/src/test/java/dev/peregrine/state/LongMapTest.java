package dev.peregrine.state;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** LongMap against a HashMap: puts, replacements, removals (backward-shift deletion) and growth. */
class LongMapTest {
    @Test
    void putGetReplaceAndRemove() {
        LongMap<String> m = new LongMap<>(4);
        assertThat(m.get(7)).isNull();
        assertThat(m.put(7, "a")).isNull();
        assertThat(m.put(-1, "minus one")).isNull();
        assertThat(m.put(7, "b")).isEqualTo("a");
        assertThat(m.get(7)).isEqualTo("b");
        assertThat(m.get(-1)).isEqualTo("minus one");
        assertThat(m.size()).isEqualTo(2);
        assertThat(m.remove(8)).isNull();
        assertThat(m.remove(7)).isEqualTo("b");
        assertThat(m.get(7)).isNull();
        assertThat(m.size()).isEqualTo(1);
        assertThatThrownBy(() -> m.put(Long.MIN_VALUE, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(m.get(Long.MIN_VALUE)).isNull();
        assertThat(m.remove(Long.MIN_VALUE)).isNull();
    }

    @Test
    void agreesWithAHashMapThroughGrowthAndRemovals() {
        LongMap<Long> m = new LongMap<>(4);
        Map<Long, Long> expected = new HashMap<>();
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            // few distinct keys, so that probe chains form and removals shift entries back into them
            long key = random.nextInt(5_000) - 100;
            if (random.nextInt(3) == 0) {
                assertThat(m.remove(key)).isEqualTo(expected.remove(key));
            } else {
                assertThat(m.put(key, (long) i)).isEqualTo(expected.put(key, (long) i));
            }
        }
        assertThat(m.size()).isEqualTo(expected.size());
        for (long key = -100; key < 4_900; key++) {
            assertThat(m.get(key)).isEqualTo(expected.get(key));
        }
        Map<Long, Long> visited = new HashMap<>();
        m.forEachKey(k -> visited.put(k, m.get(k)));
        assertThat(visited).isEqualTo(expected);
    }
}
