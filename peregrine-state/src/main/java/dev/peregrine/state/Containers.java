package dev.peregrine.state;

import dev.peregrine.scap.EventView;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * container.id from a thread's cgroups (libsinsp container engines, capture mode) and container metadata from
 * CONTAINER_JSON / CONTAINER events.
 */
final class Containers {
    private final Map<String, ContainerInfo> byId = new HashMap<>();

    ContainerInfo get(String id) {
        return byId.get(id);
    }

    /** True if some known container has this IPv4 address (stored as FdInfo stores addresses). */
    boolean anyHasIpv4(int addr) {
        for (ContainerInfo c : byId.values()) {
            if (c.ipv4() == addr) {
                return true;
            }
        }
        return false;
    }

    /**
     * A container engine as libsinsp tries them: how to find a container id in one cgroup path, and the container
     * type of the skeleton it records (-1: none, as the CRI engine offline).
     */
    private record Engine(int skeletonType, java.util.function.Function<String, String> idOf) {
    }

    /** libsinsp's engines, in the order it tries them: podman, docker, cri, lxc, mesos. */
    private static final List<Engine> ENGINES = List.of(
            new Engine(0, path -> match(path, "/libpod-", ".scope")),
            new Engine(0, path -> firstOf(match(path, "/", ""), match(path, "/docker-", ".scope"))),
            new Engine(-1, path -> firstOf(match(path, "/crio-", ""), match(path, "/cri-containerd-", ".scope"),
                    match(path, "/crio-", ".scope"), match(path, ":cri-containerd:", ""))),
            new Engine(1, path -> firstOf(between(path, "/lxc/", "/"), after(path, "/lxc.payload/"))),
            new Engine(3, path -> after(path, "/mesos/")));

    /** resolve_container: sets the thread's container id ("" for host) and adds a skeleton when needed. */
    void resolve(ThreadInfo t) {
        t.containerId = "";
        for (Engine engine : ENGINES) {
            for (String cg : t.cgroups) {
                String id = engine.idOf().apply(cg.substring(cg.indexOf('=') + 1));
                if (id != null) {
                    if (engine.skeletonType() >= 0) {
                        skeleton(id, engine.skeletonType());
                    }
                    t.containerId = id;
                    return;
                }
            }
        }
    }

