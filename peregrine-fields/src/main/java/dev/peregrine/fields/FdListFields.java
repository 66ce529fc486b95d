package dev.peregrine.fields;

import dev.peregrine.fields.FieldDef.Arg;
import dev.peregrine.scap.EventInfo;
import dev.peregrine.scap.EventTable;
import dev.peregrine.scap.EventView;
import dev.peregrine.scap.FdType;
import dev.peregrine.state.FdInfo;
import dev.peregrine.state.ThreadInfo;

/** The fdlist.* fields: the fds of a poll/ppoll event's fd list, comma-separated (libsinsp e5c53d6). */
final class FdListFields {
    private static final int NUMS = 0, NAMES = 1, CIPS = 2, SIPS = 3, CPORTS = 4, SPORTS = 5;
    /** Per event type: the index of the fd-list parameter, or -1. */
    private static final int[] LIST_PARAM = listParams();

    private FdListFields() {
    }

    static void register(FieldRegistry r) {
        add(r, "fdlist.nums", "fd numbers of a poll event's fd list", NUMS);
        add(r, "fdlist.names", "fd names of a poll event's fd list", NAMES);
        add(r, "fdlist.cips", "client ips of a poll event's fd list", CIPS);
        add(r, "fdlist.sips", "server ips of a poll event's fd list", SIPS);
        add(r, "fdlist.cports", "client ports of a poll event's fd list", CPORTS);
        add(r, "fdlist.sports", "server ports of a poll event's fd list", SPORTS);
    }

    private static void add(FieldRegistry r, String name, String desc, int kind) {
        Extractor e = (ctx, out) -> print(ctx, out, kind);
        r.add(new FieldDef(name, FieldType.CHARBUF, desc, Arg.NONE, a -> e));
    }

    private static int[] listParams() {
        EventTable table = EventTable.get();
        int[] p = new int[table.size()];
        java.util.Arrays.fill(p, -1);
        for (String n : new String[] {"poll", "ppoll"}) {
            for (EventInfo e : table.byName(n)) {
                p[e.id()] = e.enter() ? 0 : 1;
            }
        }
        return p;
    }

    private static boolean print(EventContext ctx, TextBuffer out, int kind) {
        EventView ev = ctx.event();
        int type = ev.type();
        int param = type >= 0 && type < LIST_PARAM.length ? LIST_PARAM[type] : -1;
        ThreadInfo t = ctx.thread();
        if (param < 0 || param >= ev.nparams() || ev.paramLength(param) < 2 || t == null) {
            return false;
        }
        long off = ev.paramOffset(param);
        int nfds = ev.u16(off);
        int start = out.length();
        long pos = off + 2;
        for (int j = 0; j < nfds; j++) {
            long fd = ev.u64(pos);
            FdInfo f = StateAccess.fd(ctx.state(), t, fd);
            if (appendOne(out, kind, fd, f)) {
                out.appendByte(',');
            }
            pos += 10;
        }
        if (out.length() == start) {
            return false;
        }
        if (out.byteAt(out.length() - 1) == ',') {
            out.setLength(out.length() - 1);
        }
        return true;
    }

    /** A connected IPv4 or IPv6 socket's client (source) or server (destination) address; false for other fds. */
    private static boolean appendSocketIp(TextBuffer out, FdInfo f, boolean client) {
        if (f != null && f.type() == FdType.IPV4_SOCK) {
            IpFormat.appendIpv4(out, client ? f.sip() : f.dip());
            return true;
        }
        if (f != null && f.type() == FdType.IPV6_SOCK) {
            IpFormat.appendIpv6(out, client ? f.sip6() : f.dip6());
            return true;
        }
        return false;
    }

    /** Appends one entry; returns false (nothing appended) when the entry is skipped. */
    private static boolean appendOne(TextBuffer out, int kind, long fd, FdInfo f) {
        switch (kind) {
            case NUMS:
                out.append(fd);
                return true;
            case NAMES:
                out.append(f != null && !f.name().isEmpty() ? f.name() : "<NA>");
                return true;
            case CIPS:
                return appendSocketIp(out, f, true);
            case SIPS:
                if (appendSocketIp(out, f, false)) {
                    return true;
                }
                if (f != null && f.type() == FdType.IPV4_SERVSOCK) {
                    IpFormat.appendIpv4(out, f.sip() != 0 ? f.sip() : f.dip());
                    return true;
                }
                if (f != null && f.type() == FdType.IPV6_SERVSOCK) {
                    // e5c53d6 formats an IPv6 server address with AF_INET: its first four bytes
                    byte[] a = f.sip6() != null ? f.sip6() : f.dip6();
                    int v4 = a == null ? 0 : (a[0] & 0xFF) | (a[1] & 0xFF) << 8 | (a[2] & 0xFF) << 16 | (a[3] & 0xFF) << 24;
                    IpFormat.appendIpv4(out, v4);
                    return true;
                }
                return false;
            case CPORTS:
                if (f != null && (f.type() == FdType.IPV4_SOCK || f.type() == FdType.IPV6_SOCK)) {
                    out.append(f.sport());
                    return true;
                }
                return false;
            case SPORTS:
                if (f != null && (f.type() == FdType.IPV4_SOCK || f.type() == FdType.IPV6_SOCK)) {
                    out.append(f.dport());
                    return true;
                }
                return false;
            default:
                return false;
        }
    }
}
