package dev.peregrine.fields;

import dev.peregrine.scap.EventCategory;
import dev.peregrine.scap.EventFlags;
import dev.peregrine.scap.EventIds;
import dev.peregrine.scap.EventInfo;
import dev.peregrine.scap.EventTable;
import dev.peregrine.scap.EventView;
import dev.peregrine.scap.FdType;
import dev.peregrine.scap.ParamInfo;
import dev.peregrine.state.FdInfo;

import static dev.peregrine.fields.FieldDef.Arg.NONE;
import static dev.peregrine.fields.FieldDef.Arg.REQUIRED;

/** The evt.* fields: the event's identity, time, arguments and result. */
final class EventFields {
    private static final long NS = 1_000_000_000L;
    private static final int O_RDONLY = 1, O_WRONLY = 2, O_CREAT = 4, O_TMPFILE = 1 << 22;
    private static final int EXEC_BITS = 0111;

    private EventFields() {
    }

    static void register(FieldRegistry r) {
        r.add(simple("evt.num", FieldType.UINT64, "event number.", (c, o) -> {
            o.appendUnsigned(c.num());
            return true;
        }));
        r.add(new FieldDef("evt.time", FieldType.CHARBUF,
                "event timestamp as a time string with nanoseconds (local time zone).", NONE,
                a -> timeExtractor(false, true)));
        r.add(new FieldDef("evt.time.s", FieldType.CHARBUF, "event timestamp as a time string, no nanoseconds.",
                NONE, a -> timeExtractor(false, false)));
        r.add(simple("evt.time.iso8601", FieldType.CHARBUF, "event timestamp in ISO 8601 (UTC) with nanoseconds.",
                (c, o) -> {
                    TimeFormatter.iso8601(c.event().timestamp(), o);
                    return true;
                }));
        r.add(new FieldDef("evt.datetime", FieldType.CHARBUF, "event timestamp as a date and time with nanoseconds.",
                NONE, a -> timeExtractor(true, true)));
        r.add(new FieldDef("evt.datetime.s", FieldType.CHARBUF, "event timestamp as a date and time, no nanoseconds.",
                NONE, a -> timeExtractor(true, false)));
        r.add(simple("evt.rawtime", FieldType.ABSTIME, "event timestamp in nanoseconds since the epoch.",
                (c, o) -> u(o, c.event().timestamp())));
        r.add(simple("evt.rawtime.s", FieldType.ABSTIME, "integer part of the event timestamp (seconds).",
                (c, o) -> u(o, Long.divideUnsigned(c.event().timestamp(), NS))));
        r.add(simple("evt.rawtime.ns", FieldType.ABSTIME, "fractional part of the event timestamp (ns).",
                (c, o) -> padded(o, Long.remainderUnsigned(c.event().timestamp(), NS))));
        r.add(simple("evt.reltime", FieldType.RELTIME, "nanoseconds since the start of the capture.",
                (c, o) -> padded(o, c.relativeTime())));
        r.add(simple("evt.reltime.s", FieldType.RELTIME, "seconds since the start of the capture.",
                (c, o) -> u(o, Long.divideUnsigned(c.relativeTime(), NS))));
        r.add(simple("evt.reltime.ns", FieldType.RELTIME, "fractional part (ns) of the time since the start.",
                (c, o) -> padded(o, Long.remainderUnsigned(c.relativeTime(), NS))));
        r.add(new FieldDef("evt.deltatime", FieldType.RELTIME, "nanoseconds since the previous event.", NONE,
                a -> new DeltaTime(0)));
        r.add(new FieldDef("evt.deltatime.s", FieldType.RELTIME, "seconds part of the time since the previous event.",
                NONE, a -> new DeltaTime(1)));
        r.add(new FieldDef("evt.deltatime.ns", FieldType.RELTIME, "ns part of the time since the previous event.",
                NONE, a -> new DeltaTime(2)));
        r.add(new FieldDef("evt.outputtime", FieldType.CHARBUF, "the event time as sysdig prints it (evt.time).",
                NONE, a -> timeExtractor(false, true)));
        r.add(simple("evt.dir", FieldType.CHARBUF, "'>' for enter events, '<' for exit events.", (c, o) -> {
            o.append(c.event().isEnter() ? '>' : '<');
            return true;
        }));
        EventNames names = new EventNames();
        r.add(simple("evt.type", FieldType.CHARBUF, "the event's name, e.g. 'open'.", (c, o) -> type(c, o, names)));
        r.add(new FieldDef("evt.type.is", FieldType.UINT32, "1 if the event is of the given type, else 0.", REQUIRED,
                EventFields::typeIs));
        r.add(simple("syscall.type", FieldType.CHARBUF, "for system call events, the name of the system call.",
                (c, o) -> {
                    EventInfo i = c.event().info();
                    if (i == null || i.id() == EventIds.SCHEDSWITCH_6_E || i.hasCategory(EventCategory.INTERNAL)
                            || i.hasLegacyFlag(EventFlags.SKIPPARSERESET)) {
                        return false;
                    }
                    return type(c, o, names);
                }));
        r.add(simple("evt.category", FieldType.CHARBUF, "the event category, e.g. 'file', 'net', 'process'.",
                EventFields::category));
        r.add(simple("evt.cpu", FieldType.INT16, "the CPU the event happened on.", (c, o) -> {
            o.append(c.event().cpu());
            return true;
        }));
        r.add(new FieldDef("evt.args", FieldType.CHARBUF, "all the event's arguments, as one string.", NONE,
                a -> new Args()));
        r.add(new FieldDef("evt.info", FieldType.CHARBUF, "the event's arguments as sysdig shows them.", NONE,
                a -> new Args()));
        r.add(new FieldDef("evt.arg", FieldType.CHARBUF, "one argument, by name (evt.arg.fd) or index (evt.arg[0]).",
                REQUIRED, a -> new Arg(a, true)));
        r.add(new FieldDef("evt.rawarg", FieldType.DYN, "one argument's raw value, by name (evt.rawarg.res).",
                REQUIRED, a -> new Arg(a, false)));
        r.add(simple("evt.res", FieldType.CHARBUF, "'SUCCESS', or the error code name (e.g. 'ENOENT').",
                EventFields::res));
        r.add(simple("evt.rawres", FieldType.INT64, "the event's return value as a number.", (c, o) -> {
            int i = resIndex(c.event());
            if (i < 0) {
                return false;
            }
            o.append(c.event().paramAsLong(i));
            return true;
        }));
        r.add(simple("evt.failed", FieldType.BOOL, "true for events that returned an error.", (c, o) -> {
            int i = resIndex(c.event());
            return bool(o, i >= 0 && c.event().paramAsLong(i) < 0);
        }));
        r.add(simple("evt.is_io", FieldType.BOOL, "true for events that read or write an fd.",
                (c, o) -> bool(o, flag(c, EventFlags.READS_FROM_FD | EventFlags.WRITES_TO_FD))));
        r.add(simple("evt.is_io_read", FieldType.BOOL, "true for events that read from an fd.",
                (c, o) -> bool(o, flag(c, EventFlags.READS_FROM_FD))));
        r.add(simple("evt.is_io_write", FieldType.BOOL, "true for events that write to an fd.",
                (c, o) -> bool(o, flag(c, EventFlags.WRITES_TO_FD))));
        r.add(simple("evt.io_dir", FieldType.CHARBUF, "'read' or 'write' for I/O events.", (c, o) -> {
            if (flag(c, EventFlags.WRITES_TO_FD)) {
                o.append("write");
            } else if (flag(c, EventFlags.READS_FROM_FD)) {
                o.append("read");
            } else {
                return false;
            }
            return true;
        }));
        r.add(simple("evt.is_wait", FieldType.BOOL, "true for events that make the thread wait.",
                (c, o) -> bool(o, flag(c, EventFlags.WAITS))));
        r.add(simple("evt.is_syslog", FieldType.BOOL, "true for writes to /dev/log.", (c, o) -> {
            FdInfo f = eventFd(c);
            return bool(o, flag(c, EventFlags.WRITES_TO_FD) && f != null && f.name().contains("/dev/log"));
        }));
        r.add(simple("evt.count", FieldType.UINT32, "1 for every event (for aggregations).", (c, o) -> {
            o.append(1);
            return true;
        }));
        r.add(simple("evt.count.error", FieldType.UINT32, "1 for events that returned an error (else no value).",
                (c, o) -> {
                    int i = resIndex(c.event());
                    if (i < 0 || c.event().paramAsLong(i) >= 0) {
                        return false;
                    }
                    o.append(1);
                    return true;
                }));
        r.add(simple("evt.count.exit", FieldType.UINT32, "1 for exit events (else no value).", (c, o) -> {
            if (c.event().isEnter()) {
                return false;
            }
            o.append(1);
            return true;
        }));
        r.add(simple("evt.buffer", FieldType.BYTEBUF, "the data buffer of I/O events.", new Extractor() {
            private final ParamRenderer renderer = new ParamRenderer();

            @Override
            public boolean print(EventContext c, TextBuffer o) {
                EventInfo i = c.event().info();
                int idx = i == null ? -1 : i.paramIndex("data");
                return idx >= 0 && renderer.appendRaw(c, idx, o);
            }

            /** Conditions compare the buffer's raw bytes (bcontains, bstartswith), not its printable form. */
            @Override
            public boolean extract(EventContext c, FieldValue out) {
                out.reset();
                EventView ev = c.event();
                EventInfo i = ev.info();
                int idx = i == null ? -1 : i.paramIndex("data");
                if (idx < 0 || idx >= ev.nparams()) {
                    return false;
                }
                out.text.appendParam(ev, ev.paramOffset(idx), ev.paramLength(idx));
                return true;
            }
        }));
        r.add(simple("evt.buflen", FieldType.UINT64, "the length of the data buffer of I/O events.", (c, o) -> {
            EventView ev = c.event();
            EventInfo i = ev.info();
            if (eventFd(c) == null || i == null || !i.hasCategory(EventCategory.IO_READ | EventCategory.IO_WRITE
                    | EventCategory.IO_OTHER) || ev.isEnter()) {
                return false;
            }
            int res = resIndex(ev);
            if (res < 0 || ev.paramAsLong(res) < 0) {
                return false;
            }
            o.append(ev.paramAsLong(res));
            return true;
        }));
        r.add(simple("evt.is_open_read", FieldType.BOOL, "true for opens with read access.",
                (c, o) -> bool(o, openFlags(c.event(), O_RDONLY))));
        r.add(simple("evt.is_open_write", FieldType.BOOL, "true for opens with write access.",
                (c, o) -> bool(o, openFlags(c.event(), O_WRONLY))));
        r.add(simple("evt.is_open_exec", FieldType.BOOL, "true for opens that create an executable file.",
                (c, o) -> bool(o, openExec(c.event()))));
        r.add(simple("evt.is_open_create", FieldType.BOOL, "true for opens that create a file.",
                (c, o) -> bool(o, openFlags(c.event(), O_CREAT | O_TMPFILE))));
        r.add(simple("evt.source", FieldType.CHARBUF, "the source of the event ('syscall').", (c, o) -> {
            o.append("syscall");
            return true;
        }));
        // libs HEAD: meta-events (container, procinfo, async...) are the asynchronous ones
        r.add(simple("evt.is_async", FieldType.BOOL, "true for asynchronous (meta) events.", (c, o) -> {
            EventInfo i = c.event().info();
            return bool(o, i != null && i.hasCategory(EventCategory.METAEVENT));
        }));
        r.add(simple("evt.hostname", FieldType.CHARBUF, "the host name of the machine the events come from.",
                (c, o) -> {
                    var m = c.state().machine();
                    if (m == null) {
                        return false;
                    }
                    o.append(m.hostname());
                    return true;
                }));
        EventMetricFields.register(r);
    }

