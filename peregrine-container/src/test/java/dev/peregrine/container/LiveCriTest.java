package dev.peregrine.container;

import dev.peregrine.config.ContainerEngines;
import dev.peregrine.driver.LiveCapture;
import dev.peregrine.driver.Syscalls;
import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.fields.OutputFormat;
import dev.peregrine.fields.TextBuffer;
import dev.peregrine.inspector.EventSource;
import dev.peregrine.inspector.Inspector;
import dev.peregrine.inspector.LiveSource;
import dev.peregrine.scap.EventIds;
import dev.peregrine.testkit.SharedData;
import dev.peregrine.testkit.TestCgroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Kubernetes container on the live machine, as containerd runs one: a process in a cgroup named as containerd's
 * CRI names a container's ({@code cri-containerd-<64 hex>.scope}) is looked up through the CRI (a test CRI
 * server on a unix socket); its container event enters the live event stream, and the programs it runs afterwards
 * have the container's and the pod's fields (k8s.* from the pod's CRI labels).
 */
class LiveCriTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void aCriContainersProcessesHaveThePodsFields() throws Exception {
        String why = LiveCapture.unavailableReason();
        if (why != null) {
            SharedData.missing("live capture: " + why);
        }
        String token = "pgk" + Long.toHexString(System.nanoTime());
        Path target = Files.writeString(dir.resolve(token + "-target"), "x");
        Path described = dir.resolve(token + "-described");
        Set<String> syscalls = new TreeSet<>(Syscalls.SUPPORTED.keySet());
        syscalls.removeAll(Syscalls.HIGH_VOLUME);
        OutputFormat format = OutputFormat.compile("%container.id|%container.type|%container.name|"
                + "%container.privileged|%container.image.repository|%container.ip|%k8s.pod.name|%k8s.ns.name|"
                + "%k8s.pod.uid|%k8s.pod.label.app|%k8s.pod.sandbox_id|%container.label.app", FieldRegistry.standard());
        List<String> warnings = new CopyOnWriteArrayList<>();
        ContainerEngines criOnly = new ContainerEngines(new ContainerEngines.Engine(false, List.of()),
                new ContainerEngines.Engine(false, List.of()),
                new ContainerEngines.Engine(true, List.of(dir.resolve("containerd.sock").toString())));
        // the container is created after the service started: its container event is one for rules
        try (TestCgroup cg = TestCgroup.named(token, "cri-containerd-", ".scope");
             Inspector in = new Inspector(LiveSource.open(syscalls, Duration.ofMillis(20)));
             ContainerMetadataService service = ContainerMetadataService.start(criOnly, in::inject,
                     warnings::add);
             CriServer cri = CriApiTest.containerdWithWeb(dir.resolve("containerd.sock"), cg.id(),
                     System.currentTimeMillis() * 1_000_000L)) {
            in.state().onNewContainer(service::lookup);
            // in the cgroup from its next exec on; cat runs once the test has seen the container event
            Process p = new ProcessBuilder("sh", "-c", "echo $$ > " + cg.dir().resolve("cgroup.procs")
                    + " && exec sh -c 'i=0; while [ ! -e " + described + " ] && [ $i -lt 600 ]; do sleep 0.1; "
                    + "i=$((i+1)); done; exec cat " + target + "'").redirectErrorStream(true).start();
            String shortId = cg.id().substring(0, 12);
            List<String> containerEvents = new ArrayList<>();
            String cat = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (cat == null && System.nanoTime() < deadline) {
                if (in.next() != EventSource.EVENT || !in.forRules()) {
                    continue;
                }
                if (in.event().type() == EventIds.CONTAINER_JSON_2_E) {
                    String line = render(format, in);
                    if (line.startsWith(shortId + "|")) {
                        containerEvents.add(line);
                        Files.writeString(described, "yes");
                    }
                } else if (in.event().type() == EventIds.SYSCALL_EXECVE_19_X && in.event().tid() == p.pid()
                        && in.context().thread().comm().equals("cat")) {
                    cat = render(format, in);
                }
            }
            p.waitFor(10, TimeUnit.SECONDS);
            String pod = CriApiTest.POD;
            String expected = shortId + "|containerd|web|true|docker.io/library/nginx|10.244.1.17|frontend-7d4b9|shop|"
                    + "3e41dc6b-08a8-44db-bc2a-3724b18ab19a|frontend|" + pod.substring(0, 12) + "|shop-web";
            assertThat(containerEvents).as("warnings: %s", warnings).containsExactly(expected);
            assertThat(cat).as("cat's exec in the container").isEqualTo(expected);
            assertThat(cri.calls()).contains("ContainerStatus " + cg.id() + " verbose", "PodSandboxStatus " + pod);
        }
    }

    private static String render(OutputFormat format, Inspector in) throws Exception {
        TextBuffer line = new TextBuffer(512);
        format.render(in.context(), line);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        line.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
