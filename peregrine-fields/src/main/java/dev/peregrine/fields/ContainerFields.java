package dev.peregrine.fields;

import dev.peregrine.fields.FieldDef.Arg;
import dev.peregrine.state.ContainerInfo;
import dev.peregrine.state.ContainerInfo.Limits;
import dev.peregrine.state.ThreadInfo;

import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The container.* fields (libsinsp e5c53d6 sinsp_filter_check_container), and the proc.is_container_* probe
 * flags. A thread with no container id is on the host.
 */
final class ContainerFields {
    private ContainerFields() {
    }

    /** Reads one value of a container's metadata; returns false for no value. */
    @FunctionalInterface
    interface ContainerPrinter {
        boolean print(ContainerInfo info, TextBuffer out);
    }

    static void register(FieldRegistry r) {
        simple(r, "container.id", "container id (12 chars), or host", (c, t, o) -> {
            String id = t.containerId();
            o.append(id.isEmpty() ? "host" : id);
            return true;
        });
        hostOrInfo(r, "container.name", "container name, or host", (i, o) -> nonEmpty(o, i.name()));
        info(r, "container.image", FieldType.CHARBUF, "container image name", (i, o) -> nonEmpty(o, i.image()));
        info(r, "container.image.id", FieldType.CHARBUF, "container image id", (i, o) -> nonEmpty(o, i.imageId()));
        hostOrInfo(r, "container.type", "container type (docker, cri, lxc...), or host",
                (i, o) -> ProcessFields.str(o, i.typeName()));
        info(r, "container.privileged", FieldType.BOOL, "true for a privileged container (docker-compatible types)",
                (i, o) -> dockerCompatible(i.type()) && ProcessFields.bool(o, i.privileged()));
        info(r, "container.mounts", FieldType.CHARBUF, "mounts as src:dest:mode:rw:propagation, comma-separated",
                (i, o) -> {
                    List<ContainerInfo.Mount> mounts = i.mounts();
                    for (int k = 0, n = mounts.size(); k < n; k++) {
                        if (k > 0) {
                            o.appendByte(',');
                        }
                        appendMount(o, mounts.get(k));
                    }
                    return true;
                });
        mount(r, "container.mount", "one mount, by index or source (container.mount[0])", MountPart.ALL);
        mount(r, "container.mount.source", "a mount's source, by index or destination", MountPart.SOURCE);
        mount(r, "container.mount.dest", "a mount's destination, by index or source", MountPart.DEST);
        mount(r, "container.mount.mode", "a mount's mode, by index or source", MountPart.MODE);
        mount(r, "container.mount.rdwr", "a mount's read/write flag, by index or source", MountPart.RDWR);
        mount(r, "container.mount.propagation", "a mount's propagation, by index or source", MountPart.PROPAGATION);
        info(r, "container.image.repository", FieldType.CHARBUF, "container image repository",
                (i, o) -> nonEmpty(o, i.imageRepo()));
        info(r, "container.image.tag", FieldType.CHARBUF, "container image tag", (i, o) -> nonEmpty(o, i.imageTag()));
        info(r, "container.image.digest", FieldType.CHARBUF, "container image digest",
                (i, o) -> nonEmpty(o, i.imageDigest()));
        // health probes are not read: a known container has none ("NONE", as libsinsp says for a container without)
        info(r, "container.healthcheck", FieldType.CHARBUF, "health check command (NONE: none)",
                (i, o) -> ProcessFields.str(o, "NONE"));
        info(r, "container.liveness_probe", FieldType.CHARBUF, "liveness probe command (NONE: none)",
                (i, o) -> ProcessFields.str(o, "NONE"));
        info(r, "container.readiness_probe", FieldType.CHARBUF, "readiness probe command (NONE: none)",
                (i, o) -> ProcessFields.str(o, "NONE"));
        info(r, "container.ip", FieldType.CHARBUF, "container ip address", (i, o) -> nonEmpty(o, i.ip()));
        // libs 0.20.0 (the last libsinsp with container fields) and the container plugin
        hostOrInfo(r, "container.full_id", "full container id (64 chars), or host", (i, o) -> nonEmpty(o, i.fullId()));
        simple(r, "container.start_ts", FieldType.ABSTIME,
                "container start (epoch ns): the pid namespace start of the thread (proc.pidns_init_start_ts)",
                (c, t, o) -> {
                    long start = t.pidnsInitStartTs();
                    if (t.containerId().isEmpty() || start == 0) {
                        return false;
                    }
                    o.appendUnsigned(start);
                    return true;
                });
        simple(r, "container.duration", FieldType.RELTIME, "nanoseconds since container.start_ts", (c, t, o) -> {
            long start = t.pidnsInitStartTs();
            if (t.containerId().isEmpty() || start == 0) {
                return false;
            }
            o.append(c.event().timestamp() - start);
            return true;
        });
        info(r, "container.cni.json", FieldType.CHARBUF, "the pod sandbox's CNI result (JSON text)",
                (i, o) -> ProcessFields.str(o, i.cniJson()));
        info(r, "container.host_pid", FieldType.BOOL, "true if the container runs in the host pid namespace",
                (i, o) -> hostFlag(o, i.type(), i.hostPid()));
        info(r, "container.host_network", FieldType.BOOL, "true if the container runs in the host network namespace",
                (i, o) -> hostFlag(o, i.type(), i.hostNetwork()));
        info(r, "container.host_ipc", FieldType.BOOL, "true if the container runs in the host ipc namespace",
                (i, o) -> hostFlag(o, i.type(), i.hostIpc()));
        // Peregrine's: the runtime's answer that Falco's container plugin keeps but has no field for
        info(r, "container.user", FieldType.CHARBUF, "the user the container runs as, as its runtime names it",
                (i, o) -> nonEmpty(o, i.user()));
        limit(r, "container.memory_limit", "the container's memory limit in bytes (0: none)", Limits::memory);
        limit(r, "container.swap_limit", "the container's memory+swap limit in bytes (0: none)", Limits::swap);
        limit(r, "container.cpu_shares", "the container's CPU shares (relative weight; 1024 by default)",
                Limits::cpuShares);
        limit(r, "container.cpu_quota", "the container's CPU time per period in microseconds (0: no limit)",
                Limits::cpuQuota);
        limit(r, "container.cpu_period", "the container's CPU quota period in microseconds", Limits::cpuPeriod);
        limit(r, "container.cpuset_cpu_count", "how many CPUs the container may run on (0: not restricted)",
                Limits::cpusetCpuCount);
        r.add(new FieldDef("container.label", FieldType.CHARBUF, "one container label, by key (container.label.foo)",
                Arg.REQUIRED, key -> byInfo(new PerContainer(i -> i.labels().get(key)))));
        r.add(new FieldDef("container.labels", FieldType.CHARBUF,
                "the container's labels as key:value, comma-separated (annotation.* and io.kubernetes.* left out)",
                Arg.NONE, a -> byInfo(new PerContainer(i -> joinLabels(i.labels())))));
        simple(r, "proc.is_container_healthcheck", "true if the process is a container health check",
                (c, t, o) -> ProcessFields.bool(o, false));
        simple(r, "proc.is_container_liveness_probe", "true if the process is a container liveness probe",
                (c, t, o) -> ProcessFields.bool(o, false));
        simple(r, "proc.is_container_readiness_probe", "true if the process is a container readiness probe",
                (c, t, o) -> ProcessFields.bool(o, false));
    }

