package dev.peregrine.fields;

import dev.peregrine.scap.EventInfo;
import dev.peregrine.scap.EventTable;
import dev.peregrine.scap.EventView;
import dev.peregrine.scap.FlagTable;
import dev.peregrine.scap.ParamInfo;
import dev.peregrine.scap.ParamType;
import dev.peregrine.scap.PrintFormat;
import dev.peregrine.scap.UserEntry;
import dev.peregrine.scap.GroupEntry;
import dev.peregrine.state.FdInfo;
import dev.peregrine.state.PathNames;
import dev.peregrine.state.SocketNames;
import dev.peregrine.state.SystemState;
import dev.peregrine.state.ThreadInfo;

/**
 * Renders event parameters as libsinsp does for evt.info, evt.args and evt.arg: each parameter has a raw text
 * ("3", "-2", "4097") and possibly a resolved text ("&lt;f&gt;/etc/passwd", "ENOENT", "O_RDONLY|O_CLOEXEC").
 * Output goes straight into caller-owned buffers.
 */
public final class ParamRenderer {
    /** sysdig's default limit for byte buffers in text output (longer ones end in "..."). */
    public static final int MAX_BUFFER_TEXT = 80;
    private static final long AT_FDCWD = -100;
    private static final int AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10;
    private static final String[] SIGNALS = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
            "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
            "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
            "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};

    private final EventTable table = EventTable.get();
    private final TextBuffer raw = new TextBuffer(256);
    private final TextBuffer resolved = new TextBuffer(256);
    private final TimeFormatter absoluteTime = new TimeFormatter();
    private final EventNames names = new EventNames();

    /** Appends {@code name=raw[(resolved)] } for every parameter: the evt.info / evt.args text. */
    public void appendArgs(EventContext ctx, TextBuffer out) {
        EventView ev = ctx.event();
        if (ev.info() == null) {
            return;
        }
        int type = ev.type();
        if (EventFields.isGeneric(type)) {
            return; // generic syscall events: their arguments are internal
        }
        EventInfo info = ev.info();
        byte[][] paramNames = names.params(info);
        int n = Math.min(ev.nparams(), paramNames.length);
        for (int i = 0; i < n; i++) {
            render(ctx, i);
            out.appendBytes(paramNames[i]).append('=').append(raw);
            if (resolved.length() > 0) {
                out.append('(').append(resolved).append(')');
            }
            out.append(' ');
        }
    }

    /**
     * Appends one parameter as evt.arg shows it: the resolved text if there is one, else the raw text.
     *
     * @return false if the event has no such parameter
     */
    public boolean appendArg(EventContext ctx, int index, TextBuffer out) {
        EventView ev = ctx.event();
        if (ev.info() == null || index < 0 || index >= ev.nparams() || index >= ev.info().nparams()) {
            return false;
        }
        render(ctx, index);
        out.append(resolved.length() > 0 ? resolved : raw);
        return true;
    }

    /** Appends only the raw text of one parameter (no resolution). */
    public boolean appendRaw(EventContext ctx, int index, TextBuffer out) {
        EventView ev = ctx.event();
        if (ev.info() == null || index < 0 || index >= ev.nparams() || index >= ev.info().nparams()) {
            return false;
        }
        render(ctx, index);
        out.append(raw);
        return true;
    }

