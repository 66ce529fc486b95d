package dev.peregrine.fields;

import dev.peregrine.scap.EventCategory;
import dev.peregrine.scap.EventFlags;
import dev.peregrine.scap.EventIds;
import dev.peregrine.scap.EventInfo;
import dev.peregrine.scap.EventTable;
import dev.peregrine.scap.EventView;
import dev.peregrine.scap.FdType;
import dev.peregrine.state.FdInfo;
import dev.peregrine.state.ThreadInfo;

import static dev.peregrine.fields.FieldDef.Arg.NONE;
import static dev.peregrine.fields.FieldDef.Arg.OPTIONAL;
import static dev.peregrine.fields.FieldDef.Arg.REQUIRED;

/**
 * The evt.* fields that measure events: latencies, error, procinfo and buffer-length counts; and beside them the few
 * that read one kind of event: evt.abspath (two-path and *at syscalls), docker infrastructure events, plugin and
 * async event names (libsinsp e5c53d6 sinsp_filter_check_event where it has them, else libs HEAD). Per-event-type
 * facts are looked up in tables built once.
 */
final class EventMetricFields {
    private static final long NS = 1_000_000_000L;
    /** sysdig's g_screen_w: never set outside csysdig. */
    private static final int SCREEN_W = -1;

    private static final EventTable TABLE = EventTable.get();
    /** Exits whose failure counts as a file error when the event has no fd (open, creat, openat...). */
    private static final boolean[] FILE_OPEN_EXIT = exits("open", "creat", "openat", "openat2");
    /** Exits whose failure counts as a network error when the event has no fd (accept, connect). */
    private static final boolean[] NET_EXIT = exits("accept", "accept4", "connect");
    /** Per type: the e5c53d6 category of the event as a single EventCategory bit (EC_* less the flag bits). */
    private static final int[] BASE_CATEGORY = baseCategories();
    /** Per type: the index of "res", or of "fd" on exits of fd-creating events (EventFields.resIndex), or -1. */
    private static final int[] RES_INDEX = resIndexes();
    /** Per type: EC_INTERNAL events, whose latency fields have no value when they have a thread. */
    private static final boolean[] INTERNAL = internalTypes();
    /** Per type: evt.abspath's dirfd and path parameter indexes, for the path ([0]) and the src/dst ones. */
    private static final int[][] ABSPATH = abspathParams();

    private EventMetricFields() {
    }

