package dev.peregrine.state;

import dev.peregrine.scap.synthetic.ShellMachine;
import dev.peregrine.scap.synthetic.SocketParams;
import dev.peregrine.scap.synthetic.SyntheticCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.peregrine.scap.synthetic.ShellMachine.SHELL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Containers: a thread's container id from its cgroups, as libsinsp's container engines find it in capture mode
 * (podman, docker, CRI, lxc, mesos, in that order), and container metadata from container events
 * (parse_container_evt and parse_container_json_evt, libsinsp e5c53d6).
 */
class ParseContainerTest {
    private static final String ID64 = "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e";
    private static final String ID = "3ad7b26ded6d";

    @TempDir
    Path dir;

    /**
     * The cgroup path of an execve into a container, and what libsinsp makes of it: the id, and the type of the
     * placeholder container it records (none for CRI engines, whose metadata comes from the runtime).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "/machine.slice/libpod-" + ID64 + ".scope, " + ID + ", docker",
            "/docker/" + ID64 + ", " + ID + ", docker",
            "/system.slice/docker-" + ID64 + ".scope, " + ID + ", docker",
            "/kubepods/besteffort/pod1/crio-" + ID64 + ", " + ID + ",",
            "/kubepods.slice/cri-containerd-" + ID64 + ".scope, " + ID + ",",
            "/system.slice/containerd.service/kubepods-pod1.slice:cri-containerd:" + ID64 + ", " + ID + ",",
            "/lxc/web01/init.scope, web01, lxc",
            "/lxc.payload/web02, web02, lxc",
            "/mesos/6f1d1ea7-ba29-4a7f-a5a2-1b1ba7c5b6e1, 6f1d1ea7-ba29-4a7f-a5a2-1b1ba7c5b6e1, mesos",
            "/user.slice/user-1000.slice, '',",
            "/docker/" + ID + ", '',"})
    void cgroupsNameTheContainer(String cgroup, String id, String placeholderType) throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(SHELL, "execve").set("res", 0L).set("exe", "sh").set("pid", SHELL).set("comm", "sh")
                .set("cgroups", List.of("cpuset=" + cgroup, "memory=" + cgroup));
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            assertThat(r.thread(SHELL).containerId()).isEqualTo(id);
            ContainerInfo placeholder = id.isEmpty() ? null : r.state().container(id);
            if (placeholderType == null) {
                assertThat(placeholder).isNull();
            } else {
                assertThat(placeholder.typeName()).isEqualTo(placeholderType);
                assertThat(placeholder.name()).isEmpty();
            }
        }
    }

    @Test
    void aContainerEventDescribesTheContainer() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.enter(0, "container").withParamCount(4).set("id", ID).set("type", 0).set("name", "web")
                .set("image", "nginx:1.25");
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            ContainerInfo info = r.state().container(ID);
            assertThat(info.typeName()).isEqualTo("docker");
            assertThat(info.name()).isEqualTo("web");
            assertThat(info.image()).isEqualTo("nginx:1.25");
            // metadata events belong to no thread
            assertThat(r.state().currentThread()).isNull();
        }
    }

    @Test
    void containerJsonEventsCarryTheFullMetadata() throws Exception {
        String json = "{\"container\":{\"id\":\"" + ID + "\",\"full_id\":\"" + ID64 + "\",\"type\":7,"
                + "\"name\":\"api\",\"image\":\"registry.io/team/api:2.1\",\"imageid\":\"sha256:aa\","
                + "\"imagerepo\":\"registry.io/team/api\",\"imagetag\":\"2.1\",\"imagedigest\":\"sha256:bb\","
                + "\"privileged\":true,\"ip\":\"172.17.0.9\",\"lookup_state\":1,\"host_network\":true,"
                + "\"Mounts\":[{\"Source\":\"/data\",\"Destination\":\"/var/lib/api\",\"Mode\":\"z\",\"RW\":true,"
                + "\"Propagation\":\"rprivate\"}],"
                + "\"labels\":{\"tier\":\"backend\",\"app\":\"api\"},\"cni_json\":\"{}\"}}";
        String failed = "{\"container\":{\"id\":\"bbbbbbbbbbbb\",\"name\":\"x\",\"lookup_state\":2}}";
        SyntheticCapture c = ShellMachine.capture();
        // the layout of today's drivers (32-bit parameter lengths) and the older one
        c.enter(0, "container").set("json", json);
        c.enter(0, "container").olderVersion(1).set("json", failed);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            ContainerInfo info = r.state().container(ID);
            assertThat(info.typeName()).isEqualTo("containerd");
            assertThat(info.fullId()).isEqualTo(ID64);
            assertThat(List.of(info.name(), info.image(), info.imageId(), info.imageRepo(), info.imageTag(),
                    info.imageDigest())).containsExactly("api", "registry.io/team/api:2.1", "sha256:aa",
                    "registry.io/team/api", "2.1", "sha256:bb");
            assertThat(info.privileged()).isTrue();
            assertThat(info.ipv4()).isEqualTo(SocketParams.ipv4Address("172.17.0.9"));
            assertThat(info.mounts()).singleElement().satisfies(m -> {
                assertThat(m.source()).isEqualTo("/data");
                assertThat(m.destination()).isEqualTo("/var/lib/api");
                assertThat(m.rw()).isTrue();
            });
            assertThat(info.labels()).containsExactly(Map.entry("app", "api"),
                    Map.entry("tier", "backend"));
            assertThat(info.hostNetwork()).isTrue();
            assertThat(info.hostPid()).isNull();
            r.next();
            // an unsuccessful lookup is not recorded
            assertThat(r.state().container("bbbbbbbbbbbb")).isNull();
        }
    }
}