    private static FieldDef simple(String name, FieldType type, String desc, Extractor e) {
        return new FieldDef(name, type, desc, NONE, a -> e);
    }

    private static boolean u(TextBuffer o, long v) {
        o.appendUnsigned(v);
        return true;
    }

    /** Nanosecond fields print zero-padded to 9 digits (libsinsp's PF_10_PADDED_DEC). */
    private static boolean padded(TextBuffer o, long v) {
        o.appendPadded(v, 9);
        return true;
    }

    private static boolean bool(TextBuffer o, boolean v) {
        o.append(v ? "true" : "false");
        return true;
    }

    private static boolean flag(EventContext c, int flags) {
        EventInfo i = c.event().info();
        return i != null && (i.legacyFlags() & flags) != 0;
    }

    private static Extractor timeExtractor(boolean date, boolean nanos) {
        TimeFormatter tf = new TimeFormatter();
        return (c, o) -> {
            if (date) {
                tf.dateTime(c.event().timestamp(), nanos, o);
            } else {
                tf.time(c.event().timestamp(), nanos, o);
            }
            return true;
        };
    }

    /**
     * The fd libsinsp attaches to the event itself (evt->m_fdinfo): an exit has one when it follows its enter, or
     * when it carries its fd itself (today's layouts, which a live driver sends without enters).
     */
    static FdInfo eventFd(EventContext c) {
        return c.state().eventFd();
    }