    /** Fills {@link #raw} and {@link #resolved} for parameter {@code i}. */
    private void render(EventContext ctx, int i) {
        raw.reset();
        resolved.reset();
        EventView ev = ctx.event();
        ParamInfo p = ev.info().params()[i];
        long off = ev.paramOffset(i);
        int len = ev.paramLength(i);
        ParamType type = p.type();
        PrintFormat fmt = p.format();
        if (type == ParamType.PT_DYN && p.dynamic() != null && len > 0) {
            int idx = ev.u8(off) & 0xFF;
            if (idx < p.dynamic().length) {
                off++;
                len--;
                type = p.dynamic()[idx].type();
            }
        }
        if (len == 0 && type.width > 0) {
            // an empty fixed-size parameter: newer captures use it for "not available"
            raw.append("<NA>");
            return;
        }
        switch (type) {
            case PT_INT8 -> number(ev.u8(off), fmt, 8);
            case PT_INT16 -> number((short) ev.u16(off), fmt, 16);
            case PT_INT32 -> number(ev.u32(off), fmt, 32);
            case PT_INT64 -> number(ev.u64(off), fmt, 64);
            case PT_UINT8 -> number(ev.u8(off) & 0xFF, fmt, 8);
            case PT_UINT16 -> number(ev.u16(off), fmt, 16);
            case PT_UINT32 -> number(ev.u32(off), fmt, 32);
            case PT_UINT64 -> number(ev.u64(off), fmt, 64);
            case PT_FD -> fd(ctx, ev.u64(off));
            case PT_FD32 -> fd(ctx, ev.u32(off));
            case PT_PID, PT_PID32 -> {
                long pid = type == ParamType.PT_PID ? ev.u64(off) : ev.u32(off);
                raw.append(pid);
                ThreadInfo t = ctx.state().thread(pid);
                if (t != null) {
                    resolved.append(t.comm());
                }
            }
            case PT_ERRNO -> {
                long v = ev.u64(off);
                if (v >= 0 && fmt == PrintFormat.PF_HEX) {
                    // mmap's result is an address: shown in hex, as the table's format asks (and sysdig does)
                    raw.appendHex(v, true);
                } else {
                    raw.append(v);
                }
                if (v < 0) {
                    String name = table.errnoName(-(long) (int) v);
                    if (name != null) {
                        resolved.append(name);
                    }
                }
            }
            case PT_CHARBUF -> raw.append(cString(ev, off, len));
            case PT_FSPATH, PT_FSRELPATH -> path(ctx, ev, p, off, len);
            case PT_BYTEBUF -> bytes(ev, off, len);
            case PT_SOCKADDR -> sockaddr(ev, off, len);
            case PT_SOCKTUPLE -> socktuple(ev, off, len);
            case PT_FDLIST -> fdlist(ctx, ev, off);
            case PT_SYSCALLID -> {
                int id = ev.u16(off);
                raw.append(id);
                String name = table.syscallName(id);
                if (name != null) {
                    resolved.append(name);
                } else {
                    raw.reset();
                    raw.append("<unknown syscall>");
                }
            }
            case PT_SIGTYPE -> {
                int sig = ev.u8(off) & 0xFF;
                raw.append(sig);
                if (sig < SIGNALS.length && SIGNALS[sig] != null) {
                    resolved.append(SIGNALS[sig]);
                }
            }
            case PT_RELTIME -> {
                long v = ev.u64(off);
                if (v == -1) {
                    raw.append("none");
                } else {
                    raw.appendUnsigned(v);
                    CFormat.appendSeconds(v, resolved);
                    resolved.append('s');
                }
            }
            case PT_FLAGS8, PT_FLAGS16, PT_FLAGS32, PT_ENUMFLAGS8, PT_ENUMFLAGS16, PT_ENUMFLAGS32 -> {
                long v = switch (type.width) {
                    case 1 -> ev.u8(off) & 0xFF;
                    case 2 -> ev.u16(off);
                    default -> ev.u32(off) & 0xFFFFFFFFL;
                };
                raw.appendUnsigned(v);
                if (type == ParamType.PT_FLAGS8 || type == ParamType.PT_FLAGS16 || type == ParamType.PT_FLAGS32) {
                    flagNames(p.flags(), v);
                } else {
                    enumNames(p.flags(), v);
                }
            }
            case PT_MODE -> {
                long v = ev.u32(off) & 0xFFFFFFFFL;
                number((int) v, fmt, 32);
                flagNames(p.flags(), v);
            }
            case PT_UID, PT_GID -> {
                int v = ev.u32(off);
                if (v != -1) {
                    raw.append(v);
                    String name;
                    if (type == ParamType.PT_UID) {
                        UserEntry u = ctx.state().user(v);
                        name = u == null ? null : u.name();
                    } else {
                        GroupEntry g = ctx.state().group(v);
                        name = g == null ? null : g.name();
                    }
                    resolved.append(name == null ? "<NA>" : sanitize(name));
                } else {
                    raw.append("-1");
                    resolved.append("<NONE>");
                }
            }
            case PT_SIGSET -> {
                int v = ev.u32(off);
                boolean first = true;
                for (int sig = 0; sig < 32; sig++) {
                    if ((v & (1 << sig)) != 0 && sig + 1 < SIGNALS.length) {
                        if (!first) {
                            raw.append(' ');
                        }
                        raw.append(SIGNALS[sig + 1]);
                        first = false;
                    }
                }
            }
            case PT_IPV4ADDR -> raw.append(SocketNames.ipv4(ev.u32(off)));
            case PT_IPV6ADDR -> raw.append(SocketNames.ipv6(copy(ev, off, 16)));
            case PT_BOOL -> raw.append(ev.u32(off) != 0 ? "true" : "false");
            case PT_PORT -> raw.append(ev.u16(off));
            case PT_DOUBLE -> raw.append(CFormat.g(Double.longBitsToDouble(ev.u64(off))));
            // current libsinsp: local date and time with nanoseconds (its strftime zone suffix is overwritten)
            case PT_ABSTIME -> absoluteTime.dateTime(ev.u64(off), true, raw);
            case PT_DYN -> raw.append("INVALID DYNAMIC PARAMETER");
            default -> raw.append("(n.a.)");
        }
    }