    private static final String POD_NAME = "io.kubernetes.pod.name", POD_NAMESPACE = "io.kubernetes.pod.namespace",
            POD_UID = "io.kubernetes.pod.uid", SANDBOX_ID = "io.kubernetes.sandbox.id";

    /**
     * The k8s.* fields as the container plugin derives them: from the CRI labels a pod's containers carry. The
     * deprecated ones (k8s.rc/svc/rs/deployment/ns.id/ns.label*) came from an API client libs no longer has: no value.
     */
    static void registerK8s(FieldRegistry r) {
        info(r, "k8s.pod.name", FieldType.CHARBUF, "the Kubernetes pod name", (i, o) -> label(o, i, POD_NAME));
        info(r, "k8s.ns.name", FieldType.CHARBUF, "the Kubernetes namespace name",
                (i, o) -> label(o, i, POD_NAMESPACE));
        info(r, "k8s.pod.id", FieldType.CHARBUF, "the Kubernetes pod UID (legacy name of k8s.pod.uid)",
                (i, o) -> label(o, i, POD_UID));
        info(r, "k8s.pod.uid", FieldType.CHARBUF, "the Kubernetes pod UID", (i, o) -> label(o, i, POD_UID));
        info(r, "k8s.pod.sandbox_id", FieldType.CHARBUF, "the pod sandbox id, first 12 characters", (i, o) -> {
            String id = i.labels().get(SANDBOX_ID);
            return nonEmpty(o, id == null || id.length() <= 12 ? id : id.substring(0, 12));
        });
        info(r, "k8s.pod.full_sandbox_id", FieldType.CHARBUF, "the full pod sandbox id",
                (i, o) -> label(o, i, SANDBOX_ID));
        // the pod's own labels (the CRI's pod sandbox labels); captures without them: the container's
        r.add(new FieldDef("k8s.pod.label", FieldType.CHARBUF, "one pod label, by key (k8s.pod.label.app)",
                Arg.REQUIRED, key -> byInfo((i, o) -> nonEmpty(o, podLabels(i).get(key)))));
        info(r, "k8s.pod.labels", FieldType.CHARBUF, "the pod's labels as key:value, comma-separated",
                new PerContainer(i -> joinLabels(podLabels(i))));
        info(r, "k8s.pod.ip", FieldType.CHARBUF, "the pod's IP (the same as container.ip)",
                (i, o) -> nonEmpty(o, i.ip()));
        info(r, "k8s.pod.cni.json", FieldType.CHARBUF, "the pod's CNI result (the same as container.cni.json)",
                (i, o) -> nonEmpty(o, i.cniJson()));
        for (String kind : new String[]{"rc", "svc", "rs", "deployment"}) {
            deprecated(r, "k8s." + kind + ".name");
            deprecated(r, "k8s." + kind + ".id");
            deprecatedLabel(r, "k8s." + kind + ".label");
            deprecated(r, "k8s." + kind + ".labels");
        }
        deprecated(r, "k8s.ns.id");
        deprecatedLabel(r, "k8s.ns.label");
        deprecated(r, "k8s.ns.labels");
    }

