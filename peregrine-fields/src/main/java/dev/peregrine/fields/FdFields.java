package dev.peregrine.fields;

import dev.peregrine.fields.FieldDef.Arg;
import dev.peregrine.scap.EventInfo;
import dev.peregrine.scap.EventTable;
import dev.peregrine.scap.FdType;
import dev.peregrine.state.FdInfo;
import dev.peregrine.state.FdTypes;
import dev.peregrine.state.ThreadInfo;

import static dev.peregrine.fields.ProcessFields.bool;
import static dev.peregrine.fields.ProcessFields.num;
import static dev.peregrine.fields.ProcessFields.str;

/** The fd.* fields: the file descriptor the event is about (libsinsp e5c53d6 rules, see state.md §3.6). */
final class FdFields {
    private static final boolean[] CONNECT_EXIT = exits("connect");
    private static final boolean[] FILE_CREATOR_ENTER = enters("open", "openat", "openat2", "creat");
    private static final boolean[] SOCKET_ENTER = enters("socket", "accept", "accept4");
    private static final boolean[] CONTAINER_EVENT = enters("container");

    private FdFields() {
    }

    static void register(FieldRegistry r) {
        add(r, "fd.num", FieldType.INT64, "fd number", (c, t, f, o) -> num(o, c.state().currentFdNum()));
        add(r, "fd.type", FieldType.CHARBUF, "fd type: file, directory, ipv4, ipv6, unix, pipe, event...",
                (c, t, f, o) -> f != null && str(o, FdTypes.typeName(f.type())));
        add(r, "fd.typechar", FieldType.CHARBUF, "fd type as one character", (c, t, f, o) -> {
            o.appendByte(f != null ? f.typeChar() : guessTypeChar(c.event().type()));
            return true;
        });
        add(r, "fd.name", FieldType.CHARBUF, "full fd name (path, socket tuple...)", (c, t, f, o) -> {
            String name = name(c, t, f);
            return name != null && str(o, ParamRenderer.sanitize(name));
        });
        add(r, "fd.containername", FieldType.CHARBUF, "container id, ':' and fd.name",
                (c, t, f, o) -> withContainerId(o, t, name(c, t, f)));
        add(r, "fd.directory", FieldType.CHARBUF, "directory of a file fd", (c, t, f, o) -> {
            String dir = directory(c, t, f);
            return dir != null && str(o, ParamRenderer.sanitize(dir));
        });
        add(r, "fd.containerdirectory", FieldType.CHARBUF, "container id, ':' and fd.directory",
                (c, t, f, o) -> withContainerId(o, t, directory(c, t, f)));
        add(r, "fd.filename", FieldType.CHARBUF, "file name of a file fd, without its directory", (c, t, f, o) -> {
            if (f == null || !isFile(f)) {
                // e5c53d6: with no fd this is only tried on enter events, which never have a name
                return false;
            }
            String n = ParamRenderer.sanitize(f.name());
            int pos = n.lastIndexOf('/');
            if (pos < 0) {
                o.appendByte('/');
            } else if (pos < n.length() - 1) {
                o.append(n.substring(pos + 1));
            } else {
                o.append(n);
            }
            return true;
        });
        filterOnly(r, "fd.ip", FieldType.IPADDR, "matches the client or server ip of the fd");
        add(r, "fd.cip", FieldType.IPADDR, "client ip address", (c, t, f, o) -> {
            if (f == null || !f.roleKnown()) {
                return false;
            }
            if (f.type() == FdType.IPV4_SOCK) {
                IpFormat.appendIpv4(o, f.sip());
                return true;
            }
            if (f.type() == FdType.IPV6_SOCK) {
                IpFormat.appendIpv6(o, f.sip6());
                return true;
            }
            return false;
        });
        add(r, "fd.sip", FieldType.IPADDR, "server ip address", (c, t, f, o) -> {
            if (f == null || !f.roleKnown()) {
                return false;
            }
            if (f.type() == FdType.IPV4_SOCK || f.type() == FdType.IPV4_SERVSOCK) {
                IpFormat.appendIpv4(o, f.type() == FdType.IPV4_SOCK ? f.dip() : serverIp4(f));
                return true;
            }
            if (f.type() == FdType.IPV6_SOCK || f.type() == FdType.IPV6_SERVSOCK) {
                IpFormat.appendIpv6(o, f.type() == FdType.IPV6_SOCK ? f.dip6() : serverIp6(f));
                return true;
            }
            return false;
        });
        add(r, "fd.lip", FieldType.IPADDR, "local ip address", (c, t, f, o) -> localRemoteIp(c, t, f, o, true));
        add(r, "fd.rip", FieldType.IPADDR, "remote ip address", (c, t, f, o) -> localRemoteIp(c, t, f, o, false));
        filterOnly(r, "fd.port", FieldType.PORT, "matches the client or server port of the fd");
        add(r, "fd.cport", FieldType.PORT, "client port of a TCP/UDP fd", (c, t, f, o) -> {
            if (f == null || !f.roleKnown()) {
                return false;
            }
            if (f.type() == FdType.IPV4_SOCK || f.type() == FdType.IPV6_SOCK) {
                return num(o, f.sport());
            }
            // e5c53d6 falls through into fd.cproto, whose empty string then reads back as port 0
            return num(o, 0);
        });
        add(r, "fd.sport", FieldType.PORT, "server port of a TCP/UDP fd", (c, t, f, o) -> {
            int p = serverPort(f);
            return p >= 0 && num(o, p);
        });
        add(r, "fd.lport", FieldType.PORT, "local port of a TCP/UDP fd", (c, t, f, o) -> localRemotePort(c, t, f, o, true));
        add(r, "fd.rport", FieldType.PORT, "remote port of a TCP/UDP fd", (c, t, f, o) -> localRemotePort(c, t, f, o, false));
        add(r, "fd.l4proto", FieldType.CHARBUF, "ip protocol of a socket: tcp, udp, icmp or raw", (c, t, f, o) -> {
            if (f == null) {
                return false;
            }
            o.append(l4protoName(l4proto(f)));
            return true;
        });
        add(r, "fd.sockfamily", FieldType.CHARBUF, "socket family: ip or unix", (c, t, f, o) -> {
            if (f == null) {
                return false;
            }
            if (f.isIpv4Socket() || f.isIpv6Socket()) {
                return str(o, "ip");
            }
            return f.type() == FdType.UNIX_SOCK && str(o, "unix");
        });
        add(r, "fd.is_server", FieldType.BOOL, "true if this process is the server end of the connection",
                (c, t, f, o) -> {
                    if (f == null) {
                        return false;
                    }
                    boolean v = switch (f.type()) {
                        case FdType.IPV4_SERVSOCK, FdType.IPV6_SERVSOCK -> true;
                        case FdType.IPV4_SOCK -> StateAccess.isLocalIpv4(c.state(), f.dip(), t);
                        case FdType.IPV6_SOCK -> StateAccess.isLocalIpv6(c.state(), f.dip6(), t);
                        default -> false;
                    };
                    return bool(o, v);
                });
        add(r, "fd.uid", FieldType.CHARBUF, "thread id followed by the fd number", (c, t, f, o) -> {
            int type = c.event().type();
            if (type >= 0 && type < CONTAINER_EVENT.length && CONTAINER_EVENT[type]) {
                return false;
            }
            o.append(t.tid()).append(c.state().currentFdNum());
            return true;
        });
        filterOnly(r, "fd.proto", FieldType.PORT, "matches the client or server protocol of the fd");
        add(r, "fd.cproto", FieldType.CHARBUF, "client port as a protocol name (a number, without -R)",
                (c, t, f, o) -> {
                    if (f == null || !f.roleKnown()) {
                        return false;
                    }
                    if (f.type() == FdType.IPV4_SOCK || f.type() == FdType.IPV6_SOCK) {
                        num(o, f.sport());
                    }
                    return true;
                });
        add(r, "fd.sproto", FieldType.CHARBUF, "server port as a protocol name (a number, without -R)",
                (c, t, f, o) -> {
                    int p = serverPort(f);
                    if (p < 0) {
                        return false;
                    }
                    if (f.type() == FdType.IPV4_SOCK || f.type() == FdType.IPV6_SOCK) {
                        num(o, p);
                    }
                    return true;
                });
        add(r, "fd.lproto", FieldType.CHARBUF, "local port as a protocol name",
                (c, t, f, o) -> localRemotePort(c, t, f, o, true));
        add(r, "fd.rproto", FieldType.CHARBUF, "remote port as a protocol name",
                (c, t, f, o) -> localRemotePort(c, t, f, o, false));
        filterOnly(r, "fd.net", FieldType.IPNET, "matches the client or server network of the fd");
        filterOnly(r, "fd.cnet", FieldType.IPNET, "matches the client network of the fd");
        filterOnly(r, "fd.snet", FieldType.IPNET, "matches the server network of the fd");
        filterOnly(r, "fd.lnet", FieldType.IPNET, "matches the local network of the fd");
        filterOnly(r, "fd.rnet", FieldType.IPNET, "matches the remote network of the fd");
        add(r, "fd.connected", FieldType.BOOL, "true if the socket is connected",
                (c, t, f, o) -> f != null && bool(o, StateAccess.isConnected(f)));
        add(r, "fd.name_changed", FieldType.BOOL, "true if this event changed the fd's name",
                (c, t, f, o) -> f != null && bool(o, f.nameChangedBy(c.state().eventSeq())));
        // no DNS information in captures: these never have a value
        for (String side : new String[] {"cip", "sip", "lip", "rip"}) {
            add(r, "fd." + side + ".name", FieldType.CHARBUF, "domain name of fd." + side + " (not in captures)",
                    (c, t, f, o) -> false);
        }
        add(r, "fd.dev", FieldType.INT32, "device number of the file (hex)", (c, t, f, o) -> {
            if (f == null) {
                return false;
            }
            o.appendHex(f.dev() & 0xFFFFFFFFL, true);
            return true;
        });
        add(r, "fd.dev.major", FieldType.INT32, "major device number of the file",
                (c, t, f, o) -> f != null && num(o, (f.dev() & 0xFFF00) >>> 8));
        add(r, "fd.dev.minor", FieldType.INT32, "minor device number of the file",
                (c, t, f, o) -> f != null && num(o, (f.dev() & 0xFF) | ((f.dev() >>> 12) & 0xFFF00)));
        add(r, "fd.ino", FieldType.INT64, "inode of the file", (c, t, f, o) -> f != null && num(o, f.ino()));
        // libs HEAD fields
        add(r, "fd.nameraw", FieldType.CHARBUF, "a file's path as the open call gave it (fd.name before resolving)",
                (c, t, f, o) -> {
                    String raw = f != null ? f.nameRaw() : NullFdName.raw(c, t);
                    if (raw == null) {
                        return false;
                    }
                    appendWithoutDuplicateSlashes(o, raw);
                    return true;
                });
        r.add(new FieldDef("fd.types", FieldType.CHARBUF,
                "the distinct types of all the process's fds as a list, e.g. (file,ipv4); fd.types[N]: fd N's type",
                Arg.OPTIONAL, FdFields::typesExtractor));
        add(r, "fd.is_upper_layer", FieldType.BOOL, "true if the file is in the upper layer of an overlayfs",
                (c, t, f, o) -> f != null && bool(o, f.overlayUpper()));
        add(r, "fd.is_lower_layer", FieldType.BOOL, "true if the file is in a lower layer of an overlayfs",
                (c, t, f, o) -> f != null && bool(o, f.overlayLower()));
    }