    /** printf of a value of the given width with libsinsp's SET_NUMERIC_FORMAT (signed %d, %X, %#o, %09d). */
    private void number(long v, PrintFormat fmt, int bits) {
        long mask = bits == 64 ? -1L : (1L << bits) - 1;
        switch (fmt) {
            case PF_OCT -> {
                long u = v & mask;
                if (u != 0) {
                    raw.append('0');
                }
                raw.appendOctal(u);
            }
            case PF_HEX -> raw.appendHex(bits < 32 ? v & 0xFFFFFFFFL : v & mask, true);
            case PF_10_PADDED_DEC -> {
                long s = signExtend(v, bits);
                if (s < 0) {
                    raw.append('-').appendPadded(-s, 8);
                } else {
                    raw.appendPadded(s, 9);
                }
            }
            default -> raw.append(signExtend(v, bits));
        }
    }

    private static long signExtend(long v, int bits) {
        return bits == 64 ? v : (v << (64 - bits)) >> (64 - bits);
    }

    /** libsinsp's flag resolution: bits matched in table order, each removed once matched; a value equal to an
     *  entry ends the walk with that entry's name. */
    private void flagNames(FlagTable flags, long value) {
        if (flags == null) {
            return;
        }
        long val = value;
        boolean sep = false;
        int i = 0;
        long[] values = flags.values();
        String[] names = flags.names();
        for (; i < values.length && values[i] != value; i++) {
            long f = values[i];
            if ((f == 0 && value == 0) || (f != 0 && (val & f) == f && val != 0)) {
                if (sep) {
                    resolved.append('|');
                }
                resolved.append(names[i]);
                sep = true;
                val &= ~f;
            }
        }
        if (i < values.length) {
            if (sep) {
                resolved.append('|');
            }
            resolved.append(names[i]);
        }
    }

    /** An enum's value: every name with exactly that value (aliases such as AF_LOCAL|AF_UNIX), as libsinsp. */
    private void enumNames(FlagTable flags, long value) {
        if (flags == null) {
            return;
        }
        long[] values = flags.values();
        String[] names = flags.names();
        boolean sep = false;
        for (int i = 0; i < values.length; i++) {
            if (values[i] == value) {
                if (sep) {
                    resolved.append('|');
                }
                resolved.append(names[i]);
                sep = true;
            }
        }
    }

    private void fd(EventContext ctx, long fd) {
        raw.append(fd);
        ThreadInfo t = ctx.thread();
        if (t == null) {
            return;
        }
        if (fd >= 0) {
            FdInfo f = ctx.state().fd(t, fd);
            if (f != null) {
                resolved.append('<').append(f.typeChar());
                char proto = FdFormat.protoChar(f);
                if (proto != 0) {
                    resolved.append(proto);
                }
                resolved.append('>').append(sanitize(f.name()));
            }
        } else if (fd == AT_FDCWD) {
            resolved.append("AT_FDCWD");
        } else {
            String name = table.errnoName(-(long) (int) fd);
            if (name != null) {
                resolved.append(name);
            }
        }
    }

    private void path(EventContext ctx, EventView ev, ParamInfo p, long off, int len) {
        String s = cString(ev, off, len);
        raw.append(sanitize(s));
        ThreadInfo t = ctx.thread();
        if (t == null || len == 0 || s.startsWith("<NA>") || s.startsWith("/")) {
            return;
        }
        String base = baseDir(ctx, ev, p, t);
        resolved.append(PathNames.concatenate(base, s));
    }

    private String baseDir(EventContext ctx, EventView ev, ParamInfo p, ThreadInfo t) {
        String cwd = ctx.state().cwdOf(t);
        if (p.type() != ParamType.PT_FSRELPATH || p.dirfdParam() < 0 || p.dirfdParam() >= ev.nparams()) {
            return cwd;
        }
        ParamInfo dir = ev.info().params()[p.dirfdParam()];
        if (dir.type() != ParamType.PT_FD) {
            return cwd;
        }
        long dirfd = ev.u64(ev.paramOffset(p.dirfdParam()));
        if (dirfd == AT_FDCWD) {
            return cwd;
        }
        FdInfo f = ctx.state().fd(t, dirfd);
        if (f == null || f.name().isEmpty()) {
            return "";
        }
        return sanitize(f.name()) + "/";
    }

