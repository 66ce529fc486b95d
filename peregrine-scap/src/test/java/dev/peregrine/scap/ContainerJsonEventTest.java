package dev.peregrine.scap;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerJsonEventTest {
    @Test
    void readsBackAsTheJsonContainerEventOnNoThread() {
        String json = "{\"container\":{\"id\":\"0123456789ab\",\"name\":\"caf\u00e9\"}}";
        byte[] bytes = ContainerJsonEvent.of(1_700_000_000_123_456_789L, json);
        EventView v = new EventView();
        assertThat(v.wrap(MemorySegment.ofArray(bytes), 0, EventView.HEADER_V2, false, 0, -1)).isNull();
        assertThat(v.type()).isEqualTo(EventIds.CONTAINER_JSON_2_E);
        assertThat(v.info().name()).isEqualTo("container");
        assertThat(v.timestamp()).isEqualTo(1_700_000_000_123_456_789L);
        assertThat(v.tid()).isEqualTo(-1);
        assertThat(v.length()).isEqualTo(bytes.length);
        assertThat(v.nparams()).isEqualTo(1);
        assertThat(v.largeLengths()).as("a large-payload event: 32-bit parameter lengths").isTrue();
        assertThat(v.paramString(0)).isEqualTo(json);
    }
}