    /** A resource limit of a container the runtime described (none for a container only its cgroups named). */
    private static void limit(FieldRegistry r, String name, String desc, ToLongFunction<Limits> part) {
        info(r, name, FieldType.INT64, desc, (i, o) -> {
            if (!i.described()) {
                return false;
            }
            o.append(part.applyAsLong(i.limits()));
            return true;
        });
    }

    private static Map<String, String> podLabels(ContainerInfo i) {
        return i.podLabels().isEmpty() ? i.labels() : i.podLabels();
    }

    private static boolean label(TextBuffer o, ContainerInfo i, String key) {
        return nonEmpty(o, i.labels().get(key));
    }

    private static void deprecated(FieldRegistry r, String name) {
        r.add(new FieldDef(name, FieldType.CHARBUF, "deprecated: use the k8smeta plugin (no value)", Arg.NONE,
                a -> (c, o) -> false));
    }

    private static void deprecatedLabel(FieldRegistry r, String name) {
        r.add(new FieldDef(name, FieldType.CHARBUF, "deprecated: use the k8smeta plugin (no value)", Arg.REQUIRED,
                a -> (c, o) -> false));
    }

    private static void simple(FieldRegistry r, String name, String desc, ThreadPrinter p) {
        simple(r, name, name.startsWith("proc.") ? FieldType.BOOL : FieldType.CHARBUF, desc, p);
    }

    private static void simple(FieldRegistry r, String name, FieldType type, String desc, ThreadPrinter p) {
        Extractor e = ThreadPrinter.of(p);
        r.add(new FieldDef(name, type, desc, Arg.NONE, a -> e));
    }

    /**
     * A value computed from a container's metadata once, and reused while events keep coming from the same
     * container (metadata objects are replaced, never changed). A null value is no value.
     */
    private static final class PerContainer implements ContainerPrinter {
        private final java.util.function.Function<ContainerInfo, String> compute;
        private ContainerInfo last;
        private String value;

        PerContainer(java.util.function.Function<ContainerInfo, String> compute) {
            this.compute = compute;
        }

        @Override
        public boolean print(ContainerInfo info, TextBuffer out) {
            if (info != last) {
                value = compute.apply(info);
                last = info;
            }
            return value != null && ProcessFields.str(out, value);
        }
    }

