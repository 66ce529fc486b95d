package dev.peregrine.app.falco;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peregrine.app.ruletest.ContainerRoot;
import dev.peregrine.testkit.SharedData;
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
 * Falco's run on the live machine with real podman containers, their metadata from podman's Docker-compatible
 * API (container_engines.podman.sockets): each container gives one container event, a rule on
 * container.privileged=true fires for the privileged one only, and the programs the container's shells exec are
 * seen as the container's programs, with its id, and, from the time its metadata came on (podman answers about a
 * container once it has started), its name, image and privileged flag.
 */
class LivePodmanTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(900)
    void podmanContainersAreDescribedAndTheirProcessesSeen() throws Exception {
        for (String tool : new String[]{"/usr/bin/podman", "/usr/sbin/runc", "/bin/busybox"}) {
            if (!Files.isExecutable(Path.of(tool))) {
                SharedData.missing(tool + " is missing (apt-get install -y podman runc busybox-static)");
            }
        }
        try (ContainerRoot podman = ContainerRoot.make(Files.createDirectories(dir.resolve("podman")))) {
            LiveRun.onLiveMachine(() -> attempt(podman));
        }
    }

    private void attempt(ContainerRoot podman) throws Exception {
        String token = "pgp" + Long.toHexString(System.nanoTime());
        StringBuilder y = new StringBuilder();
        rule(y, "live_container_started", "evt.type = container",
                "id=%container.id name=%container.name image=%container.image type=%container.type");
        rule(y, "live_privileged_container", "evt.type = container and container.privileged = true",
                "id=%container.id");
        rule(y, "live_container_program", "evt.type = execve and proc.name = cat and container.id != host",
                "id=%container.id name=%container.name image=%container.image priv=%container.privileged "
                        + "exe=%proc.exe cmdline=%proc.cmdline vpid=%proc.vpid pid=%proc.pid");
        try (LiveRun live = LiveRun.start(dir, token, y.toString(), List.of(
                "-o", "container_engines.podman.sockets[]=" + podman.apiSocket(),
                "-o", "container_engines.docker.enabled=false", "-o", "container_engines.cri.enabled=false"))) {
            live.attach();
            Path privilegedCid = dir.resolve(token + "-privileged.cid");
            Path plainCid = dir.resolve(token + "-plain.cid");
            String programs = "for i in $(seq 1 40); do sh -c 'exec cat /etc/hostname' > /dev/null; sleep 0.25; done";
            LiveRun.run(0, podman.command(programs, true, false, privilegedCid).toArray(String[]::new));
            LiveRun.run(0, podman.command(programs, false, false, plainCid).toArray(String[]::new));
            live.drain();
            live.stop();
            Map<String, List<JsonNode>> alerts = live.alerts();
            String privileged = Files.readString(privilegedCid).strip().substring(0, 12);
            String plain = Files.readString(plainCid).strip().substring(0, 12);
            assertThat(of(alerts, "live_container_started", privileged)).as(live.output()).hasSize(1);
            assertThat(of(alerts, "live_container_started", plain)).as(live.output()).hasSize(1);
            assertThat(of(alerts, "live_privileged_container", privileged)).as(live.output()).hasSize(1);
            assertThat(of(alerts, "live_privileged_container", plain)).as(live.output()).isEmpty();
            Map<String, String> started = fields(Map.of("r", of(alerts, "live_container_started", plain)), "r");
            assertThat(started).containsEntry("container.image", podman.image())
                    .containsEntry("container.type", "podman");
            assertThat(started.get("container.name")).isNotBlank();
            for (String id : List.of(privileged, plain)) {
                List<JsonNode> cats = of(alerts, "live_container_program", id);
                assertThat(cats).as(live.output()).hasSizeGreaterThan(30);
                boolean described = false;
                for (JsonNode cat : cats) {
                    Map<String, String> f = fields(Map.of("r", List.of(cat)), "r");
                    assertThat(f).containsEntry("proc.exe", "cat").containsEntry("proc.cmdline", "cat /etc/hostname");
                    assertThat(Long.parseLong(f.get("proc.vpid"))).isLessThan(Long.parseLong(f.get("proc.pid")));
                    boolean named = !f.get("container.name").equals("<null>");
                    assertThat(named || !described).as("metadata, once in, stays: %s", f).isTrue();
                    described |= named;
                    if (named) {
                        assertThat(f).containsEntry("container.image", podman.image())
                                .containsEntry("container.privileged", Boolean.toString(id.equals(privileged)));
                    }
                }
                assertThat(described).as("the metadata came while the container ran:\n" + live.output()).isTrue();
            }
        }
    }

    /** The alerts of a rule about one container. */
    private static List<JsonNode> of(Map<String, List<JsonNode>> alerts, String rule, String containerId) {
        return alerts.getOrDefault(rule, List.of()).stream()
                .filter(a -> a.path("output_fields").path("container.id").asText().equals(containerId)).toList();
    }
}