    /** Non-printable bytes become '.', and long buffers are cut to {@link #MAX_BUFFER_TEXT} ending in "...". */
    private void bytes(EventView ev, long off, int len) {
        // only the bytes that are shown are read: a read of 64 KiB shows its first few dozen
        int shown = len > MAX_BUFFER_TEXT ? MAX_BUFFER_TEXT - 3 : len;
        for (int k = 0; k < shown; k++) {
            int b = ev.u8(off + k) & 0xFF;
            raw.appendByte(b >= 0x20 && b < 0x7f ? b : '.');
        }
        if (len > MAX_BUFFER_TEXT) {
            raw.append("...");
        }
    }

    private void sockaddr(EventView ev, long off, int len) {
        int family = family(ev, off, len);
        if (family < 0) {
            return;
        }
        if (family == AF_UNIX) {
            raw.append(sanitize(cString(ev, off + 1, len - 1)));
        } else if (family == AF_INET) {
            if (len == 7) {
                raw.append(SocketNames.ipv4(ev.u32(off + 1))).append(':').append(ev.u16(off + 5));
            } else {
                raw.append("INVALID IPv4");
            }
        } else if (family == AF_INET6) {
            if (len == 19) {
                // an IPv4-mapped address stays in IPv6 form here (inet_ntop's ::ffff:a.b.c.d), unlike in a tuple
                raw.append(SocketNames.ipv6(copy(ev, off + 1, 16))).append(':').append(ev.u16(off + 17));
            } else {
                raw.append("INVALID IPv6");
            }
        } else {
            raw.append("family ").append(family);
        }
    }

    private void socktuple(EventView ev, long off, int len) {
        int family = family(ev, off, len);
        if (family < 0) {
            return;
        }
        if (family == AF_INET) {
            if (len == 13) {
                raw.append(SocketNames.ipv4(ev.u32(off + 1))).append(':').append(ev.u16(off + 5)).append("->")
                        .append(SocketNames.ipv4(ev.u32(off + 7))).append(':').append(ev.u16(off + 11));
            } else {
                raw.append("INVALID IPv4");
            }
        } else if (family == AF_INET6) {
            if (len == 37) {
                byte[] s = copy(ev, off + 1, 16);
                byte[] d = copy(ev, off + 19, 16);
                if (SocketNames.isIpv4Mapped(s, 0) && SocketNames.isIpv4Mapped(d, 0)) {
                    raw.append(SocketNames.ipv4(ev.u32(off + 13))).append(':').append(ev.u16(off + 17))
                            .append("->").append(SocketNames.ipv4(ev.u32(off + 31))).append(':')
                            .append(ev.u16(off + 35));
                } else {
                    raw.append(SocketNames.ipv6(s)).append(':').append(ev.u16(off + 17)).append("->")
                            .append(SocketNames.ipv6(d)).append(':').append(ev.u16(off + 35));
                }
            } else {
                raw.append("INVALID IPv6");
            }
        } else if (family == AF_UNIX) {
            raw.appendHex(ev.u64(off + 1), false).append("->").appendHex(ev.u64(off + 9), false).append(' ')
                    .append(sanitize(cString(ev, off + 17, len - 17)));
        } else {
            raw.append("family ").append(family);
        }
    }

    /** The address family of a sockaddr or socktuple (its first byte), or -1 for an empty one, written as NULL. */
    private int family(EventView ev, long off, int len) {
        if (len == 0) {
            raw.append("NULL");
            return -1;
        }
        return ev.u8(off) & 0xFF;
    }

    private void fdlist(EventContext ctx, EventView ev, long off) {
        ThreadInfo t = ctx.thread();
        if (t == null) {
            return;
        }
        int n = ev.u16(off);
        long pos = off + 2;
        for (int j = 0; j < n; j++) {
            long fd = ev.u64(pos);
            FdInfo f = ctx.state().fd(t, fd);
            raw.append(fd).append(':').append(f != null ? f.typeChar() : '?')
                    .appendHex((short) ev.u16(pos + 8) & 0xFFFFFFFFL, false);
            if (j < n - 1) {
                raw.append(' ');
            }
            pos += 10;
        }
    }

    private static byte[] copy(EventView ev, long off, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = ev.u8(off + i);
        }
        return b;
    }

    private static String cString(EventView ev, long off, int len) {
        int n = 0;
        while (n < len && ev.u8(off + n) != 0) {
            n++;
        }
        return ev.string(off, n);
    }

    /** Drops the characters libsinsp's sanitize_string drops: non-printable ones and bytes >= 0x80. */
    static String sanitize(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                StringBuilder b = new StringBuilder(s.length());
                for (int k = 0; k < s.length(); k++) {
                    char ch = s.charAt(k);
                    if (ch >= 0x20 && ch < 0x7f) {
                        b.append(ch);
                    }
                }
                return b.toString();
            }
        }
        return s;
    }
}