    static void register(FieldRegistry r) {
        // latency (e5c53d6): the thread's m_latency, 0 without a thread, no value for internal events
        r.add(simple("evt.latency", FieldType.RELTIME,
                "time between an exit event and the thread's last enter event, in nanoseconds.",
                (c, o) -> latency(c, o, 0)));
        r.add(simple("evt.latency.s", FieldType.RELTIME, "integer part (seconds) of evt.latency.",
                (c, o) -> latency(c, o, 1)));
        r.add(simple("evt.latency.ns", FieldType.RELTIME, "fractional part (ns) of evt.latency.",
                (c, o) -> latency(c, o, 2)));
        r.add(simple("evt.latency.quantized", FieldType.UINT64, "10-base log of evt.latency, scaled to the screen.",
                EventMetricFields::latencyQuantized));
        r.add(new FieldDef("evt.latency.human", FieldType.CHARBUF, "evt.latency as a human readable string (10.3ms).",
                NONE, a -> new LatencyHuman()));
        r.add(simple("evt.wait_latency", FieldType.RELTIME,
                "for exits of events that make the thread wait (sleep, select, poll...), the time waited (ns).",
                (c, o) -> {
                    EventView ev = c.event();
                    EventInfo i = ev.info();
                    if (i == null || !i.hasLegacyFlag(EventFlags.WAITS) || ev.isEnter()) {
                        return false;
                    }
                    ThreadInfo t = c.state().eventThread();
                    o.appendUnsigned(t == null ? 0 : t.latency());
                    return true;
                }));

        // error counters by kind
        r.add(simple("evt.count.error.file", FieldType.UINT32, "1 for failed events about files (else no value).",
                (c, o) -> {
                    FdInfo f = eventFd(c);
                    boolean file = f != null ? isFileOrDir(f) : is(FILE_OPEN_EXIT, c.event().type());
                    return file && errorCount(c, o);
                }));
        r.add(simple("evt.count.error.net", FieldType.UINT32, "1 for failed events about the network (else no value).",
                (c, o) -> {
                    FdInfo f = eventFd(c);
                    boolean net = f != null ? isNetOrUnix(f) : is(NET_EXIT, c.event().type());
                    return net && errorCount(c, o);
                }));
        r.add(simple("evt.count.error.memory", FieldType.UINT32, "1 for failed memory events (else no value).",
                (c, o) -> baseCategory(c) == EventCategory.MEMORY && errorCount(c, o)));
        r.add(simple("evt.count.error.other", FieldType.UINT32,
                "1 for failed events that are not file, network or memory events (else no value).", (c, o) -> {
                    FdInfo f = eventFd(c);
                    boolean other;
                    if (f != null) {
                        other = !isFileOrDir(f) && !isNetOrUnix(f);
                    } else {
                        int type = c.event().type();
                        other = !is(FILE_OPEN_EXIT, type) && !is(NET_EXIT, type)
                                && baseCategory(c) != EventCategory.MEMORY;
                    }
                    return other && errorCount(c, o);
                }));
        r.add(simple("evt.count.procinfo", FieldType.UINT32, "1 for procinfo events of main threads (else no value).",
                (c, o) -> {
                    if (c.event().type() != EventIds.PROCINFO_E) {
                        return false;
                    }
                    ThreadInfo t = c.thread();
                    return t != null && t.isMainThread() && one(o);
                }));
        r.add(simple("evt.count.threadinfo", FieldType.UINT32, "1 for procinfo events (else no value).",
                (c, o) -> c.event().type() == EventIds.PROCINFO_E && one(o)));

        r.add(new FieldDef("evt.around", FieldType.UINT64,
                "matches events within D ms of time T: evt.around[T]=D (filter only).", REQUIRED, a -> {
                    throw new IllegalArgumentException("evt.around is filter only and cannot be used as a display field");
                }));
        r.add(new FieldDef("evt.abspath", FieldType.CHARBUF,
                "absolute path from a dirfd and a relative path (openat, renameat...); evt.abspath.src / .dst "
                        + "for two-path syscalls.", OPTIONAL, EventMetricFields::abspath));

        // buffer lengths by direction and fd kind (e5c53d6 table-only fields)
        buflen(r, "evt.buflen.in", "the buffer length of input I/O events.", Dir.IN, Kind.ANY);
        buflen(r, "evt.buflen.out", "the buffer length of output I/O events.", Dir.OUT, Kind.ANY);
        buflen(r, "evt.buflen.file", "the buffer length of file I/O events.", Dir.ANY, Kind.FILE);
        buflen(r, "evt.buflen.file.in", "the buffer length of input file I/O events.", Dir.IN, Kind.FILE);
        buflen(r, "evt.buflen.file.out", "the buffer length of output file I/O events.", Dir.OUT, Kind.FILE);
        buflen(r, "evt.buflen.net", "the buffer length of network I/O events.", Dir.ANY, Kind.NET);
        buflen(r, "evt.buflen.net.in", "the buffer length of input network I/O events.", Dir.IN, Kind.NET);
        buflen(r, "evt.buflen.net.out", "the buffer length of output network I/O events.", Dir.OUT, Kind.NET);

        // docker infrastructure events (e5c53d6 table-only fields)
        infra(r, "evt.infra.docker.name", "for docker infrastructure events, the name of the event.", "Event");
        infra(r, "evt.infra.docker.container.id", "for docker infrastructure events, the id of the container.",
                "ID");
        infra(r, "evt.infra.docker.container.name", "for docker infrastructure events, the name of the container.",
                "name");
        infra(r, "evt.infra.docker.container.image",
                "for docker infrastructure events, the image of the container.", "Image");

        // plugins: none are loaded, so plugin events have no plugin to name them
        r.add(simple("evt.pluginname", FieldType.CHARBUF, "for plugin events, the name of the plugin (no plugins).",
                (c, o) -> false));
        r.add(simple("evt.plugininfo", FieldType.CHARBUF, "for plugin events, the plugin's summary (no plugins).",
                (c, o) -> false));
        // libs HEAD: meta-events are the asynchronous ones
        r.add(simple("evt.asynctype", FieldType.CHARBUF, "for asynchronous (meta) events, their type, e.g. 'container'.",
                EventMetricFields::asyncType));
    }