    /** Generic syscall events: a syscall with no event type of its own, which they carry the id of. */
    static boolean isGeneric(int type) {
        return type == EventIds.GENERIC_E || type == EventIds.GENERIC_X;
    }

    /** The event name; generic syscall events are named after their syscall. */
    static boolean type(EventContext c, TextBuffer o, EventNames names) {
        EventView ev = c.event();
        EventInfo i = ev.info();
        if (i == null) {
            return false;
        }
        if (isGeneric(ev.type()) && ev.nparams() > 0 && ev.paramLength(0) == 2) {
            String name = EventTable.get().syscallName(ev.u16(ev.paramOffset(0)));
            o.append(name == null ? "<unknown>" : name);
            return true;
        }
        o.appendBytes(names.name(i));
        return true;
    }

    private static Extractor typeIs(String arg) {
        if (EventTable.get().byName(arg).isEmpty()) {
            throw new IllegalArgumentException("unknown event type '" + arg + "' in evt.type.is");
        }
        return (c, o) -> {
            EventInfo i = c.event().info();
            o.append(i != null && i.name().equals(arg) ? 1 : 0);
            return true;
        };
    }

    private static boolean category(EventContext c, TextBuffer o) {
        EventInfo i = c.event().info();
        if (i == null) {
            return false;
        }
        int categories = i.categories();
        EventView ev = c.event();
        if (isGeneric(ev.type()) && ev.nparams() > 0 && ev.paramLength(0) == 2) {
            categories = EventTable.get().syscallCategory(ev.u16(ev.paramOffset(0)));
        }
        int cat = categories & ~(EventCategory.SYSCALL | EventCategory.TRACEPOINT | EventCategory.PLUGIN
                | EventCategory.METAEVENT);
        String s = switch (cat) {
            case EventCategory.OTHER -> "other";
            case EventCategory.FILE -> "file";
            case EventCategory.NET -> "net";
            case EventCategory.IPC -> "IPC";
            case EventCategory.MEMORY -> "memory";
            case EventCategory.PROCESS -> "process";
            case EventCategory.SLEEP -> "sleep";
            case EventCategory.SYSTEM -> "system";
            case EventCategory.SIGNAL -> "signal";
            case EventCategory.USER -> "user";
            case EventCategory.TIME -> "time";
            case EventCategory.IO_READ, EventCategory.IO_WRITE, EventCategory.IO_OTHER -> ioCategory(eventFd(c));
            case EventCategory.WAIT -> "wait";
            case EventCategory.SCHEDULER -> "scheduler";
            default -> "unknown";
        };
        o.append(s);
        return true;
    }

