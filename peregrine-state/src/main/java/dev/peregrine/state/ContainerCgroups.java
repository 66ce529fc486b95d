package dev.peregrine.state;

import java.util.List;

/**
 * Finds the container a cgroup path belongs to, as Falco's container engines do (the container plugin's cgroup
 * matchers, cgroup v1 and v2 alike): runtimes that run containers with runc name each container's cgroup after
 * its 64-hex-digit id, with a prefix and a suffix of their own; LXC, libvirt-lxc, BPM and Mesos name theirs
 * after a free-form id.
 */
final class ContainerCgroups {
    private ContainerCgroups() {
    }

    /**
     * A container found in a cgroup path.
     *
     * @param id           container.id: the first 12 characters of a runc id, or a free-form id whole
     * @param fullId       the id as the cgroup spells it (64 hex digits for runc runtimes)
     * @param type         the runtime the layout belongs to (a {@link ContainerInfo} type), to ask it for metadata
     * @param skeletonType the type of the container recorded before any metadata arrives, or -1 for none (CRI
     *                     layouts: libsinsp records nothing for them until their runtime answers)
     */
    record Match(String id, String fullId, int type, int skeletonType) {
    }

    private static final int RUNC_ID_LENGTH = 64;
    private static final int SHORT_ID_LENGTH = 12;

    /** {@code <prefix><64 hex digits><suffix>} at the end of a cgroup path; an empty suffix ends the path. */
    private record RuncLayout(String prefix, String suffix, int type, int skeletonType) {
    }

    /** In the order Falco's engines try them: podman, docker, then the CRI runtimes. */
    private static final List<RuncLayout> RUNC_LAYOUTS = List.of(
            // podman: systemd scopes, cgroupfs (e.g. /libpod_parent/libpod-<id>) and the split cgroup mode
            new RuncLayout("/libpod-", ".scope", ContainerInfo.PODMAN, ContainerInfo.PODMAN),
            new RuncLayout("/libpod-", ".scope/container", ContainerInfo.PODMAN, ContainerInfo.PODMAN),
            new RuncLayout("/libpod-", "", ContainerInfo.PODMAN, ContainerInfo.PODMAN),
            new RuncLayout("/libpod-payload-", ".scope", ContainerInfo.PODMAN, ContainerInfo.PODMAN),
            new RuncLayout("/libpod-payload-", ".scope/container", ContainerInfo.PODMAN, ContainerInfo.PODMAN),
            new RuncLayout("/libpod-payload-", "", ContainerInfo.PODMAN, ContainerInfo.PODMAN),
            // docker: cgroupfs (/docker/<id>, and kubepods' /kubepods/<qos>/pod<uid>/<id>) and systemd scopes
            new RuncLayout("/", "", ContainerInfo.DOCKER, ContainerInfo.DOCKER),
            new RuncLayout("/docker-", ".scope", ContainerInfo.DOCKER, ContainerInfo.DOCKER),
            // CRI: cri-o without and with systemd, containerd's CRI plugin with systemd (kubepods slices) and
            // without, nerdctl's containerd
            new RuncLayout("/crio-", "", ContainerInfo.CRI, -1),
            new RuncLayout("/cri-containerd-", ".scope", ContainerInfo.CRI, -1),
            new RuncLayout("/crio-", ".scope", ContainerInfo.CRI, -1),
            new RuncLayout(":cri-containerd:", "", ContainerInfo.CRI, -1),
            new RuncLayout("/nerdctl-", ".scope", ContainerInfo.CRI, -1));

    /** The container of one cgroup path, or null for the host. */
    static Match match(String path) {
        for (RuncLayout layout : RUNC_LAYOUTS) {
            String full = runcId(path, layout.prefix(), layout.suffix());
            if (full != null) {
                return new Match(full.substring(0, SHORT_ID_LENGTH), full, layout.type(), layout.skeletonType());
            }
        }
        String id = lxc(path);
        if (id != null) {
            return new Match(id, id, ContainerInfo.LXC, ContainerInfo.LXC);
        }
        id = libvirtLxc(path);
        if (id != null) {
            return new Match(id, id, ContainerInfo.LIBVIRT_LXC, ContainerInfo.LIBVIRT_LXC);
        }
        id = bpm(path);
        if (id != null) {
            return new Match(id, id, ContainerInfo.BPM, ContainerInfo.BPM);
        }
        // Mesos: gone from current Falco, kept for the old captures libsinsp read it from
        int p = path.indexOf("/mesos/");
        if (p >= 0) {
            id = path.substring(p + "/mesos/".length());
            return new Match(id, id, ContainerInfo.MESOS, ContainerInfo.MESOS);
        }
        return null;
    }

    /** The 64-hex-digit id between the last {@code prefix} and the last {@code suffix} (or the end), or null. */
    private static String runcId(String path, String prefix, String suffix) {
        int p = path.lastIndexOf(prefix);
        if (p < 0) {
            return null;
        }
        int start = p + prefix.length();
        int end = suffix.isEmpty() ? path.length() : path.lastIndexOf(suffix);
        if (end - start != RUNC_ID_LENGTH) {
            return null;
        }
        for (int i = start; i < end; i++) {
            if (Character.digit(path.charAt(i), 16) < 0) {
                return null;
            }
        }
        return path.substring(start, end);
    }

    /** LXC: /lxc/<id>/..., /lxc.payload/<id>/... (systemd), /lxc.payload.<id>/... (LXC 4). */
    private static String lxc(String path) {
        for (String layout : new String[]{"/lxc/", "/lxc.payload/", "/lxc.payload."}) {
            int p = path.indexOf(layout);
            if (p >= 0) {
                int start = p + layout.length();
                int end = path.indexOf('/', start);
                return end < 0 ? path.substring(start) : path.substring(start, end);
            }
        }
        return null;
    }

    /** libvirt-lxc: /<id>.libvirt-lxc, systemd's machine-lxc\x2d<id>.scope[/libvirt], or /libvirt/lxc/<id>. */
    private static String libvirtLxc(String path) {
        String plain = ".libvirt-lxc";
        if (path.endsWith(plain)) {
            int slash = path.lastIndexOf('/');
            if (slash >= 0) {
                return path.substring(slash + 1, path.length() - plain.length());
            }
        }
        String escaped = "-lxc\\x2";
        int p = path.indexOf(escaped);
        if (p >= 0) {
            String end = path.endsWith(".scope/libvirt") ? ".scope/libvirt" : ".scope";
            if (path.endsWith(end)) {
                // the id follows "\x2d" (an escaped '-'): one character past the pattern
                int start = p + escaped.length() + 1;
                int stop = path.length() - end.length();
                if (start <= stop) {
                    return path.substring(start, stop);
                }
            }
        }
        String legacy = "/libvirt/lxc/";
        p = path.indexOf(legacy);
        return p < 0 ? null : path.substring(p + legacy.length());
    }

    /** BPM (Cloud Foundry): bpm-<id>[.scope], the id made of letters, digits, '.', '_' and '-'. */
    private static String bpm(String path) {
        int p = path.indexOf("bpm-");
        if (p < 0) {
            return null;
        }
        int start = p + "bpm-".length();
        int scope = path.indexOf(".scope", start);
        String id = scope < 0 ? path.substring(start) : path.substring(start, scope);
        if (id.isEmpty()) {
            return null;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '.' && c != '_' && c != '-') {
                return null;
            }
        }
        return id;
    }
}