    private static FieldDef simple(String name, FieldType type, String desc, Extractor e) {
        return new FieldDef(name, type, desc, NONE, a -> e);
    }

    private static boolean one(TextBuffer o) {
        o.append(1);
        return true;
    }

    private static boolean is(boolean[] set, int type) {
        return type >= 0 && type < set.length && set[type];
    }

    private static FdInfo eventFd(EventContext c) {
        return EventFields.eventFd(c);
    }

    private static int baseCategory(EventContext c) {
        int type = c.event().type();
        return type >= 0 && type < BASE_CATEGORY.length ? BASE_CATEGORY[type] : 0;
    }

    private static boolean isFileOrDir(FdInfo f) {
        return f.type() == FdType.FILE || f.type() == FdType.FILE_V2 || f.type() == FdType.DIRECTORY;
    }

    private static boolean isNetOrUnix(FdInfo f) {
        return f.type() >= FdType.IPV4_SOCK && f.type() <= FdType.IPV6_SERVSOCK || f.type() == FdType.UNIX_SOCK;
    }

    /** extract_error_count: 1 if "res" (or an fd-creating exit's "fd") is negative, else no value. */
    private static boolean errorCount(EventContext c, TextBuffer o) {
        EventView ev = c.event();
        int type = ev.type();
        int i = type >= 0 && type < RES_INDEX.length ? RES_INDEX[type] : -1;
        return i >= 0 && i < ev.nparams() && ev.paramLength(i) > 0 && ev.paramAsLong(i) < 0 && one(o);
    }

    // ---- latency

    /**
     * Whether libsinsp has a thread on the event for the latency fields: the parser's, or for container metadata
     * (CONTAINER_JSON) events the container's pseudo-thread, whose latency is 0.
     */
    private static boolean hasLatencyThread(EventContext c) {
        int type = c.event().type();
        return c.state().eventThread() != null || type == EventIds.CONTAINER_JSON_E
                || type == EventIds.CONTAINER_JSON_2_E;
    }

    private static long latencyOf(EventContext c) {
        ThreadInfo t = c.state().eventThread();
        return t == null ? 0 : t.latency();
    }

    private static boolean latency(EventContext c, TextBuffer o, int part) {
        long lat = 0;
        if (hasLatencyThread(c)) {
            if (is(INTERNAL, c.event().type())) {
                return false;
            }
            lat = latencyOf(c);
        }
        switch (part) {
            case 1 -> o.appendUnsigned(Long.divideUnsigned(lat, NS));
            case 2 -> o.appendPadded(Long.remainderUnsigned(lat, NS), 9);
            default -> o.appendUnsigned(lat);
        }
        return true;
    }

    /**
     * (uint64)(log10(latency) * g_screen_w / 11) + 1 with sysdig's g_screen_w of -1: the product is in [-1, 0],
     * which truncates to 0 (or to -1 for latencies of 10^11 ns and more, where log10 is capped at 11).
     */
    private static boolean latencyQuantized(EventContext c, TextBuffer o) {
        if (!hasLatencyThread(c) || is(INTERNAL, c.event().type())) {
            return false;
        }
        long lat = latencyOf(c);
        if (lat == 0) {
            return false;
        }
        double l = Math.log10(unsignedToDouble(lat));
        if (l > 11) {
            l = 11;
        }
        o.appendUnsigned((long) (l * SCREEN_W / 11) + 1);
        return true;
    }

    static double unsignedToDouble(long v) {
        return v >= 0 ? (double) v : (double) (v >>> 1) * 2.0 + (v & 1);
    }

