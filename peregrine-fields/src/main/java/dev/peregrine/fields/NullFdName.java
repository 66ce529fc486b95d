package dev.peregrine.fields;

import dev.peregrine.scap.EventInfo;
import dev.peregrine.scap.EventTable;
import dev.peregrine.scap.EventView;
import dev.peregrine.state.FdInfo;
import dev.peregrine.state.ThreadInfo;

import java.nio.charset.StandardCharsets;

/**
 * The fd name libsinsp rebuilds from the event when there is no fd (extract_fdname_from_creator): a failed open's
 * path, a failed connect's tuple, or "" for other exits. Only reached on failures, so it may allocate.
 */
final class NullFdName {
    private static final byte NONE = 0, PATH_P1 = 1, TUPLE_P1 = 2, OPENAT = 3, OTHER_EXIT = 4;
    private static final byte[] KIND = kinds();
    private static final int AT_FDCWD = -100;

    private NullFdName() {
    }

    private static byte[] kinds() {
        EventTable table = EventTable.get();
        byte[] k = new byte[table.size()];
        for (EventInfo e : table.exits()) {
            k[e.id()] = switch (e.name()) {
                case "open", "creat" -> PATH_P1;
                case "accept", "accept4", "connect" -> TUPLE_P1;
                case "openat", "openat2" -> OPENAT;
                default -> OTHER_EXIT;
            };
        }
        return k;
    }

    /** The rebuilt name, or null when there is none (enter events, an old openat without its enter). */
    static String of(EventContext ctx, ThreadInfo t) {
        EventView ev = ctx.event();
        int type = ev.type();
        byte kind = type >= 0 && type < KIND.length ? KIND[type] : NONE;
        switch (kind) {
            case PATH_P1: {
                if (ev.nparams() < 2) {
                    return "";
                }
                byte[] raw = ev.paramBytes(1);
                String path = sanitized(raw);
                if (raw.length > 0 && !path.startsWith("<NA>") && !path.isEmpty() && path.charAt(0) != '/') {
                    return PathUtil.concatenate(cwd(ctx, t), path);
                }
                return path;
            }
            case TUPLE_P1:
                return ev.nparams() < 2 ? "" : tuple(ev, 1);
            case OPENAT: {
                EventInfo info = ev.info();
                int nameIdx = info.paramIndex("name");
                int dirIdx = info.paramIndex("dirfd");
                if (nameIdx < 0 || dirIdx < 0 || nameIdx >= ev.nparams()) {
                    return null;
                }
                String name = ev.paramString(nameIdx);
                long dirfd = ev.paramAsLong(dirIdx);
                return PathUtil.concatenate(dirBase(ctx, t, name, dirfd), name);
            }
            case OTHER_EXIT:
                return "";
            default:
                return null;
        }
    }

    /**
     * fd.nameraw's name without an fd (libs HEAD extract_fdname_from_event with fd_nameraw): as {@link #of},
     * except that openat/openat2 exits give their name parameter as it is (no value if empty or absent) and
     * open_by_handle_at exits their path parameter.
     */
    static String raw(EventContext ctx, ThreadInfo t) {
        EventView ev = ctx.event();
        int type = ev.type();
        byte kind = type >= 0 && type < KIND.length ? KIND[type] : NONE;
        if (kind == OPENAT) {
            int nameIdx = ev.info().paramIndex("name");
            if (nameIdx < 0 || nameIdx >= ev.nparams() || ev.paramLength(nameIdx) == 0) {
                return null;
            }
            return ev.paramString(nameIdx);
        }
        if (kind == OTHER_EXIT && ev.info().name().equals("open_by_handle_at")) {
            return ev.nparams() > 3 ? ev.paramString(3) : "";
        }
        return of(ctx, t);
    }

    /** parse_dirfd: "." for an absolute name, the cwd for AT_FDCWD, the dir fd's name + "/", or "<UNKNOWN>". */
    static String dirBase(EventContext ctx, ThreadInfo t, String name, long dirfd) {
        if (!name.isEmpty() && name.charAt(0) == '/') {
            return ".";
        }
        if (dirfd == AT_FDCWD) {
            return cwd(ctx, t);
        }
        FdInfo dir = StateAccess.fd(ctx.state(), t, dirfd);
        return dir == null ? "<UNKNOWN>" : dir.name() + "/";
    }

    static String cwd(EventContext ctx, ThreadInfo t) {
        return ctx.state().cwdOf(t);
    }

    /** strcpy_sanitized: up to the first NUL, with non-printable bytes (and bytes >= 0x80) shown as '.'. */
    static String sanitized(byte[] raw) {
        int n = 0;
        while (n < raw.length && raw[n] != 0) {
            n++;
        }
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            int u = raw[i] & 0xFF;
            b[i] = u < 0x20 || u == 0x7F || u >= 0x80 && u != 0xFF ? (byte) '.' : raw[i];
        }
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** A PT_SOCKTUPLE parameter rendered as libsinsp prints it. */
    static String tuple(EventView ev, int i) {
        int len = ev.paramLength(i);
        if (len == 0) {
            return "NULL";
        }
        long off = ev.paramOffset(i);
        int family = ev.u8(off);
        TextBuffer out = new TextBuffer(64);
        if (family == 2) {
            if (len != 13) {
                return "INVALID IPv4";
            }
            IpFormat.appendIpv4(out, ev.u32(off + 1));
            out.appendByte(':').append(ev.u16(off + 5)).append("->");
            IpFormat.appendIpv4(out, ev.u32(off + 7));
            out.appendByte(':').append(ev.u16(off + 11));
        } else if (family == 10) {
            if (len != 37) {
                return "INVALID IPv6";
            }
            byte[] s = new byte[16];
            byte[] d = new byte[16];
            for (int k = 0; k < 16; k++) {
                s[k] = ev.u8(off + 1 + k);
                d[k] = ev.u8(off + 19 + k);
            }
            if (IpFormat.isV4Mapped(s) && IpFormat.isV4Mapped(d)) {
                IpFormat.appendIpv4(out, ev.u32(off + 13));
                out.appendByte(':').append(ev.u16(off + 17)).append("->");
                IpFormat.appendIpv4(out, ev.u32(off + 31));
                out.appendByte(':').append(ev.u16(off + 35));
            } else {
                IpFormat.appendIpv6(out, s);
                out.appendByte(':').append(ev.u16(off + 17)).append("->");
                IpFormat.appendIpv6(out, d);
                out.appendByte(':').append(ev.u16(off + 35));
            }
        } else if (family == 1) {
            out.appendHex(ev.u64(off + 1), false).append("->").appendHex(ev.u64(off + 9), false).appendByte(' ');
            byte[] path = new byte[Math.max(0, len - 17)];
            for (int k = 0; k < path.length; k++) {
                path[k] = ev.u8(off + 17 + k);
            }
            out.append(sanitized(path));
        } else {
            return "family " + family;
        }
        return out.toString();
    }
}
