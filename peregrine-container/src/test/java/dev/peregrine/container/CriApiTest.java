package dev.peregrine.container;

import dev.peregrine.container.cri.Container;
import dev.peregrine.container.cri.ContainerNameAttempt;
import dev.peregrine.container.cri.ContainerResources;
import dev.peregrine.container.cri.ContainerStatus;
import dev.peregrine.container.cri.ContainerStatusResponse;
import dev.peregrine.container.cri.ContainerUser;
import dev.peregrine.container.cri.ImageSpec;
import dev.peregrine.container.cri.LinuxContainerResources;
import dev.peregrine.container.cri.LinuxContainerUser;
import dev.peregrine.container.cri.LinuxPodSandboxStatus;
import dev.peregrine.container.cri.Mount;
import dev.peregrine.container.cri.MountPropagation;
import dev.peregrine.container.cri.Namespace;
import dev.peregrine.container.cri.NamespaceMode;
import dev.peregrine.container.cri.NamespaceOption;
import dev.peregrine.container.cri.PodSandboxMetadata;
import dev.peregrine.container.cri.PodSandboxNetworkStatus;
import dev.peregrine.container.cri.PodSandboxStatus;
import dev.peregrine.container.cri.PodSandboxStatusResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The CRI client against a CRI server answering as containerd does, with the CRI's own messages. */
class CriApiTest {
    static final String ID = "8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e3ad7b26ded6d";
    static final String POD = "63060edc2d3aa803ab559f2393776b151f99fc5b05035b21db66b3b62246ad6a";

    @TempDir
    Path dir;

    /** A privileged nginx container "web" in pod "frontend-7d4b9" of namespace "shop", as containerd answers. */
    static CriServer containerdWithWeb(Path socket) throws Exception {
        return containerdWithWeb(socket, ID, 1_730_971_086_500_000_000L);
    }

    /** {@link #containerdWithWeb(Path)} for a container of this id, created at this time (ns since the epoch). */
    static CriServer containerdWithWeb(Path socket, String id, long createdAt) throws Exception {
        String info = """
                {"sandboxID": "%s", "pid": 4242,
                 "config": {"metadata": {"name": "web"}, "image": {"image": "sha256:5acd1b9bc321"},
                            "linux": {"security_context": {"privileged": true}}},
                 "runtimeSpec": {"annotations": {"io.kubernetes.cri.image-name": "docker.io/library/nginx:1.25"}}}
                """.formatted(POD);
        ContainerStatus status = ContainerStatus.newBuilder()
                .setId(id)
                .setMetadata(ContainerNameAttempt.newBuilder().setName("web"))
                .setCreatedAt(createdAt)
                .setImage(ImageSpec.newBuilder().setImage("docker.io/library/nginx:1.25"))
                .setImageRef("docker.io/library/nginx@sha256:b9ff6f23cceb5bde20bb1f79b492b98d71ef")
                .setImageId("sha256:5acd1b9bc3219c7af8b7d5c6f2b1e4e2a7ab6b6d5a1f4f4d9c7a8e6e2f0b1c3d")
                .putLabels("io.kubernetes.container.name", "web")
                .putLabels("app", "shop-web")
                .addMounts(Mount.newBuilder().setContainerPath("/etc/config").setHostPath("/var/lib/kubelet/cfg")
                        .setReadonly(true).setPropagation(MountPropagation.PROPAGATION_HOST_TO_CONTAINER))
                .setResources(ContainerResources.newBuilder().setLinux(LinuxContainerResources.newBuilder()
                        .setCpuShares(256).setCpuQuota(20000).setCpuPeriod(100000)
                        .setMemoryLimitInBytes(134217728).setCpusetCpus("0-1")))
                .setUser(ContainerUser.newBuilder().setLinux(LinuxContainerUser.newBuilder().setUid(101)))
                .build();
        PodSandboxStatus pod = PodSandboxStatus.newBuilder()
                .setId(POD)
                .setMetadata(PodSandboxMetadata.newBuilder().setName("frontend-7d4b9").setNamespace("shop")
                        .setUid("3e41dc6b-08a8-44db-bc2a-3724b18ab19a"))
                .setNetwork(PodSandboxNetworkStatus.newBuilder().setIp("10.244.1.17"))
                .setLinux(LinuxPodSandboxStatus.newBuilder().setNamespaces(Namespace.newBuilder()
                        .setOptions(NamespaceOption.newBuilder().setNetwork(NamespaceMode.POD)
                                .setPid(NamespaceMode.CONTAINER).setIpc(NamespaceMode.NODE))))
                .putLabels("app", "frontend")
                .build();
        return new CriServer(socket, "containerd").add(
                Container.newBuilder().setId(id).setPodSandboxId(POD).build(),
                ContainerStatusResponse.newBuilder().setStatus(status).putInfo("info", info).build(),
                PodSandboxStatusResponse.newBuilder().setStatus(pod)
                        .putInfo("info", "{\"cniResult\":{\"Interfaces\":{\"eth0\":{\"IPConfigs\":"
                                + "[{\"IP\":\"10.244.1.17\"}]}}}}").build());
    }