    /** remove_duplicate_path_separators: "//" runs become one '/'. */
    private static void appendWithoutDuplicateSlashes(TextBuffer o, String s) {
        int from = 0;
        for (int at = s.indexOf("//"); at >= 0; at = s.indexOf("//", from)) {
            o.append(s.substring(from, at + 1));
            from = at + 1;
            while (from < s.length() && s.charAt(from) == '/') {
                from++;
            }
        }
        o.append(from == 0 ? s : s.substring(from));
    }

    /**
     * fd.types (libs HEAD): without an argument, the de-duplicated type names of every fd in the thread's table,
     * printed as a list "(file,pipe,ipv4)"; libs walks an unordered map, Peregrine lists them by ascending fd
     * number. With [N], fd N's type as a one-item list, no value if there is no such fd.
     */
    private static Extractor typesExtractor(String arg) {
        if (arg != null) {
            long fdNum;
            try {
                fdNum = Long.parseLong(arg.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("fd.types: '" + arg + "' is not an fd number");
            }
            if (fdNum != -1) {
                return FdPrinter.of((c, t, f, o) -> {
                    FdInfo one = StateAccess.fd(c.state(), t, fdNum);
                    if (one == null) {
                        return false;
                    }
                    o.appendByte('(').append(FdTypes.typeName(one.type())).appendByte(')');
                    return true;
                });
            }
        }
        return FdPrinter.of(new AllTypes());
    }

    /** fd.types over the whole table; reuses its buffers, so it allocates only when a table grows. */
    private static final class AllTypes implements FdPrinter, java.util.function.Consumer<FdInfo> {
        private long[] fds = new long[64];
        private int n;
        private final String[] seen = new String[32];

        @Override
        public void accept(FdInfo f) {
            if (n == fds.length) {
                fds = java.util.Arrays.copyOf(fds, n * 2);
            }
            fds[n++] = f.fd();
        }

        @Override
        public boolean print(EventContext c, ThreadInfo t, FdInfo f, TextBuffer o) {
            dev.peregrine.state.FdTable table = c.state().fdTable(t);
            n = 0;
            if (table != null) {
                table.forEach(this);
            }
            java.util.Arrays.sort(fds, 0, n);
            int nseen = 0;
            o.appendByte('(');
            for (int i = 0; i < n; i++) {
                FdInfo e = table.get(fds[i]);
                String type = e == null ? null : FdTypes.typeName(e.type());
                if (type == null || contains(seen, nseen, type)) {
                    continue;
                }
                if (nseen > 0) {
                    o.appendByte(',');
                }
                o.append(type);
                if (nseen < seen.length) {
                    seen[nseen++] = type;
                }
            }
            o.appendByte(')');
            return true;
        }

        private static boolean contains(String[] a, int n, String s) {
            for (int i = 0; i < n; i++) {
                if (a[i].equals(s)) {
                    return true;
                }
            }
            return false;
        }
    }

    // ---- helpers

    private static void add(FieldRegistry r, String name, FieldType type, String desc, FdPrinter p) {
        Extractor e = FdPrinter.of(p);
        r.add(new FieldDef(name, type, desc, Arg.NONE, a -> e));
    }

    private static void filterOnly(FieldRegistry r, String name, FieldType type, String desc) {
        r.add(new FieldDef(name, type, desc, Arg.NONE, a -> {
            throw new IllegalArgumentException(name + " is filter only and cannot be used as a display field");
        }));
    }

    static boolean isFile(FdInfo f) {
        return f.type() == FdType.FILE || f.type() == FdType.FILE_V2;
    }

    /** fd.name: the fd's name, or the name rebuilt from the event (also on a failed connect). */
    static String name(EventContext c, ThreadInfo t, FdInfo f) {
        if (f == null || isFailedConnect(c)) {
            return NullFdName.of(c, t);
        }
        return f.name();
    }

    /**
     * A failed connect exit in sysdig 0.29.3's layout (res, tuple), whose fd.name libsinsp then took from the event;
     * today's layout carries the fd, and current libsinsp names it by the socket (unchanged by the failure).
     */
    private static boolean isFailedConnect(EventContext c) {
        int type = c.event().type();
        return type >= 0 && type < CONNECT_EXIT.length && CONNECT_EXIT[type] && c.event().nparams() > 0
                && c.event().paramAsLong(0) < 0 && c.event().info().paramIndex("fd") < 0;
    }

    /** fd.containername, fd.containerdirectory: the thread's container id, ':' and the text; false without text. */
    private static boolean withContainerId(TextBuffer o, ThreadInfo t, String text) {
        if (text == null) {
            return false;
        }
        o.append(t.containerId()).appendByte(':').append(ParamRenderer.sanitize(text));
        return true;
    }

    private static String directory(EventContext c, ThreadInfo t, FdInfo f) {
        if (f == null) {
            String n = NullFdName.of(c, t);
            return n == null ? null : PathUtil.directoryOf(n);
        }
        if (isFile(f)) {
            return PathUtil.directoryOf(f.name());
        }
        return f.type() == FdType.DIRECTORY ? f.name() : null;
    }

    /** get_l4proto: raw for raw IP sockets, unknown without a role, the stored proto otherwise. */
    static int l4proto(FdInfo f) {
        if (f.type() == FdType.IPV4_SOCK || f.type() == FdType.IPV6_SOCK) {
            if (f.l4proto() == StateAccess.L4.RAW) {
                return StateAccess.L4.RAW;
            }
            return f.roleKnown() ? f.l4proto() : StateAccess.L4.UNKNOWN;
        }
        if (f.type() == FdType.IPV4_SERVSOCK || f.type() == FdType.IPV6_SERVSOCK) {
            return f.l4proto();
        }
        return StateAccess.L4.UNKNOWN;
    }

    static String l4protoName(int p) {
        return switch (p) {
            case StateAccess.L4.TCP -> "tcp";
            case StateAccess.L4.UDP -> "udp";
            case StateAccess.L4.ICMP -> "icmp";
            case StateAccess.L4.RAW -> "raw";
            default -> "<NA>";
        };
    }

    /** Listening sockets keep their own address in sip/sport. */
    private static int serverIp4(FdInfo f) {
        return f.sip();
    }

    private static byte[] serverIp6(FdInfo f) {
        return f.sip6();
    }

    /** fd.sport's value, or -1 for NA. Server sockets need no role. */
    private static int serverPort(FdInfo f) {
        if (f == null) {
            return -1;
        }
        return switch (f.type()) {
            case FdType.IPV4_SOCK, FdType.IPV6_SOCK -> f.roleKnown() ? f.dport() : -1;
            case FdType.IPV4_SERVSOCK, FdType.IPV6_SERVSOCK -> f.sport();
            default -> -1;
        };
    }

    private static boolean isLocal(EventContext c, ThreadInfo t, FdInfo f) {
        return f.type() == FdType.IPV4_SOCK ? StateAccess.isLocalIpv4(c.state(), f.sip(), t)
                : StateAccess.isLocalIpv6(c.state(), f.sip6(), t);
    }

    private static boolean localRemoteIp(EventContext c, ThreadInfo t, FdInfo f, TextBuffer o, boolean local) {
        if (f == null || (f.type() != FdType.IPV4_SOCK && f.type() != FdType.IPV6_SOCK) || !f.roleKnown()) {
            return false;
        }
        boolean sSide = isLocal(c, t, f) == local;
        if (f.type() == FdType.IPV4_SOCK) {
            IpFormat.appendIpv4(o, sSide ? f.sip() : f.dip());
        } else {
            IpFormat.appendIpv6(o, sSide ? f.sip6() : f.dip6());
        }
        return true;
    }

    private static boolean localRemotePort(EventContext c, ThreadInfo t, FdInfo f, TextBuffer o, boolean local) {
        if (f == null || (f.type() != FdType.IPV4_SOCK && f.type() != FdType.IPV6_SOCK) || !f.roleKnown()) {
            return false;
        }
        boolean sSide = isLocal(c, t, f) == local;
        return num(o, sSide ? f.sport() : f.dport());
    }

    /** fd.typechar without an fd: guessed from the event type. */
    private static char guessTypeChar(int type) {
        EventInfo e = type >= 0 ? EventTable.get().info(type) : null;
        if (e == null) {
            return 'o';
        }
        int enterType = e.enter() ? type : type - 1;
        if (enterType >= 0 && enterType < FILE_CREATOR_ENTER.length) {
            if (FILE_CREATOR_ENTER[enterType]) {
                return 'f';
            }
            if (SOCKET_ENTER[enterType]) {
                return '4';
            }
        }
        return switch (e.name()) {
            case "pipe" -> 'p';
            case "eventfd" -> 'e';
            case "signalfd" -> 's';
            case "timerfd_create" -> 't';
            case "inotify_init" -> 'i';
            default -> 'o';
        };
    }

    private static boolean[] exits(String... names) {
        return types(false, names);
    }

    private static boolean[] enters(String... names) {
        return types(true, names);
    }

    private static boolean[] types(boolean enter, String... names) {
        EventTable table = EventTable.get();
        boolean[] set = new boolean[table.size()];
        for (String n : names) {
            for (EventInfo e : table.byName(n)) {
                if (e.enter() == enter) {
                    set[e.id()] = true;
                }
            }
        }
        return set;
    }
}