    /**
     * evt.latency.human. With no thread, libsinsp returns its string storage untouched: the previous value this
     * field printed (empty at first).
     */
    private static final class LatencyHuman implements Extractor {
        private final TextBuffer last = new TextBuffer(24);

        @Override
        public boolean print(EventContext c, TextBuffer o) {
            if (hasLatencyThread(c)) {
                if (is(INTERNAL, c.event().type())) {
                    return false;
                }
                last.reset();
                // tostring_nice goes through a double
                formatTime((long) unsignedToDouble(latencyOf(c)), last);
            }
            o.append(last);
            return true;
        }
    }

    /** sinsp_filter_check_reference::format_time: the largest fitting unit, as libsinsp prints it. */
    static void formatTime(long val, TextBuffer o) {
        final long s = NS, ms = 1_000_000L, us = 1_000L;
        if (Long.compareUnsigned(val, 3600 * s) >= 0) {
            o.appendPadded(u32(Long.divideUnsigned(val, 3600 * s)), 2).appendByte(':');
            o.appendPadded(Long.remainderUnsigned(Long.divideUnsigned(val, 60 * s), 60), 2).appendByte(':');
            o.appendPadded(Long.remainderUnsigned(Long.divideUnsigned(val, s), 60), 2);
        } else if (val >= 60 * s) {
            o.appendUnsigned(val / (60 * s)).appendByte(':').appendUnsigned((val / s) % 60);
        } else if (val >= s) {
            o.appendUnsigned(val / s).appendByte('.').appendPadded((val % s) / 10_000_000, 2).appendByte('s');
        } else if (val >= s / 100) {
            o.appendUnsigned(val / ms).append("ms");
        } else if (val >= s / 1000) {
            o.appendUnsigned(val / ms).appendByte('.').appendPadded((val % ms) / 10_000, 2).append("ms");
        } else if (val >= s / 100_000) {
            o.appendUnsigned(val / us).append("us");
        } else if (val >= s / 1_000_000) {
            o.appendUnsigned(val / us).appendByte('.').appendPadded((val % us) / 10, 2).append("us");
        } else {
            o.appendUnsigned(val).append("ns");
        }
    }

    private static long u32(long v) {
        return v & 0xFFFFFFFFL;
    }

    // ---- buffer lengths

    private enum Dir { ANY, IN, OUT }

    private enum Kind { ANY, FILE, NET }

    private static void buflen(FieldRegistry r, String name, String desc, Dir dir, Kind kind) {
        r.add(simple(name, FieldType.UINT64, desc, (c, o) -> {
            FdInfo f = eventFd(c);
            if (f == null) {
                return false;
            }
            int cat = baseCategory(c);
            boolean ok = switch (dir) {
                case IN -> cat == EventCategory.IO_READ;
                case OUT -> cat == EventCategory.IO_WRITE;
                case ANY -> cat == EventCategory.IO_READ || cat == EventCategory.IO_WRITE
                        || cat == EventCategory.IO_OTHER;
            };
            if (!ok) {
                return false;
            }
            int t = f.type();
            if (kind == Kind.FILE && t != FdType.FILE && t != FdType.FILE_V2
                    || kind == Kind.NET && (t < FdType.IPV4_SOCK || t > FdType.IPV6_SERVSOCK)) {
                return false;
            }
            // extract_buflen: an exit's first parameter (its return value), when not negative
            EventView ev = c.event();
            if (ev.isEnter() || ev.nparams() == 0 || ev.paramLength(0) == 0) {
                return false;
            }
            long v = ev.paramAsLong(0);
            if (v < 0) {
                return false;
            }
            o.append(v);
            return true;
        }));
    }

    // ---- evt.abspath

