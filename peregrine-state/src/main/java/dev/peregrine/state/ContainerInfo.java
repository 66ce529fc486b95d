package dev.peregrine.state;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;

/**
 * What is known about one container: from a CONTAINER_JSON event (a capture's, or one made live from the container
 * runtime's answer), or a skeleton (id and type only) made when a thread's cgroups name a container that no such
 * event has described yet.
 *
 * @param type        libsinsp's container type: {@link #DOCKER}, {@link #LXC}, ... {@link #PODMAN}
 * @param fullId      the 64-character id ("" if the JSON has none)
 * @param labels      the container's labels, sorted by key
 * @param cniJson     the pod sandbox's CNI result ("cni_json", "" if none)
 * @param hostPid     "host_pid" of the JSON, or null when it does not say (likewise hostNetwork, hostIpc)
 * @param user        the user the container's processes run as, as the runtime names it ("User", "" if none)
 * @param limits      the resource limits the runtime set
 * @param createdTime when the runtime created the container, in seconds since the epoch (0: unknown)
 * @param podLabels   the labels of the container's Kubernetes pod ("pod_sandbox_labels"), sorted by key
 * @param described   true when an event described the container, false for a skeleton
 */
public record ContainerInfo(String id, int type, String name, String image, String imageId, String imageRepo,
                            String imageTag, String imageDigest, boolean privileged, List<Mount> mounts, String ip,
                            String fullId, SortedMap<String, String> labels, String cniJson, Boolean hostPid,
                            Boolean hostNetwork, Boolean hostIpc, String user, Limits limits, long createdTime,
                            SortedMap<String, String> podLabels, boolean described) {
    public static final int DOCKER = 0;
    public static final int LXC = 1;
    public static final int LIBVIRT_LXC = 2;
    public static final int MESOS = 3;
    public static final int CRI = 6;
    public static final int CONTAINERD = 7;
    public static final int CRIO = 8;
    public static final int BPM = 9;
    public static final int PODMAN = 11;

    /** A skeleton: the id and type a cgroup gave, nothing else yet. */
    public static ContainerInfo skeleton(String id, int type) {
        return new ContainerInfo(id, type, "", "", "", "", "", "", false, List.of(), "", "",
                Collections.emptySortedMap(), "", null, null, null, "", Limits.NONE, 0, Collections.emptySortedMap(),
                false);
    }

    /** One bind mount: container.mounts renders these as src:dest:mode:rw:propagation. */
    public record Mount(String source, String destination, String mode, boolean rw, String propagation) {
    }

    /**
     * The container's resource limits, as the runtime reports them (0: no limit; CPU shares 1024 and period
     * 100000 µs are the kernel's defaults).
     *
     * @param cpusetCpuCount how many CPUs the container may run on, 0 when not restricted
     */
    public record Limits(long memory, long swap, long cpuShares, long cpuQuota, long cpuPeriod, long cpusetCpuCount) {
        public static final Limits NONE = new Limits(0, 0, 1024, 0, 100_000, 0);
    }

    /** The IPv4 address as FdInfo stores addresses (first octet in the low byte), 0 if none. */
    public int ipv4() {
        if (ip == null || ip.isEmpty()) {
            return 0;
        }
        String[] parts = ip.split("\\.");
        if (parts.length != 4) {
            return 0;
        }
        int v = 0;
        try {
            for (int i = 0; i < 4; i++) {
                v |= (Integer.parseInt(parts[i]) & 0xFF) << (8 * i);
            }
        } catch (NumberFormatException e) {
            return 0;
        }
        return v;
    }

    /** The container.type string. */
    public String typeName() {
        return switch (type) {
            case DOCKER -> "docker";
            case LXC -> "lxc";
            case LIBVIRT_LXC -> "libvirt-lxc";
            case MESOS -> "mesos";
            case 4 -> "rkt";
            case CRI -> "cri";
            case CONTAINERD -> "containerd";
            case CRIO -> "cri-o";
            case BPM -> "bpm";
            case 10 -> "static";
            case PODMAN -> "podman";
            default -> "custom";
        };
    }
}
