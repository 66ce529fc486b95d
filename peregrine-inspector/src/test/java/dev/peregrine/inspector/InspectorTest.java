package dev.peregrine.inspector;

import dev.peregrine.fields.HiddenEvents;
import dev.peregrine.scap.CaptureFormatException;
import dev.peregrine.scap.CaptureMetadata;
import dev.peregrine.scap.CaptureReader;
import dev.peregrine.scap.ContainerJsonEvent;
import dev.peregrine.scap.EventIds;
import dev.peregrine.scap.EventView;
import dev.peregrine.state.ContainerInfo;
import dev.peregrine.state.SystemState;
import dev.peregrine.state.ThreadInfo;
import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InspectorTest {
    private static final Path CAT_WRITE = SharedData.upstream("falco-legacy-tests/trace_files/cat_write.scap");
    private static final Path DOCKER_K8S = SharedData.upstream("demo-traces/docker-k8s-capture.scap");

    /** A capture's events as if the live driver had sent them. */
    private static final class AsIfLive implements EventSource {
        private final CaptureSource capture;

        AsIfLive(Path file) throws IOException, CaptureFormatException {
            this.capture = CaptureSource.open(file);
        }

        @Override
        public CaptureMetadata metadata() {
            return capture.metadata();
        }

        @Override
        public int next(EventView event) throws IOException, CaptureFormatException {
            return capture.next(event);
        }

        @Override
        public boolean live() {
            return true;
        }

        @Override
        public void close() throws IOException {
            capture.close();
        }
    }

    private static List<Integer> types(Path file) throws IOException, CaptureFormatException {
        List<Integer> types = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(file)) {
            EventView e = new EventView();
            while (r.next(e)) {
                types.add(e.type());
            }
        }
        return types;
    }

    @Test
    void readsEveryEventOnceAndNumbersThemFromOne() throws Exception {
        List<Integer> expected = types(CAT_WRITE);
        List<Integer> seen = new ArrayList<>();
        try (Inspector inspector = new Inspector(CaptureSource.open(CAT_WRITE))) {
            while (inspector.next() == EventSource.EVENT) {
                seen.add(inspector.event().type());
                assertThat(inspector.context().num()).isEqualTo(inspector.events());
                assertThat(inspector.context().num()).isEqualTo(seen.size());
            }
            assertThat(inspector.next()).isEqualTo(EventSource.END);
        }
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    void theStateFollowsTheEvents() throws Exception {
        try (Inspector inspector = new Inspector(CaptureSource.open(CAT_WRITE))) {
            boolean sawCat = false;
            while (inspector.next() == EventSource.EVENT) {
                if (inspector.context().thread() != null && inspector.context().thread().comm().equals("cat")) {
                    sawCat = true;
                    assertThat(inspector.state().thread(inspector.event().tid())).isSameAs(inspector.context().thread());
                }
            }
            assertThat(sawCat).as("cat's thread, made by its clone and execve").isTrue();
        }
    }

    @Test
    void rulesSeeEveryEventOfACaptureButNotTheLiveDriversToctouEnterEvents() throws Exception {
        int captureHidden = 0;
        try (Inspector inspector = new Inspector(CaptureSource.open(CAT_WRITE))) {
            while (inspector.next() == EventSource.EVENT) {
                captureHidden += inspector.forRules() ? 0 : 1;
            }
        }
        assertThat(captureHidden).isZero();

        int toctouEnters = 0;
        int hiddenFromRules = 0;
        try (Inspector inspector = new Inspector(new AsIfLive(CAT_WRITE))) {
            while (inspector.next() == EventSource.EVENT) {
                boolean toctou = SystemState.isToctouEnter(inspector.event().type());
                toctouEnters += toctou ? 1 : 0;
                hiddenFromRules += inspector.forRules() ? 0 : 1;
                assertThat(inspector.forRules()).isEqualTo(!toctou);
            }
        }
        assertThat(toctouEnters).as("cat_write.scap's open enter events").isPositive();
        assertThat(hiddenFromRules).isEqualTo(toctouEnters);
    }

    @Test
    void listingsHideInternalEventsThatTheStateStillReads() throws Exception {
        int hidden = 0;
        int leadingContainerEvents = 0;
        int events = 0;
        try (Inspector inspector = new Inspector(CaptureSource.open(DOCKER_K8S))) {
            while (inspector.next() == EventSource.EVENT) {
                events++;
                // the capture starts with container events, which libsinsp reads while it opens the capture
                boolean leading = events == leadingContainerEvents + 1
                        && HiddenEvents.isContainerEvent(inspector.event().type());
                leadingContainerEvents += leading ? 1 : 0;
                assertThat(inspector.shown()).isEqualTo(!HiddenEvents.isHidden(inspector.event()) && !leading);
                assertThat(inspector.forRules()).isEqualTo(!leading);
                hidden += inspector.shown() ? 0 : 1;
            }
        }
        assertThat(events).isEqualTo(146_038);
        assertThat(leadingContainerEvents).isPositive();
        assertThat(hidden).as("the capture's container and process-info meta-events")
                .isGreaterThan(leadingContainerEvents);
    }

    private static String containerJson(String id, boolean privileged) {
        return "{\"container\":{\"id\":\"" + id + "\",\"type\":11,\"name\":\"web\",\"image\":\"busybox\","
                + "\"privileged\":" + privileged + ",\"lookup_state\":1}}";
    }

    @Test
    void injectedEventsEnterBeforeTheFirstSourceEventStampedAtOrAfterThem() throws Exception {
        List<Long> stamps = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(CAT_WRITE)) {
            EventView e = new EventView();
            while (r.next(e)) {
                stamps.add(e.timestamp());
            }
        }
        // between two source events stamped differently: the injected one goes in between, as in libsinsp
        int before = 200;
        while (stamps.get(before).equals(stamps.get(before + 1))) {
            before++;
        }
        long at = stamps.get(before + 1);
        try (Inspector inspector = new Inspector(new AsIfLive(CAT_WRITE))) {
            for (int i = 0; i < 100; i++) {
                assertThat(inspector.next()).isEqualTo(EventSource.EVENT);
            }
            inspector.inject(ContainerJsonEvent.of(at, containerJson("0123456789ab", true)), true);
            inspector.inject(ContainerJsonEvent.of(at, containerJson("ba9876543210", false)), false);
            List<Long> order = new ArrayList<>();
            List<Integer> types = new ArrayList<>();
            int injectedAt = -1;
            while (inspector.next() == EventSource.EVENT) {
                types.add(inspector.event().type());
                order.add(inspector.event().timestamp());
                assertThat(inspector.context().num()).isEqualTo(100 + order.size());
                if (inspector.event().type() == EventIds.CONTAINER_JSON_2_E) {
                    ThreadInfo t = inspector.context().thread();
                    assertThat(t.tid()).isEqualTo(-1);
                    assertThat(t.comm()).isEqualTo("container:" + t.containerId());
                    ContainerInfo c = inspector.state().container(t.containerId());
                    assertThat(c.typeName()).isEqualTo("podman");
                    boolean first = t.containerId().equals("0123456789ab");
                    assertThat(c.privileged()).isEqualTo(first);
                    // the second was injected to bring the state up to date only
                    assertThat(inspector.forRules()).isEqualTo(first);
                    assertThat(inspector.shown()).isTrue();
                    injectedAt = injectedAt < 0 ? order.size() - 1 : injectedAt;
                } else {
                    assertThat(inspector.forRules()).isEqualTo(!SystemState.isToctouEnter(inspector.event().type()));
                }
            }
            assertThat(types.stream().filter(t -> t == EventIds.CONTAINER_JSON_2_E)).hasSize(2);
            assertThat(injectedAt).isEqualTo(before + 1 - 100);
            assertThat(types.get(injectedAt + 1)).isEqualTo(EventIds.CONTAINER_JSON_2_E);
            // the source's events all there, in their order, the held one included
            List<Long> sourceOrder = new ArrayList<>(order);
            sourceOrder.remove(injectedAt);
            sourceOrder.remove(injectedAt);
            assertThat(sourceOrder).isEqualTo(stamps.subList(100, stamps.size()));
        }
    }

    @Test
    void anInjectedEventEntersAtOnceWhenTheSourceHasNothing() throws Exception {
        try (Inspector inspector = new Inspector(CaptureSource.open(CAT_WRITE))) {
            while (inspector.next() == EventSource.EVENT) {
                // to the end
            }
            long events = inspector.events();
            inspector.inject(ContainerJsonEvent.of(1, containerJson("0123456789ab", true)), true);
            assertThat(inspector.next()).isEqualTo(EventSource.EVENT);
            assertThat(inspector.event().type()).isEqualTo(EventIds.CONTAINER_JSON_2_E);
            assertThat(inspector.events()).isEqualTo(events + 1);
            assertThat(inspector.next()).isEqualTo(EventSource.END);
        }
    }
}
