package dev.peregrine.procfs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns /proc/[pid]/cgroup into libscap's "subsystem=path" list (scap_cgroup_get_thread). A v1 line gives one entry per
 * controller it names; the v2 line ("0::/path") gives one entry per controller enabled along the path, each with the
 * deepest cgroup that enables it, read from cgroup.controllers under the v2 mount (none if there is no v2 mount).
 * The scanner's own cgroup prefix (libscap's m_self, for running inside a container) is not applied.
 */
final class CgroupReader {
    private final Path v2Mount;
    private final Map<String, List<String>> controllersCache = new HashMap<>();

    /** @param v2Mount the cgroup2 mount point, or null if none */
    CgroupReader(Path v2Mount) {
        this.v2Mount = v2Mount;
    }

    List<String> read(Path dir) {
        String text = ProcFiles.text(dir.resolve("cgroup"));
        if (text == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            int c1 = line.indexOf(':');
            int c2 = c1 < 0 ? -1 : line.indexOf(':', c1 + 1);
            if (c2 < 0) {
                continue;
            }
            String id = line.substring(0, c1), subsys = line.substring(c1 + 1, c2), path = line.substring(c2 + 1);
            if (subsys.isEmpty()) {
                if (id.equals("0") && v2Mount != null) {
                    resolveV2(path, out);
                }
                continue;
            }
            for (String s : subsys.split(",")) {
                if (!s.isEmpty()) {
                    out.add(s + "=" + path);
                }
            }
        }
        return out;
    }

    /** Walks from the cgroup up to the root, naming each newly seen controller with the level that enables it. */
    private void resolveV2(String cgroup, List<String> out) {
        Set<String> all = new LinkedHashSet<>(controllers("/"));
        Set<String> found = new LinkedHashSet<>();
        String level = cgroup.isEmpty() ? "/" : cgroup;
        while (true) {
            for (String s : controllers(level)) {
                if (found.add(s)) {
                    out.add(s + "=" + level);
                }
            }
            if (level.equals("/") || found.containsAll(all)) {
                return;
            }
            int slash = level.lastIndexOf('/');
            level = slash <= 0 ? "/" : level.substring(0, slash);
        }
    }

    private List<String> controllers(String level) {
        return controllersCache.computeIfAbsent(level, l -> {
            String rel = l.startsWith("/") ? l.substring(1) : l;
            String text = ProcFiles.text(rel.isEmpty() ? v2Mount.resolve("cgroup.controllers")
                    : v2Mount.resolve(rel).resolve("cgroup.controllers"));
            if (text == null || text.isBlank()) {
                return List.of();
            }
            return List.of(text.trim().split("\\s+"));
        });
    }

    /** The first cgroup2 mount point in a mountinfo file, or null. */
    static Path findV2Mount(Path mountinfo) {
        String text = ProcFiles.text(mountinfo);
        if (text == null) {
            return null;
        }
        for (String line : text.split("\n")) {
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] after = line.substring(dash + 3).split(" ");
            String[] before = line.substring(0, dash).split(" ");
            if (after.length > 0 && after[0].equals("cgroup2") && before.length > 4) {
                return Path.of(before[4]);
            }
        }
        return null;
    }
}
