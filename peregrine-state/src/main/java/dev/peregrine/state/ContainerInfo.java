package dev.peregrine.state;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;

/**
 * What is known about one container: from a CONTAINER_JSON event, or a skeleton (id and type only) made when a
 * thread's cgroups name a container the capture has no metadata for.
 *
 * @param type     libsinsp sinsp_container_type: 0 docker, 1 lxc, 2 libvirt-lxc, 3 mesos, 4 rkt, 5 custom, 6 cri,
 *                 7 containerd, 8 cri-o, 9 bpm
 * @param fullId   the 64-character id ("" if the JSON has none)
 * @param labels   the container's labels, sorted by key
 * @param cniJson  the pod sandbox's CNI result ("cni_json", "" if none)
 * @param hostPid  "host_pid" of the JSON, or null when it does not say (likewise hostNetwork, hostIpc)
 */
public record ContainerInfo(String id, int type, String name, String image, String imageId, String imageRepo,
                            String imageTag, String imageDigest, boolean privileged, List<Mount> mounts, String ip,
                            String fullId, SortedMap<String, String> labels, String cniJson, Boolean hostPid,
                            Boolean hostNetwork, Boolean hostIpc) {
    /** Without the metadata only newer container JSON has (full id, labels, CNI result, host namespaces). */
    public ContainerInfo(String id, int type, String name, String image, String imageId, String imageRepo,
                         String imageTag, String imageDigest, boolean privileged, List<Mount> mounts, String ip) {
        this(id, type, name, image, imageId, imageRepo, imageTag, imageDigest, privileged, mounts, ip, "",
                Collections.emptySortedMap(), "", null, null, null);
    }

    /** One bind mount: container.mounts renders these as src:dest:mode:rw:propagation. */
    public record Mount(String source, String destination, String mode, boolean rw, String propagation) {
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
            case 0 -> "docker";
            case 1 -> "lxc";
            case 2 -> "libvirt-lxc";
            case 3 -> "mesos";
            case 4 -> "rkt";
            case 6 -> "cri";
            case 7 -> "containerd";
            case 8 -> "cri-o";
            case 9 -> "bpm";
            default -> "custom";
        };
    }
}