    private static String firstOf(String... candidates) {
        for (String c : candidates) {
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    private static String match(String cgroup, String prefix, String suffix) {
        int p = cgroup.lastIndexOf(prefix);
        if (p < 0) {
            return null;
        }
        int start = p + prefix.length();
        int end = suffix.isEmpty() ? cgroup.length() : cgroup.lastIndexOf(suffix);
        if (end - start != 64) {
            return null;
        }
        return cgroup.substring(start, start + 12);
    }

    private static String between(String s, String prefix, String suffix) {
        int p = s.indexOf(prefix);
        if (p < 0) {
            return null;
        }
        int start = p + prefix.length();
        int end = s.indexOf(suffix, start);
        return end < 0 ? null : s.substring(start, end);
    }

    private static String after(String s, String prefix) {
        int p = s.indexOf(prefix);
        return p < 0 ? null : s.substring(p + prefix.length());
    }

    private void skeleton(String id, int type) {
        if (!byId.containsKey(id)) {
            byId.put(id, new ContainerInfo(id, type, "", "", "", "", "", "", false, List.of(), ""));
        }
    }

    void parseContainerEvent(EventView ev) {
        if (ev.nparams() < 4) {
            return;
        }
        String id = ev.paramString(0);
        byId.put(id, new ContainerInfo(id, (int) ev.paramAsLong(1), ev.paramString(2), ev.paramString(3), "", "",
                "", "", false, List.of(), ""));
    }

    @SuppressWarnings("unchecked")
    void parseJsonEvent(EventView ev) {
        if (ev.nparams() < 1) {
            return;
        }
        Object root = new Json(ev.paramString(0)).value();
        if (!(root instanceof Map<?, ?> m) || !(m.get("container") instanceof Map<?, ?> c)) {
            return;
        }
        Map<String, Object> j = (Map<String, Object>) c;
        String id = s(j.get("id"));
        List<ContainerInfo.Mount> mounts = new ArrayList<>();
        if (j.get("Mounts") instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> mm) {
                    mounts.add(new ContainerInfo.Mount(s(mm.get("Source")), s(mm.get("Destination")),
                            s(mm.get("Mode")), Boolean.TRUE.equals(mm.get("RW")), s(mm.get("Propagation"))));
                }
            }
        }
        int type = j.get("type") instanceof Number n ? n.intValue() : 0;
        Object lookup = j.get("lookup_state");
        if (lookup instanceof Number n && n.intValue() != 1 && n.intValue() != 0) {
            // unsuccessful lookups are filtered out; nothing stored
            return;
        }
        java.util.TreeMap<String, String> labels = new java.util.TreeMap<>();
        if (j.get("labels") instanceof Map<?, ?> lm) {
            for (Map.Entry<?, ?> e : lm.entrySet()) {
                labels.put(String.valueOf(e.getKey()), s(e.getValue()));
            }
        }
        byId.put(id, new ContainerInfo(id, type, s(j.get("name")), s(j.get("image")), s(j.get("imageid")),
                s(j.get("imagerepo")), s(j.get("imagetag")), s(j.get("imagedigest")),
                Boolean.TRUE.equals(j.get("privileged")), List.copyOf(mounts), s(j.get("ip")), s(j.get("full_id")),
                Collections.unmodifiableSortedMap(labels), s(j.get("cni_json")), flag(j.get("host_pid")),
                flag(j.get("host_network")), flag(j.get("host_ipc"))));
    }

    /** A JSON boolean (numbers count as true when non-zero), or null when absent or not boolean-like. */
    private static Boolean flag(Object o) {
        if (o instanceof Boolean b) {
            return b;
        }
        if (o instanceof Number n) {
            return n.doubleValue() != 0;
        }
        return null;
    }

    private static String s(Object o) {
        return o == null ? "" : o.toString();
    }

    /** A minimal JSON reader (objects, arrays, strings, numbers, booleans, null) for container events. */
    static final class Json {
        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Object value() {
            ws();
            if (i >= s.length()) {
                return null;
            }
            char c = s.charAt(i);
            switch (c) {
                case '{': {
                    i++;
                    Map<String, Object> m = new HashMap<>();
                    ws();
                    if (peek('}')) {
                        return m;
                    }
                    while (true) {
                        ws();
                        String k = string();
                        ws();
                        i++; // ':'
                        m.put(k, value());
                        ws();
                        if (peek(',')) {
                            continue;
                        }
                        i++; // '}'
                        return m;
                    }
                }
                case '[': {
                    i++;
                    List<Object> l = new ArrayList<>();
                    ws();
                    if (peek(']')) {
                        return l;
                    }
                    while (true) {
                        l.add(value());
                        ws();
                        if (peek(',')) {
                            continue;
                        }
                        i++;
                        return l;
                    }
                }
                case '"':
                    return string();
                case 't':
                    i += 4;
                    return Boolean.TRUE;
                case 'f':
                    i += 5;
                    return Boolean.FALSE;
                case 'n':
                    i += 4;
                    return null;
                default: {
                    int st = i;
                    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                        i++;
                    }
                    String num = s.substring(st, i);
                    try {
                        return Long.parseLong(num);
                    } catch (NumberFormatException e) {
                        return Double.parseDouble(num);
                    }
                }
            }
        }

        private boolean peek(char c) {
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private String string() {
            StringBuilder sb = new StringBuilder();
            i++; // opening quote
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    break;
                }
                if (c == '\\' && i < s.length()) {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'r' -> sb.append('\r');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'u' -> {
                            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
            return sb.toString();
        }
    }
}