    /** The container plugin's label list: "k1:v1, k2" by key, without annotation.* and io.kubernetes.* labels. */
    private static String joinLabels(Map<String, String> labels) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("annotation.") || k.startsWith("io.kubernetes.")) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(k);
            if (!e.getValue().isEmpty()) {
                sb.append(':').append(e.getValue());
            }
        }
        return sb.toString();
    }

    /** container.host_*: only docker-compatible types know them, and only when the container's JSON says. */
    private static boolean hostFlag(TextBuffer o, int type, Boolean value) {
        return value != null && dockerCompatible(type) && ProcessFields.bool(o, value);
    }

    /** "host" on the host; otherwise from the container's metadata, NA if there is none. */
    private static void hostOrInfo(FieldRegistry r, String name, String desc, ContainerPrinter p) {
        Extractor e = ThreadPrinter.of((c, t, o) -> {
            String id = t.containerId();
            if (id.isEmpty()) {
                o.append("host");
                return true;
            }
            ContainerInfo info = c.state().container(id);
            return info != null && p.print(info, o);
        });
        r.add(new FieldDef(name, FieldType.CHARBUF, desc, Arg.NONE, a -> e));
    }

    /** NA on the host; otherwise from the container's metadata. */
    private static void info(FieldRegistry r, String name, FieldType type, String desc, ContainerPrinter p) {
        r.add(new FieldDef(name, type, desc, Arg.NONE, a -> byInfo(p)));
    }

    private static Extractor byInfo(ContainerPrinter p) {
        return ThreadPrinter.of((c, t, o) -> {
            String id = t.containerId();
            if (id.isEmpty()) {
                return false;
            }
            ContainerInfo info = c.state().container(id);
            return info != null && p.print(info, o);
        });
    }

    private enum MountPart { ALL, SOURCE, DEST, MODE, RDWR, PROPAGATION }

    /** container.mount*[IDX|PATH]: by index, or by source path (by destination for .source). */
    private static void mount(FieldRegistry r, String name, String desc, MountPart part) {
        r.add(new FieldDef(name, FieldType.CHARBUF, desc, Arg.REQUIRED, arg -> {
            int idx = -1;
            try {
                idx = Integer.parseInt(arg.trim());
            } catch (NumberFormatException e) {
                idx = -1;
            }
            int index = idx;
            String key = arg;
            return byInfo((i, o) -> {
                ContainerInfo.Mount m = null;
                List<ContainerInfo.Mount> mounts = i.mounts();
                if (index >= 0) {
                    m = index < mounts.size() ? mounts.get(index) : null;
                } else {
                    for (int k = 0, n = mounts.size(); k < n && m == null; k++) {
                        ContainerInfo.Mount cand = mounts.get(k);
                        String path = part == MountPart.SOURCE ? cand.destination() : cand.source();
                        if (Glob.matches(key, path)) {
                            m = cand;
                        }
                    }
                }
                if (m == null) {
                    return false;
                }
                switch (part) {
                    case ALL -> appendMount(o, m);
                    case SOURCE -> o.append(m.source());
                    case DEST -> o.append(m.destination());
                    case MODE -> o.append(m.mode());
                    case RDWR -> o.append(m.rw() ? "true" : "false");
                    case PROPAGATION -> o.append(m.propagation());
                }
                return true;
            });
        }));
    }

    private static void appendMount(TextBuffer o, ContainerInfo.Mount m) {
        o.append(m.source()).appendByte(':').append(m.destination()).appendByte(':').append(m.mode())
                .appendByte(':').append(m.rw() ? "true" : "false").appendByte(':').append(m.propagation());
    }

    private static boolean nonEmpty(TextBuffer o, String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        o.append(s);
        return true;
    }

    /** docker, cri, containerd, cri-o and podman report privileged status. */
    private static boolean dockerCompatible(int type) {
        return type == ContainerInfo.DOCKER || type == ContainerInfo.CRI || type == ContainerInfo.CONTAINERD
                || type == ContainerInfo.CRIO || type == ContainerInfo.PODMAN;
    }

    /** fnmatch-style matching of '*' and '?' (mount_by_source / mount_by_dest use fnmatch). */
    static final class Glob {
        private Glob() {
        }

        static boolean matches(String pattern, String s) {
            return match(pattern, 0, s, 0);
        }

        private static boolean match(String p, int pi, String s, int si) {
            while (pi < p.length()) {
                char c = p.charAt(pi);
                if (c == '*') {
                    for (int k = si; k <= s.length(); k++) {
                        if (match(p, pi + 1, s, k)) {
                            return true;
                        }
                    }
                    return false;
                }
                if (si >= s.length() || (c != '?' && c != s.charAt(si))) {
                    return false;
                }
                pi++;
                si++;
            }
            return si == s.length();
        }
    }
}