    private static Extractor abspath(String arg) {
        int which;
        if (arg == null) {
            which = 0;
        } else if (arg.equals("src")) {
            which = 1;
        } else if (arg.equals("dst")) {
            which = 2;
        } else {
            throw new IllegalArgumentException("evt.abspath takes .src or .dst, not '" + arg + "'");
        }
        return (c, o) -> {
            ThreadInfo t = c.state().eventThread();
            EventView ev = c.event();
            int type = ev.type();
            if (t == null || type < 0 || type >= ABSPATH.length || ABSPATH[type] == null) {
                return false;
            }
            int[] p = ABSPATH[type];
            // [dirfd, path] for .src and the plain field, [dirfd, path] of the second path for .dst
            int dirIdx = which == 2 ? p[2] : p[0];
            int pathIdx = which == 2 ? p[3] : p[1];
            if (dirIdx < 0 || pathIdx < 0 || dirIdx >= ev.nparams() || pathIdx >= ev.nparams()) {
                return false;
            }
            long dirfd = ev.paramAsLong(dirIdx);
            String path = ev.paramString(pathIdx);
            String dir;
            if (!path.isEmpty() && path.charAt(0) == '/') {
                dir = ".";
            } else if (dirfd == -100) {
                dir = c.state().cwdOf(t);
            } else {
                // e5c53d6 also makes this fd the event's fd for the fields that follow; Peregrine does not
                FdInfo d = StateAccess.fd(c.state(), t, dirfd);
                dir = d == null ? "<UNKNOWN>/" : d.name() + "/";
            }
            o.append(PathUtil.concatenate(dir, path));
            return true;
        };
    }

    /**
     * The event types extract_abspath knows at e5c53d6: renameat/renameat2/symlinkat/mkdirat/fchmodat exits, the
     * old openat/linkat/unlinkat enters and the newer openat/openat2/linkat/unlinkat exits. Parameters are found by
     * name, as libsinsp does.
     */
    private static int[][] abspathParams() {
        int[][] specs = new int[TABLE.size()][];
        String[] two = {"olddirfd", "oldpath", "newdirfd", "newpath"};
        String[] link = {"olddir", "oldpath", "newdir", "newpath"};
        String[] dirName = {"dirfd", "name", "dirfd", "name"};
        abspath(specs, EventIds.SYSCALL_RENAMEAT_X, two);
        abspath(specs, EventIds.SYSCALL_RENAMEAT2_X, two);
        abspath(specs, EventIds.SYSCALL_SYMLINKAT_X, new String[] {"linkdirfd", "linkpath", "linkdirfd", "linkpath"});
        abspath(specs, EventIds.SYSCALL_OPENAT_E, dirName);
        abspath(specs, EventIds.SYSCALL_OPENAT_2_X, dirName);
        abspath(specs, EventIds.SYSCALL_OPENAT2_X, dirName);
        abspath(specs, EventIds.SYSCALL_LINKAT_E, link);
        abspath(specs, EventIds.SYSCALL_LINKAT_2_X, link);
        abspath(specs, EventIds.SYSCALL_UNLINKAT_E, dirName);
        abspath(specs, EventIds.SYSCALL_UNLINKAT_2_X, dirName);
        abspath(specs, EventIds.SYSCALL_MKDIRAT_X, new String[] {"dirfd", "path", "dirfd", "path"});
        abspath(specs, EventIds.SYSCALL_FCHMODAT_X, new String[] {"dirfd", "filename", "dirfd", "filename"});
        return specs;
    }

    private static void abspath(int[][] specs, int id, String[] names) {
        EventInfo e = id < TABLE.size() ? TABLE.info(id) : null;
        if (e == null) {
            return;
        }
        int[] idx = new int[4];
        for (int k = 0; k < 4; k++) {
            idx[k] = e.paramIndex(names[k]);
        }
        specs[id] = idx;
    }

    // ---- infrastructure events

    /** evt.infra.docker.*: a "Key: value" item of an infra event's ';'-separated description (parameter 2). */
    private static void infra(FieldRegistry r, String name, String desc, String key) {
        r.add(simple(name, FieldType.CHARBUF, desc, (c, o) -> {
            EventView ev = c.event();
            if (ev.type() != EventIds.INFRASTRUCTURE_EVENT_E || ev.nparams() < 3) {
                return false;
            }
            String v = infraValue(ev.paramString(2), key);
            if (v == null) {
                return false;
            }
            o.append(v);
            return true;
        }));
    }

