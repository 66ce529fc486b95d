package dev.peregrine.state;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * container.id from the cgroup layouts of each runtime, cgroup v1 and v2, as Falco's container engines read them,
 * and the announcement of a container nothing has described yet.
 */
class ContainerCgroupsTest {
    private static final String ID = "5c19d1ac32b667861e6bb4bf3d738a98124922afc9ddf43140453ebaa997f3fb";
    private static final String SHORT = ID.substring(0, 12);

    private static void assertContainer(String path, int type, int skeletonType) {
        ContainerCgroups.Match m = ContainerCgroups.match(path);
        assertThat(m).as(path).isNotNull();
        assertThat(m.id()).as(path).isEqualTo(SHORT);
        assertThat(m.fullId()).as(path).isEqualTo(ID);
        assertThat(m.type()).as(path).isEqualTo(type);
        assertThat(m.skeletonType()).as(path).isEqualTo(skeletonType);
    }

    @Test
    void podmanWithCgroupfsAndWithSystemd() {
        // podman as root on a cgroup v1 host without systemd (this project's CI machine)
        assertContainer("/libpod_parent/libpod-" + ID, ContainerInfo.PODMAN, ContainerInfo.PODMAN);
        // systemd, cgroup v2 unified: the payload in a "container" sub-cgroup, and without it
        assertContainer("/machine.slice/libpod-" + ID + ".scope/container", ContainerInfo.PODMAN,
                ContainerInfo.PODMAN);
        assertContainer("/machine.slice/libpod-" + ID + ".scope", ContainerInfo.PODMAN, ContainerInfo.PODMAN);
        // rootless podman, and the split cgroup mode
        assertContainer("/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + ID + ".scope",
                ContainerInfo.PODMAN, ContainerInfo.PODMAN);
        assertContainer("/machine.slice/libpod-payload-" + ID, ContainerInfo.PODMAN, ContainerInfo.PODMAN);
    }

    @Test
    void dockerWithCgroupfsAndWithSystemd() {
        assertContainer("/docker/" + ID, ContainerInfo.DOCKER, ContainerInfo.DOCKER);
        assertContainer("/system.slice/docker-" + ID + ".scope", ContainerInfo.DOCKER, ContainerInfo.DOCKER);
        // Kubernetes with cgroupfs: the same layout as docker's; the runtime's answer tells which it was
        assertContainer("/kubepods/besteffort/pod0f1b5e02-7b7e-4a3b-9d6e-9a1f4b2c3d4e/" + ID,
                ContainerInfo.DOCKER, ContainerInfo.DOCKER);
    }

    @Test
    void criRuntimesHaveNoSkeletonUntilTheirRuntimeAnswers() {
        assertContainer("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0f1b5e02.slice/crio-" + ID
                + ".scope", ContainerInfo.CRI, -1);
        assertContainer("/kubepods/pod0f1b5e02/crio-" + ID, ContainerInfo.CRI, -1);
        assertContainer("/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod0f1b5e02.slice"
                + "/cri-containerd-" + ID + ".scope", ContainerInfo.CRI, -1);
        assertContainer("/system.slice/containerd.service/kubepods-pod0f1b5e02.slice:cri-containerd:" + ID,
                ContainerInfo.CRI, -1);
        assertContainer("/user.slice/nerdctl-" + ID + ".scope", ContainerInfo.CRI, -1);
    }

    @Test
    void freeFormIdsOfLxcLibvirtAndBpm() {
        assertThat(ContainerCgroups.match("/lxc/web01/init.scope"))
                .isEqualTo(new ContainerCgroups.Match("web01", "web01", ContainerInfo.LXC, ContainerInfo.LXC));
        assertThat(ContainerCgroups.match("/lxc.payload.web02").id()).isEqualTo("web02");
        assertThat(ContainerCgroups.match("/machine.slice/machine-lxc\\x2d2293906\\x2dguest.scope/libvirt").id())
                .isEqualTo("2293906\\x2dguest");
        assertThat(ContainerCgroups.match("/machine/guest7.libvirt-lxc").id()).isEqualTo("guest7");
        assertThat(ContainerCgroups.match("/system.slice/bpm-job_1.scope").type()).isEqualTo(ContainerInfo.BPM);
    }

    @Test
    void hostCgroupsAreNoContainer() {
        for (String host : List.of("/", "/user.slice/user-0.slice/session-3.scope", "/system.slice/docker.service",
                "/libpod_parent/conmon", "/process_api/2de53704931b6ef506ad357b5b2c851a",
                // 64 characters, not all hexadecimal
                "/docker/" + ID.substring(0, 63) + "g", "/docker/" + ID + "0")) {
            assertThat(ContainerCgroups.match(host)).as(host).isNull();
        }
    }

    @Test
    void aContainerIsAnnouncedOnceUntilAnEventDescribesIt() {
        Containers containers = new Containers();
        ThreadInfo before = threadIn("/libpod_parent/libpod-" + ID);
        containers.resolve(before);
        assertThat(before.containerId()).isEqualTo(SHORT);
        assertThat(containers.get(SHORT).typeName()).isEqualTo("podman");
        assertThat(containers.get(SHORT).described()).isFalse();

        List<String> announced = new ArrayList<>();
        // found before anyone listened (the /proc scan): announced when a listener comes
        containers.listen((id, fullId, type) -> announced.add(id + " " + fullId + " " + type));
        assertThat(announced).containsExactly(SHORT + " " + ID + " " + ContainerInfo.PODMAN);
        containers.resolve(threadIn("/libpod_parent/libpod-" + ID));
        String other = ID.replace('5', '6');
        containers.resolve(threadIn("/kubepods.slice/cri-containerd-" + other + ".scope"));
        assertThat(announced).hasSize(2).last().isEqualTo(other.substring(0, 12) + " " + other + " "
                + ContainerInfo.CRI);
        assertThat(containers.get(other.substring(0, 12))).as("no skeleton for CRI").isNull();

        ThreadInfo host = threadIn("/user.slice");
        containers.resolve(host);
        assertThat(host.containerId()).isEmpty();
        assertThat(announced).hasSize(2);
    }

    private static ThreadInfo threadIn(String cgroup) {
        ThreadInfo t = new ThreadInfo(100);
        t.cgroups = List.of("cpu=/", "memory=" + cgroup);
        return t;
    }
}
