package dev.peregrine.container;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * What a container runtime says about one container, in the terms of libsinsp's container info, and written as
 * the JSON of libsinsp's container event ({@link #toJson()}), which Peregrine's state and sysdig read back.
 *
 * @param id          the first 12 characters of the full id
 * @param type        libsinsp's container type (0 docker, 6 cri, 7 containerd, 8 cri-o, 11 podman)
 * @param user        the user the container runs as, as the runtime names it
 * @param ip          the container's (or its pod's) IPv4 address, "" if none
 * @param labels      the container's labels (for CRI containers, with the pod's name, namespace, uid and sandbox id
 *                    under their io.kubernetes.* keys, which the k8s.* fields read)
 * @param createdTime when the runtime created the container, in seconds since the epoch
 */
public record ContainerMetadata(String id, String fullId, int type, String name, Image image, String user,
                                boolean privileged, HostNamespaces host, String ip, List<Mount> mounts,
                                Map<String, String> labels, List<String> env, Limits limits, long createdTime,
                                Pod pod) {
    public static final int DOCKER = 0;
    public static final int CRI = 6;
    public static final int CONTAINERD = 7;
    public static final int CRIO = 8;
    public static final int PODMAN = 11;

    /** container.id: the first 12 characters of a full id. */
    static String shortId(String fullId) {
        return fullId.length() > 12 ? fullId.substring(0, 12) : fullId;
    }

    /**
     * The container's image: as the container was created from it, its repository and tag, its registry digest,
     * and its id (without "sha256:").
     */
    public record Image(String name, String repository, String tag, String digest, String id) {
        static final Image NONE = new Image("", "", "", "", "");
    }

    /** Whether the container shares the host's pid, network and ipc namespaces. */
    public record HostNamespaces(boolean pid, boolean network, boolean ipc) {
        static final HostNamespaces NONE = new HostNamespaces(false, false, false);
    }

    /** One mount: host source, path in the container, mode, read-write, propagation. */
    public record Mount(String source, String destination, String mode, boolean rw, String propagation) {
    }

    /** Resource limits: 0 for none; CPU shares 1024 and period 100000 µs when the runtime sets none. */
    public record Limits(long memory, long swap, long cpuShares, long cpuQuota, long cpuPeriod, long cpusetCpuCount) {
        static final long DEFAULT_CPU_SHARES = 1024;
        static final long DEFAULT_CPU_PERIOD = 100_000;
    }

    /** The Kubernetes pod a CRI container is in ("" and empty for others). */
    public record Pod(String sandboxId, Map<String, String> sandboxLabels, String cniJson, boolean isSandbox) {
        static final Pod NONE = new Pod("", Map.of(), "", false);
    }

    /** libsinsp's container event JSON: {"container": {...}}, with a successful lookup state. */
    public String toJson() {
        ObjectMapper mapper = Json.MAPPER;
        ObjectNode root = mapper.createObjectNode();
        ObjectNode c = root.putObject("container");
        c.put("id", id);
        c.put("full_id", fullId);
        c.put("type", type);
        c.put("name", name);
        c.put("image", image.name());
        c.put("imageid", image.id());
        c.put("imagerepo", image.repository());
        c.put("imagetag", image.tag());
        c.put("imagedigest", image.digest());
        c.put("User", user);
        c.put("privileged", privileged);
        c.put("host_pid", host.pid());
        c.put("host_network", host.network());
        c.put("host_ipc", host.ipc());
        c.put("ip", ip);
        c.put("is_pod_sandbox", pod.isSandbox());
        c.put("pod_sandbox_id", pod.sandboxId());
        c.set("pod_sandbox_labels", mapper.valueToTree(pod.sandboxLabels()));
        c.put("cni_json", pod.cniJson());
        c.put("lookup_state", 1);
        c.put("created_time", createdTime);
        ArrayNode ms = c.putArray("Mounts");
        for (Mount m : mounts) {
            ms.addObject().put("Source", m.source()).put("Destination", m.destination()).put("Mode", m.mode())
                    .put("RW", m.rw()).put("Propagation", m.propagation());
        }
        c.set("labels", mapper.valueToTree(labels));
        c.set("env", mapper.valueToTree(env));
        c.put("memory_limit", limits.memory());
        c.put("swap_limit", limits.swap());
        c.put("cpu_shares", limits.cpuShares());
        c.put("cpu_quota", limits.cpuQuota());
        c.put("cpu_period", limits.cpuPeriod());
        c.put("cpuset_cpu_count", limits.cpusetCpuCount());
        c.putArray("port_mappings");
        return root.toString();
    }

    /** How many CPUs a cpuset list names ("0-3,7" is 5), 0 for none or a malformed one. */
    static long cpusetCount(String cpuset) {
        if (cpuset == null || cpuset.isBlank()) {
            return 0;
        }
        long count = 0;
        for (String part : cpuset.split(",")) {
            String[] range = part.trim().split("-");
            try {
                if (range.length == 1) {
                    Long.parseLong(range[0]);
                    count++;
                } else if (range.length == 2) {
                    count += Long.parseLong(range[1]) - Long.parseLong(range[0]) + 1;
                } else {
                    return 0;
                }
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return count;
    }
}