    /** I/O events are categorised by the kind of fd they use (libsinsp get_category's subcategory). */
    private static String ioCategory(FdInfo f) {
        if (f == null) {
            return "unknown";
        }
        return switch (f.type()) {
            case FdType.FILE, FdType.FILE_V2, FdType.DIRECTORY -> "file";
            case FdType.IPV4_SOCK, FdType.IPV6_SOCK, FdType.IPV4_SERVSOCK, FdType.IPV6_SERVSOCK -> "net";
            case FdType.FIFO, FdType.UNIX_SOCK, FdType.EVENT, FdType.SIGNALFD, FdType.INOTIFY -> "ipc";
            default -> "unknown";
        };
    }

    /** The index of the "res" parameter, or of "fd" on exits of fd-creating events; -1 if neither. */
    static int resIndex(EventView ev) {
        EventInfo i = ev.info();
        if (i == null) {
            return -1;
        }
        int idx = i.paramIndex("res");
        if (idx < 0 && i.hasLegacyFlag(EventFlags.CREATES_FD) && !ev.isEnter()) {
            idx = i.paramIndex("fd");
        }
        return idx >= 0 && idx < ev.nparams() && ev.paramLength(idx) > 0 ? idx : -1;
    }

    private static boolean res(EventContext c, TextBuffer o) {
        EventView ev = c.event();
        int idx = resIndex(ev);
        if (idx < 0) {
            return false;
        }
        long v = ev.paramAsLong(idx);
        if (v >= 0) {
            o.append("SUCCESS");
        } else {
            String name = EventTable.get().errnoName(-(long) (int) v);
            if (name != null) {
                o.append(name);
            } else {
                o.append(v);
            }
        }
        return true;
    }

