package dev.peregrine.app.falco;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peregrine.testkit.TestCgroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.peregrine.app.falco.LiveRun.fields;
import static dev.peregrine.app.falco.LiveRun.rule;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * container.id on the live machine: a process moved into a cgroup named as Docker's systemd driver names a
 * container's ({@code docker-<64 hex>.scope}) is in that container from its next exec on (the driver sends the
 * cgroups of process events); a rule on it fires once with the container's short id, while the same command run
 * outside gives {@code host}.
 */
class LiveContainerTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(600)
    void aProcessInADockerCgroupHasItsContainerId() throws Exception {
        LiveRun.onLiveMachine(this::attempt);
    }

    private void attempt() throws Exception {
        String token = "pgc" + Long.toHexString(System.nanoTime());
        Path target = Files.writeString(dir.resolve(token + "-target"), "x");
        StringBuilder y = new StringBuilder();
        rule(y, "live_container_open", "evt.type in (open, openat) and fd.name=" + target + " and proc.name=cat",
                "pid=%proc.pid container=%container.id ctype=%container.type");
        try (TestCgroup cg = TestCgroup.dockerLike(token); LiveRun live = LiveRun.start(dir, token, y.toString())) {
            live.attach();
            long inside = LiveRun.run(0, "sh", "-c", "echo $$ > " + cg.dir().resolve("cgroup.procs")
                    + " && exec cat " + target).pid();
            long outside = LiveRun.run(0, "cat", target.toString()).pid();
            live.drain();
            live.stop();

            List<JsonNode> alerts = live.alerts().getOrDefault("live_container_open", List.of());
            assertThat(alerts).as(live.output()).hasSize(2);
            Map<String, String> first = fields(Map.of("r", alerts.subList(0, 1)), "r");
            Map<String, String> second = fields(Map.of("r", alerts.subList(1, 2)), "r");
            assertThat(first).containsEntry("proc.pid", Long.toString(inside))
                    .containsEntry("container.id", cg.id().substring(0, 12)).containsEntry("container.type", "docker");
            assertThat(second).containsEntry("proc.pid", Long.toString(outside)).containsEntry("container.id", "host");
        }
    }
}
