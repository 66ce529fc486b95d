package dev.peregrine.app.falco;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peregrine.testkit.DockerApiServer;
import dev.peregrine.testkit.TestCgroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.peregrine.app.falco.LiveRun.fields;
import static dev.peregrine.app.falco.LiveRun.rule;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * container.id on the live machine: a process moved into a cgroup named as Docker's systemd driver names a
 * container's ({@code docker-<64 hex>.scope}) is in that container from its next exec on (the driver sends the
 * cgroups of process events); a rule on it fires once with the container's short id, while the same command run
 * outside gives {@code host}. With a Docker Engine API answering for that container (a stand-in daemon on a unix
 * socket: this machine runs no dockerd), its metadata comes as one container event and fills the container.*
 * fields from then on; with no daemon, one warning says so and the rules keep firing with the id alone.
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

    /** Waits (a minute at most) until the run has said why a container has no metadata. */
    private static void awaitWarning(LiveRun live) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(live.err()).contains("no container runtime described container")
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /** A docker inspection of the container "web" (privileged, image registry.local/shop/web:2.1). */
    private static String inspect(String id) {
        return """
                {"Id": "%s", "Created": "%s", "Name": "/web", "Image": "sha256:%s",
                 "Config": {"User": "www", "Image": "registry.local/shop/web:2.1", "Labels": {"team": "shop"}},
                 "HostConfig": {"Privileged": true, "NetworkMode": "bridge", "Memory": 67108864},
                 "Mounts": [], "NetworkSettings": {"IPAddress": "172.17.0.9"}}
                """.formatted(id, Instant.now().plusSeconds(60), IMAGE);
    }

    private static final String IMAGE = "5acd1b9bc3219c7af8b7d5c6f2b1e4e2a7ab6b6d5a1f4f4d9c7a8e6e2f0b1c3d";

    @Test
    @Timeout(600)
    void aDockerDaemonDescribesTheContainerOnceAndItsFieldsFollow() throws Exception {
        LiveRun.onLiveMachine(() -> withDaemon(true));
    }

    @Test
    @Timeout(600)
    void withoutADaemonOneWarningAndTheRulesKeepFiring() throws Exception {
        LiveRun.onLiveMachine(() -> withDaemon(false));
    }

    private void withDaemon(boolean daemon) throws Exception {
        String token = "pgd" + Long.toHexString(System.nanoTime());
        Path target = Files.writeString(dir.resolve(token + "-target"), "x");
        Path socket = dir.resolve(token + "-docker.sock");
        StringBuilder y = new StringBuilder();
        rule(y, "live_container_event", "evt.type = container and container.id != host",
                "id=%container.id name=%container.name privileged=%container.privileged "
                        + "repo=%container.image.repository user=%container.user type=%container.type");
        rule(y, "live_container_open", "evt.type in (open, openat) and fd.name=" + target + " and proc.name=cat",
                "id=%container.id name=%container.name image=%container.image tag=%container.image.tag "
                        + "ip=%container.ip memory=%container.memory_limit label=%container.label.team");
        try (TestCgroup cg = TestCgroup.dockerLike(token);
             DockerApiServer docker = DockerApiServer.start(socket)) {
            if (daemon) {
                docker.answer("/containers/" + cg.id() + "/json", inspect(cg.id()))
                        .answer("/images/sha256:" + IMAGE + "/json", "{\"Id\": \"sha256:" + IMAGE + "\", "
                                + "\"RepoTags\": [\"registry.local/shop/web:2.1\"], \"RepoDigests\": []}");
            } else {
                docker.close(); // the socket goes: no daemon
            }
            try (LiveRun live = LiveRun.start(dir, token, y.toString(), List.of(
                    "-o", "container_engines.docker.sockets[]=" + socket,
                    "-o", "container_engines.podman.enabled=false", "-o", "container_engines.cri.enabled=false"))) {
                live.attach();
                // in the cgroup from its first exec on; cat opens the file once the container event is out (with a
                // daemon), the metadata in the state by then
                String wait = daemon ? "i=0; while [ $i -lt 600 ] && ! grep -q live_container_event " + live.out()
                        + "; do sleep 0.1; i=$((i+1)); done; " : "";
                LiveRun.run(0, "sh", "-c", "echo $$ > " + cg.dir().resolve("cgroup.procs")
                        + " && exec sh -c '" + wait + "exec cat " + target + "'");
                if (!daemon) {
                    awaitWarning(live);
                }
                live.drain();
                live.stop();
                Map<String, List<JsonNode>> alerts = live.alerts();
                String shortId = cg.id().substring(0, 12);
                Map<String, String> open = fields(alerts, "live_container_open");
                assertThat(alerts.getOrDefault("live_container_open", List.of())).as(live.output()).hasSize(1);
                assertThat(open).as(open + "\n" + docker.requests() + "\n" + live.output())
                        .containsEntry("container.id", shortId);
                List<JsonNode> events = alerts.getOrDefault("live_container_event", List.of()).stream()
                        .filter(a -> a.path("output_fields").path("container.id").asText().equals(shortId))
                        .toList();
                if (daemon) {
                    assertThat(events).as(open + "\n" + docker.requests() + "\n" + live.output()).hasSize(1);
                    assertThat(fields(Map.of("e", events), "e")).containsEntry("container.name", "web")
                            .containsEntry("container.privileged", "true")
                            .containsEntry("container.image.repository", "registry.local/shop/web")
                            .containsEntry("container.user", "www").containsEntry("container.type", "docker");
                    assertThat(open).containsEntry("container.name", "web")
                            .containsEntry("container.image", "registry.local/shop/web:2.1")
                            .containsEntry("container.image.tag", "2.1").containsEntry("container.ip", "172.17.0.9")
                            .containsEntry("container.memory_limit", "67108864")
                            .containsEntry("container.label.team", "shop");
                    assertThat(docker.requests()).contains("/containers/" + cg.id() + "/json");
                } else {
                    assertThat(events).as("no container event without metadata").isEmpty();
                    assertThat(open).containsEntry("container.name", "<null>");
                    String err = Files.readString(live.err());
                    assertThat(err.lines().filter(l -> l.contains("no container runtime described container")))
                            .as(live.output()).hasSize(1)
                            .allMatch(l -> l.contains(shortId + " (docker); docker at " + socket + ": no socket there"));
                }
            }
        }
    }
}
