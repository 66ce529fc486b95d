package dev.peregrine.state;

import dev.peregrine.scap.FdType;

/**
 * One open file descriptor: what it refers to (a path, a socket with its tuple, a pipe...) and how it was opened.
 * For sockets, "client" and "server" follow libsinsp: sip/sport are the client side, dip/dport the server side.
 */
public final class FdInfo {
    long fd;
    int type = FdType.UNKNOWN;
    String name = "";
    int openFlags;
    int dev;
    long ino;
    int l4proto;
    int sockFamily;
    int sip;
    int dip;
    byte[] sip6;
    byte[] dip6;
    int sport;
    int dport;
    /** Socket role: true if this process accepted or listens (server), false if it connected (client). */
    boolean server;
    boolean roleKnown;
    long unixSource;
    long unixDest;
    /** The name as it was first set. */
    String oldName;
    /** The event (SystemState.eventSeq) that last set or changed the name: fd.name_changed. */
    long renamedAt;
    /** libsinsp fd flags (FLAG_* below). */
    int flags;
    /** libs HEAD m_name_raw: a file's path as the open call gave it ("" for fds not opened by path). */
    String nameRaw = "";
    /** libs HEAD overlay flags of a file (FLAGS_OVERLAY_UPPER / _LOWER), from the open exit's flags. */
    boolean overlayUpper;
    boolean overlayLower;
    /** A pidfd's process (pidfd_open's pid). */
    long pid;

    /** libsinsp sinsp_fdinfo_t flags. */
    public static final int FLAG_FROM_PROC = 1, FLAG_CLOSE_IN_PROGRESS = 1 << 3, FLAG_CLOSE_CANCELED = 1 << 4,
            FLAG_IS_TRACER_FILE = 1 << 6, FLAG_CONNECTED = 1 << 13, FLAG_IS_CLONED = 1 << 16;

    FdInfo(long fd, int type, String name) {
        this.fd = fd;
        this.type = type;
        this.name = name;
    }

    public long fd() { return fd; }
    public int type() { return type; }
    public String name() { return name; }
    public int openFlags() { return openFlags; }
    public int dev() { return dev; }
    public long ino() { return ino; }
    public int l4proto() { return l4proto; }
    public int sockFamily() { return sockFamily; }
    public int sip() { return sip; }
    public int dip() { return dip; }
    public byte[] sip6() { return sip6; }
    public byte[] dip6() { return dip6; }
    public int sport() { return sport; }
    public int dport() { return dport; }
    public boolean isServer() { return server; }
    public boolean roleKnown() { return roleKnown; }
    public long unixSource() { return unixSource; }
    public long unixDest() { return unixDest; }
    public String oldName() { return oldName; }
    /** fd.nameraw: the path as given to open/openat/creat ("" for other fds), libs HEAD m_name_raw. */
    public String nameRaw() { return nameRaw; }
    /** fd.is_upper_layer: the file is in the upper layer of an overlayfs (reported by newer drivers). */
    public boolean overlayUpper() { return overlayUpper; }
    /** fd.is_lower_layer: the file is in a lower layer of an overlayfs (reported by newer drivers). */
    public boolean overlayLower() { return overlayLower; }

    /** libsinsp's fd.name_changed: the name was set or changed by the event just processed. */
    public boolean nameChangedBy(long eventSeq) { return renamedAt == eventSeq && renamedAt != 0; }
    public int flags() { return flags; }
    /** fd.connected. */
    public boolean connected() { return (flags & FLAG_CONNECTED) != 0; }
    /** A client socket: role known and not server. */
    public boolean isClient() { return roleKnown && !server; }
    /** Role none: neither client nor server yet (fd.cip etc. are NA). */
    public boolean roleNone() { return !roleKnown; }

    public boolean isIpv4Socket() { return type == FdType.IPV4_SOCK || type == FdType.IPV4_SERVSOCK; }
    public boolean isIpv6Socket() { return type == FdType.IPV6_SOCK || type == FdType.IPV6_SERVSOCK; }
    public boolean isSocket() { return isIpv4Socket() || isIpv6Socket() || type == FdType.UNIX_SOCK || type == FdType.NETLINK; }

    /** The one-letter type libsinsp shows in fd names ("f" file, "4" IPv4 socket...). */
    public char typeChar() {
        return FdTypes.typeChar(type);
    }

    FdInfo copy() {
        FdInfo c = new FdInfo(fd, type, name);
        c.openFlags = openFlags;
        c.pid = pid;
        c.dev = dev;
        c.ino = ino;
        c.l4proto = l4proto;
        c.sockFamily = sockFamily;
        c.sip = sip;
        c.dip = dip;
        c.sip6 = sip6;
        c.dip6 = dip6;
        c.sport = sport;
        c.dport = dport;
        c.server = server;
        c.roleKnown = roleKnown;
        c.unixSource = unixSource;
        c.unixDest = unixDest;
        c.oldName = name; // libsinsp copies the snapshot taken when the source fd was looked up
        c.flags = flags;
        c.nameRaw = nameRaw;
        c.overlayUpper = overlayUpper;
        c.overlayLower = overlayLower;
        return c;
    }

    @Override
    public String toString() {
        return "FdInfo[" + fd + " " + typeChar() + " " + name + "]";
    }
}