    /** The value e5c53d6 extracts for {@code key} from an infra description, or null. Rare events: allocates. */
    static String infraValue(String desc, String key) {
        for (String item : getlineSplit(desc, ';')) {
            String e = item.strip();
            if (!e.startsWith(key)) {
                continue;
            }
            java.util.List<String> sub = getlineSplit(e, ':');
            if (sub.size() < 2) {
                return null;
            }
            switch (key) {
                case "ID" -> {
                    String id = cTrim(sub.get(1));
                    return id.length() > 12 ? id.substring(0, 12) : id;
                }
                case "Image" -> {
                    String img = sub.get(1);
                    if (img.contains("@")) {
                        img = img.substring(0, img.indexOf('@'));
                    } else if (img.contains("sha256")) {
                        img = e.substring(e.indexOf(':') + 1);
                    }
                    return cTrim(img);
                }
                default -> {
                    return cTrim(sub.get(1));
                }
            }
        }
        return null;
    }

    /** sinsp_split: std::getline pieces (a trailing empty piece is not returned). */
    private static java.util.List<String> getlineSplit(String s, char delim) {
        java.util.List<String> out = new java.util.ArrayList<>();
        int start = 0;
        while (start < s.length()) {
            int end = s.indexOf(delim, start);
            if (end < 0) {
                out.add(s.substring(start));
                break;
            }
            out.add(s.substring(start, end));
            start = end + 1;
        }
        return out;
    }

    /** trim(): removes C isspace characters (space, \t, \n, \v, \f, \r) at both ends. */
    private static String cTrim(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && isSpace(s.charAt(a))) {
            a++;
        }
        while (b > a && isSpace(s.charAt(b - 1))) {
            b--;
        }
        return s.substring(a, b);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c >= '\t' && c <= '\r';
    }

    // ---- async events

    private static boolean asyncType(EventContext c, TextBuffer o) {
        EventView ev = c.event();
        EventInfo i = ev.info();
        if (i == null || !i.hasCategory(EventCategory.METAEVENT)) {
            return false;
        }
        if (!i.name().equals("asyncevent")) {
            o.append(i.name());
            return true;
        }
        if (ev.nparams() < 2 || ev.paramLength(1) == 0) {
            return false;
        }
        o.appendParam(ev, ev.paramOffset(1), ev.stringLength(1));
        return true;
    }

    // ---- tables

    private static boolean[] exits(String... names) {
        boolean[] set = new boolean[TABLE.size()];
        for (String n : names) {
            for (EventInfo e : TABLE.byName(n)) {
                if (!e.enter()) {
                    set[e.id()] = true;
                }
            }
        }
        return set;
    }

    private static int[] resIndexes() {
        int[] idx = new int[TABLE.size()];
        for (int id = 0; id < idx.length; id++) {
            EventInfo e = TABLE.info(id);
            idx[id] = -1;
            if (e != null) {
                idx[id] = e.paramIndex("res");
                if (idx[id] < 0 && e.hasLegacyFlag(EventFlags.CREATES_FD) && !e.enter()) {
                    idx[id] = e.paramIndex("fd");
                }
            }
        }
        return idx;
    }

    private static int[] baseCategories() {
        int[] cats = new int[TABLE.size()];
        int flagBits = EventCategory.SYSCALL | EventCategory.TRACEPOINT | EventCategory.PLUGIN
                | EventCategory.METAEVENT;
        for (int id = 0; id < cats.length; id++) {
            EventInfo e = TABLE.info(id);
            cats[id] = e == null ? 0 : e.categories() & ~flagBits;
        }
        return cats;
    }

    private static boolean[] internalTypes() {
        boolean[] set = new boolean[TABLE.size()];
        for (int id = 0; id < set.length; id++) {
            EventInfo e = TABLE.info(id);
            // as in e5c53d6: the old container event (CONTAINER_E) is internal, CONTAINER_JSON (both) is not
            set[id] = e != null && e.hasCategory(EventCategory.INTERNAL);
        }
        return set;
    }
}