    private static boolean openFlags(EventView ev, int mask) {
        int idx = openFlagsIndex(ev);
        return idx >= 0 && (ev.u32(ev.paramOffset(idx)) & mask) != 0;
    }

    private static int openFlagsIndex(EventView ev) {
        int t = ev.type();
        // e5c53d6's list: openat's old enter, not its exit, as libsinsp has it
        int idx = t == EventIds.SYSCALL_OPEN_X || t == EventIds.SYSCALL_OPENAT_E ? 2
                : t == EventIds.SYSCALL_OPENAT_2_X || t == EventIds.SYSCALL_OPENAT2_X ? 3 : -1;
        return idx >= 0 && idx < ev.nparams() && ev.paramLength(idx) == 4 ? idx : -1;
    }

    private static boolean openExec(EventView ev) {
        int t = ev.type();
        if (t == EventIds.SYSCALL_CREAT_X) {
            return ev.nparams() > 2 && ev.paramLength(2) == 4 && (ev.u32(ev.paramOffset(2)) & EXEC_BITS) != 0;
        }
        int idx = openFlagsIndex(ev);
        if (idx < 0 || (ev.u32(ev.paramOffset(idx)) & (O_CREAT | O_TMPFILE)) == 0) {
            return false;
        }
        int mode = idx + 1;
        return mode < ev.nparams() && ev.paramLength(mode) == 4 && (ev.u32(ev.paramOffset(mode)) & EXEC_BITS) != 0;
    }

    /** evt.info / evt.args: each parameter as name=value. */
    private static final class Args implements Extractor {
        private final ParamRenderer renderer = new ParamRenderer();

        @Override
        public boolean print(EventContext c, TextBuffer o) {
            renderer.appendArgs(c, o);
            return true;
        }
    }

    /** evt.arg / evt.rawarg: one parameter by name or index. */
    private static final class Arg implements Extractor {
        private final ParamRenderer renderer = new ParamRenderer();
        private final String name;
        private final int index;
        private final boolean resolved;

        Arg(String argument, boolean resolved) {
            this.resolved = resolved;
            int idx = -1;
            try {
                idx = Integer.parseInt(argument);
            } catch (NumberFormatException e) {
                // a parameter name
            }
            this.index = idx;
            this.name = idx >= 0 ? null : argument;
        }

        @Override
        public boolean print(EventContext c, TextBuffer o) {
            EventInfo i = c.event().info();
            if (i == null) {
                return false;
            }
            int idx = index >= 0 ? index : i.paramIndex(name);
            if (idx < 0) {
                return false;
            }
            if (!resolved) {
                return rawValue(c, i.params(), idx, o);
            }
            return renderer.appendArg(c, idx, o);
        }

        private boolean rawValue(EventContext c, ParamInfo[] params, int idx, TextBuffer o) {
            EventView ev = c.event();
            if (idx >= ev.nparams() || ev.paramLength(idx) == 0) {
                return false;
            }
            ParamInfo p = params[idx];
            if (p.type().width > 0) {
                if (p.type().isSigned()) {
                    o.append(ev.paramAsLong(idx));
                } else {
                    o.appendUnsigned(ev.paramAsLong(idx));
                }
                return true;
            }
            return renderer.appendRaw(c, idx, o);
        }
    }

    /** evt.deltatime: time since the previous event this extractor saw (libsinsp keeps it per field). */
    private static final class DeltaTime implements Extractor {
        private final int part;
        private long last;

        DeltaTime(int part) {
            this.part = part;
        }

        @Override
        public boolean print(EventContext c, TextBuffer o) {
            long ts = c.event().timestamp();
            long delta = last == 0 ? 0 : ts - last;
            last = ts;
            // unsigned, as libsinsp computes it: events from another CPU can be slightly older
            if (part == 2) {
                o.appendPadded(Long.remainderUnsigned(delta, NS), 9);
            } else {
                o.appendUnsigned(part == 0 ? delta : Long.divideUnsigned(delta, NS));
            }
            return true;
        }
    }
}
