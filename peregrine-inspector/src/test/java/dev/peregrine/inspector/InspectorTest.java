package dev.peregrine.inspector;

import dev.peregrine.fields.HiddenEvents;
import dev.peregrine.scap.CaptureFormatException;
import dev.peregrine.scap.CaptureMetadata;
import dev.peregrine.scap.CaptureReader;
import dev.peregrine.scap.EventView;
import dev.peregrine.state.SystemState;
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
        int events = 0;
        try (Inspector inspector = new Inspector(CaptureSource.open(DOCKER_K8S))) {
            while (inspector.next() == EventSource.EVENT) {
                events++;
                assertThat(inspector.shown()).isEqualTo(!HiddenEvents.isHidden(inspector.event()));
                hidden += inspector.shown() ? 0 : 1;
            }
        }
        assertThat(events).isEqualTo(146_038);
        assertThat(hidden).as("the capture's container and process-info meta-events").isPositive();
    }
}
