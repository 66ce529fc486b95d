package dev.peregrine.state;

import dev.peregrine.scap.EventView;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * container.id from a thread's cgroups ({@link ContainerCgroups}), and container metadata from CONTAINER_JSON /
 * CONTAINER events. A container the cgroups name before any event describes it is announced, once, to the
 * {@link ContainerListener} (the live machine's metadata fetcher).
 */
final class Containers {
    private final Map<String, ContainerInfo> byId = new HashMap<>();
    /** Containers announced to the listener, or found undescribed before there was one. */
    private final Map<String, ContainerCgroups.Match> undescribed = new HashMap<>();
    private final Set<String> announced = new HashSet<>();
    private ContainerListener listener;

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

    /** Sets the listener and announces to it the containers already found without a description. */
    void listen(ContainerListener l) {
        this.listener = l;
        for (ContainerCgroups.Match m : List.copyOf(undescribed.values())) {
            announce(m);
        }
    }

    /** resolve_container: sets the thread's container id ("" for host) and adds a skeleton when needed. */
    void resolve(ThreadInfo t) {
        t.containerId = "";
        for (String cg : t.cgroups) {
            ContainerCgroups.Match m = ContainerCgroups.match(cg.substring(cg.indexOf('=') + 1));
            if (m != null) {
                t.containerId = m.id();
                ContainerInfo known = byId.get(m.id());
                if (known == null && m.skeletonType() >= 0) {
                    byId.put(m.id(), ContainerInfo.skeleton(m.id(), m.skeletonType()));
                }
                if (known == null || !known.described()) {
                    undescribed.putIfAbsent(m.id(), m);
                    announce(m);
                }
                return;
            }
        }
    }

    private void announce(ContainerCgroups.Match m) {
        if (listener != null && announced.add(m.id())) {
            listener.discovered(m.id(), m.fullId(), m.type());
        }
    }

    /**
     * The thread a container event is seen on, as libsinsp makes it for the event: no process of the machine
     * (tid and pid -1) but one in the container, named after it.
     */
    static ThreadInfo eventThread(String id) {
        ThreadInfo t = new ThreadInfo(-1);
        t.pid = -1;
        t.vtid = -2;
        t.vpid = -2;
        t.uid = 0;
        t.gid = 0;
        t.sid = -1;
        t.vpgid = -1;
        t.fdlimit = -1;
        t.lastEventFd = -1;
        t.comm = "container:" + id;
        t.containerId = id;
        return t;
    }

    /** The old CONTAINER event: id, type, name and image. Returns the container's id, or null. */
    String parseContainerEvent(EventView ev) {
        if (ev.nparams() < 4) {
            return null;
        }
        String id = ev.paramString(0);
        describe(new ContainerInfo(id, (int) ev.paramAsLong(1), ev.paramString(2), ev.paramString(3), "", "",
                "", "", false, List.of(), "", "", Collections.emptySortedMap(), "", null, null, null, "",
                ContainerInfo.Limits.NONE, 0, Collections.emptySortedMap(), true));
        return id;
    }

    /** What a CONTAINER_JSON event described: the container's id, and whether its runtime answered. */
    record Described(String id, boolean successful) {
    }

    /**
     * A CONTAINER_JSON event (either version), stored whatever its lookup state, as libsinsp stores it. Returns
     * null when it names no container.
     */
    @SuppressWarnings("unchecked")
    Described parseJsonEvent(EventView ev) {
        if (ev.nparams() < 1) {
            return null;
        }
        Object root = new Json(ev.paramString(0)).value();
        if (!(root instanceof Map<?, ?> m) || !(m.get("container") instanceof Map<?, ?> c)) {
            return null;
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
        // lookup_state: 0 a lookup still running (from a file: one that never finished), 1 done, 2 failed;
        // absent or another value counts as done
        Object lookup = j.get("lookup_state");
        boolean successful = !(lookup instanceof Number n && (n.intValue() == 0 || n.intValue() == 2));
        SortedMap<String, String> labels = labels(j.get("labels"));
        ContainerInfo.Limits none = ContainerInfo.Limits.NONE;
        ContainerInfo.Limits limits = new ContainerInfo.Limits(number(j, "memory_limit", none.memory()),
                number(j, "swap_limit", none.swap()), number(j, "cpu_shares", none.cpuShares()),
                number(j, "cpu_quota", none.cpuQuota()), number(j, "cpu_period", none.cpuPeriod()),
                number(j, "cpuset_cpu_count", none.cpusetCpuCount()));
        describe(new ContainerInfo(id, type, s(j.get("name")), s(j.get("image")), s(j.get("imageid")),
                s(j.get("imagerepo")), s(j.get("imagetag")), s(j.get("imagedigest")),
                Boolean.TRUE.equals(j.get("privileged")), List.copyOf(mounts), s(j.get("ip")), s(j.get("full_id")),
                labels, s(j.get("cni_json")), flag(j.get("host_pid")),
                flag(j.get("host_network")), flag(j.get("host_ipc")), s(j.get("User")), limits,
                number(j, "created_time", 0), labels(j.get("pod_sandbox_labels")), true));
        return new Described(id, successful);
    }

    private void describe(ContainerInfo info) {
        byId.put(info.id(), info);
        undescribed.remove(info.id());
    }

    /** A JSON object of labels, sorted by key (null and other values: none). */
    private static SortedMap<String, String> labels(Object o) {
        TreeMap<String, String> labels = new TreeMap<>();
        if (o instanceof Map<?, ?> lm) {
            for (Map.Entry<?, ?> e : lm.entrySet()) {
                labels.put(String.valueOf(e.getKey()), s(e.getValue()));
            }
        }
        return Collections.unmodifiableSortedMap(labels);
    }

    private static long number(Map<String, Object> j, String key, long absent) {
        return j.get(key) instanceof Number n ? n.longValue() : absent;
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
