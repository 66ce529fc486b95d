package dev.peregrine.fields;

import dev.peregrine.scap.synthetic.ShellMachine;
import dev.peregrine.scap.synthetic.SyntheticCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.peregrine.scap.synthetic.ShellMachine.SHELL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The container.* fields (libsinsp e5c53d6; libs 0.20.0 and the container plugin for the fields added since) and
 * k8s.* from a pod's CRI labels: a process on the host, one in a container described by a container JSON event,
 * one in a container the capture has no metadata for.
 */
class ContainerFieldsTest {
    private static final String FULL = "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e";
    private static final String ID = FULL.substring(0, 12);
    private static final String OTHER = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final long WEB = 300, BARE = 400;

    @TempDir
    Path dir;

    private static SyntheticCapture containers() {
        SyntheticCapture c = ShellMachine.capture()
                .thread(WEB, t -> {
                    t.comm = "nginx";
                    t.cgroups = List.of("cpuset=/kubepods/besteffort/pod1/" + FULL);
                })
                .thread(BARE, t -> {
                    t.comm = "redis";
                    t.cgroups = List.of("cpuset=/docker/" + OTHER);
                });
        c.enter(0, "container").set("json", "{\"container\":{\"id\":\"" + ID + "\",\"full_id\":\"" + FULL + "\","
                + "\"type\":0,\"name\":\"k8s_web\",\"image\":\"nginx:1.25\",\"imageid\":\"sha256:aa\","
                + "\"imagerepo\":\"nginx\",\"imagetag\":\"1.25\",\"imagedigest\":\"sha256:bb\",\"privileged\":false,"
                + "\"ip\":\"172.17.0.9\",\"lookup_state\":1,\"host_network\":false,"
                + "\"Mounts\":[{\"Source\":\"/data\",\"Destination\":\"/usr/share/nginx\",\"Mode\":\"ro\","
                + "\"RW\":false,\"Propagation\":\"rprivate\"}],"
                + "\"labels\":{\"app\":\"web\",\"io.kubernetes.pod.name\":\"web-7d9\","
                + "\"io.kubernetes.pod.namespace\":\"shop\",\"io.kubernetes.pod.uid\":\"u-1\"}}}");
        c.exit(SHELL, "read").set("res", 1L).set("fd", 0L);
        c.exit(WEB, "read").set("res", 1L).set("fd", 0L);
        c.exit(BARE, "read").set("res", 1L).set("fd", 0L);
        return c;
    }

    @Test
    void aProcessOnTheHost() throws Exception {
        try (FieldReplay r = FieldReplay.of(containers(), dir)) {
            r.skip(2);
            assertThat(r.values("container.id", "container.name", "container.type", "container.full_id",
                    "container.image", "container.privileged", "k8s.pod.name"))
                    .containsExactly(entry("container.id", "host"), entry("container.name", "host"),
                            entry("container.type", "host"), entry("container.full_id", "host"),
                            entry("container.image", null), entry("container.privileged", null),
                            entry("k8s.pod.name", null));
        }
    }

    @Test
    void aContainerWithMetadata() throws Exception {
        try (FieldReplay r = FieldReplay.of(containers(), dir)) {
            r.skip(3);
            assertThat(r.values("container.id", "container.full_id", "container.name", "container.type",
                    "container.image", "container.image.id", "container.image.repository", "container.image.tag",
                    "container.image.digest", "container.privileged", "container.ip", "container.host_network"))
                    .containsExactly(entry("container.id", ID), entry("container.full_id", FULL),
                            entry("container.name", "k8s_web"), entry("container.type", "docker"),
                            entry("container.image", "nginx:1.25"), entry("container.image.id", "sha256:aa"),
                            entry("container.image.repository", "nginx"), entry("container.image.tag", "1.25"),
                            entry("container.image.digest", "sha256:bb"), entry("container.privileged", "false"),
                            entry("container.ip", "172.17.0.9"), entry("container.host_network", "false"));
            assertThat(r.values("container.mounts", "container.mount.dest[0]",
                    "container.mount.source[/usr/share/nginx]", "container.mount.rdwr[0]"))
                    .containsExactly(entry("container.mounts", "/data:/usr/share/nginx:ro:false:rprivate"),
                            entry("container.mount.dest[0]", "/usr/share/nginx"),
                            entry("container.mount.source[/usr/share/nginx]", "/data"),
                            entry("container.mount.rdwr[0]", "false"));
            // io.kubernetes.* labels are the pod's, shown by k8s.* and left out of container.labels
            assertThat(r.values("container.label.app", "container.labels", "k8s.pod.name", "k8s.ns.name",
                    "k8s.pod.uid"))
                    .containsExactly(entry("container.label.app", "web"), entry("container.labels", "app:web"),
                            entry("k8s.pod.name", "web-7d9"), entry("k8s.ns.name", "shop"),
                            entry("k8s.pod.uid", "u-1"));
        }
    }

    @Test
    void aContainerWithoutMetadata() throws Exception {
        try (FieldReplay r = FieldReplay.of(containers(), dir)) {
            r.skip(4);
            // only what the cgroup tells: the id, and docker from the path
            assertThat(r.values("container.id", "container.type", "container.name", "container.image",
                    "container.full_id"))
                    .containsExactly(entry("container.id", OTHER.substring(0, 12)), entry("container.type", "docker"),
                            entry("container.name", null), entry("container.image", null),
                            entry("container.full_id", null));
        }
    }
}