    @Test
    void aContainerAndItsPodInLibsinspsTerms() throws Exception {
        try (CriServer cri = containerdWithWeb(dir.resolve("containerd.sock"));
             CriApi api = new CriApi(cri.socket())) {
            ContainerMetadata m = api.describe(ID.substring(0, 12));
            assertThat(m.id()).isEqualTo(ID.substring(0, 12));
            assertThat(m.fullId()).isEqualTo(ID);
            assertThat(m.type()).isEqualTo(ContainerMetadata.CONTAINERD);
            assertThat(m.name()).isEqualTo("web");
            assertThat(m.image()).isEqualTo(new ContainerMetadata.Image(
                    "docker.io/library/nginx:1.25", "docker.io/library/nginx", "1.25",
                    "sha256:b9ff6f23cceb5bde20bb1f79b492b98d71ef",
                    "5acd1b9bc3219c7af8b7d5c6f2b1e4e2a7ab6b6d5a1f4f4d9c7a8e6e2f0b1c3d"));
            assertThat(m.privileged()).isTrue();
            assertThat(m.user()).isEqualTo("101");
            assertThat(m.ip()).isEqualTo("10.244.1.17");
            assertThat(m.host()).isEqualTo(new ContainerMetadata.HostNamespaces(false, false,
                    true));
            assertThat(m.mounts()).containsExactly(new ContainerMetadata.Mount(
                    "/var/lib/kubelet/cfg", "/etc/config", "", false, "rslave"));
            assertThat(m.limits()).isEqualTo(new ContainerMetadata.Limits(134217728, 0, 256,
                    20000, 100000, 2));
            assertThat(m.createdTime()).isEqualTo(1_730_971_086L);
            assertThat(m.labels()).containsAllEntriesOf(Map.of("app", "shop-web",
                    "io.kubernetes.pod.name", "frontend-7d4b9", "io.kubernetes.pod.namespace", "shop",
                    "io.kubernetes.pod.uid", "3e41dc6b-08a8-44db-bc2a-3724b18ab19a",
                    "io.kubernetes.sandbox.id", POD));
            assertThat(m.pod().sandboxId()).isEqualTo(POD);
            assertThat(m.pod().sandboxLabels()).isEqualTo(Map.of("app", "frontend"));
            assertThat(m.pod().cniJson()).contains("10.244.1.17");
            assertThat(cri.calls()).contains("ListContainers " + ID.substring(0, 12),
                    "ContainerStatus " + ID + " verbose", "PodSandboxStatus " + POD, "Version");
        }
    }

    @Test
    void anUnknownContainerIsNone() throws Exception {
        try (CriServer cri = containerdWithWeb(dir.resolve("containerd.sock"));
             CriApi api = new CriApi(cri.socket())) {
            assertThat(api.describe("0123456789ab")).isNull();
        }
    }
}
