package dev.peregrine.scap;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Parses the bodies of metadata blocks (machine info, process, fd, interface and user lists). */
final class MetadataParser {
    private static final int MACHINE_HOSTNAME_LEN = 128;

    private MetadataParser() {
    }

    /** Parses one metadata block body into {@code into}; returns false for a block type it does not know. */
    static boolean parse(int type, byte[] body, CaptureMetadata into) {
        ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        int plVersion = BlockType.processListVersion(type);
        if (plVersion > 0) {
            processList(b, plVersion, into.threads());
            return true;
        }
        switch (type) {
            case BlockType.MI, BlockType.MI_INT -> into.machineInfo(machineInfo(b));
            case BlockType.FDL, BlockType.FDL_INT -> fdList(b, false, into.fds());
            case BlockType.FDL_V2 -> fdList(b, true, into.fds());
            case BlockType.IL, BlockType.IL_INT -> interfaceList(b, false, into.interfaces());
            case BlockType.IL_V2 -> interfaceList(b, true, into.interfaces());
            case BlockType.UL, BlockType.UL_INT -> userList(b, false, into);
            case BlockType.UL_V2 -> userList(b, true, into);
            default -> {
                return false;
            }
        }
        return true;
    }

    private static MachineInfo machineInfo(ByteBuffer b) {
        int cpus = b.getInt();
        long mem = b.getLong();
        long maxPid = b.getLong();
        byte[] host = new byte[MACHINE_HOSTNAME_LEN];
        b.get(host);
        long boot = b.remaining() >= 8 ? b.getLong() : 0;
        long flags = b.remaining() >= 8 ? b.getLong() : 0;
        return new MachineInfo(cpus, mem, maxPid, cString(host, 0, host.length), boot, flags);
    }

    private static void processList(ByteBuffer b, int version, List<ThreadEntry> out) {
        // a process's threads, and a container's processes, list the same cgroups: one list serves each run of them
        byte[] lastCgroups = null;
        List<String> cgroups = List.of();
        while (b.remaining() >= 4) {
            int entryStart = b.position();
            long entryLen = 0;
            if (version == 9) {
                entryLen = b.getInt() & 0xFFFFFFFFL;
            }
            ThreadEntry t = new ThreadEntry();
            t.tid = b.getLong();
            t.pid = b.getLong();
            t.ptid = b.getLong();
            if (version >= 6) {
                t.sid = b.getLong();
            }
            if (version >= 8) {
                t.vpgid = b.getLong();
            }
            t.comm = lenString(b);
            t.exe = lenString(b);
            if (version >= 7) {
                t.exepath = lenString(b);
            }
            t.args = NulStrings.lazy(lenBytes(b));
            t.cwd = lenString(b);
            t.fdlimit = b.getLong();
            t.flags = b.getInt();
            t.uid = b.getInt();
            t.gid = b.getInt();
            if (version >= 2) {
                t.vmsizeKb = b.getInt() & 0xFFFFFFFFL;
                t.vmrssKb = b.getInt() & 0xFFFFFFFFL;
                t.vmswapKb = b.getInt() & 0xFFFFFFFFL;
                t.pfMajor = b.getLong();
                t.pfMinor = b.getLong();
            }
            if (version >= 3) {
                t.env = NulStrings.lazy(lenBytes(b));
            }
            if (version >= 4) {
                t.vtid = b.getLong();
                t.vpid = b.getLong();
                byte[] raw = lenBytes(b);
                if (!Arrays.equals(raw, lastCgroups)) {
                    lastCgroups = raw;
                    cgroups = List.copyOf(NulStrings.split(raw));
                }
                t.cgroups = cgroups;
            }
            if (version >= 5) {
                t.root = lenString(b);
            }
            if (version == 9) {
                long end = entryStart + entryLen;
                readV9Tail(b, t, end);
                endEntry(b, entryStart, entryLen);
            }
            out.add(t);
        }
    }

    /** Fields appended to v9 entries over time, each read only if it fits in the entry. */
    private static void readV9Tail(ByteBuffer b, ThreadEntry t, long end) {
        // Writers older than libs 0.10 lack pidns_init_start_ts and tty: their tail is at most 29 bytes.
        if (end - b.position() > 29) {
            if (fits(b, end, 8)) t.pidnsInitStartTs = b.getLong();
            if (fits(b, end, 4)) t.tty = b.getInt();
        }
        if (fits(b, end, 4)) t.loginuid = b.getInt();
        if (fits(b, end, 1)) t.exeWritable = b.get() != 0;
        if (fits(b, end, 8)) t.capInheritable = b.getLong();
        if (fits(b, end, 8)) t.capPermitted = b.getLong();
        if (fits(b, end, 8)) t.capEffective = b.getLong();
        if (fits(b, end, 1)) t.exeUpperLayer = b.get() != 0;
        if (fits(b, end, 8)) t.exeIno = b.getLong();
        if (fits(b, end, 8)) t.exeInoCtime = b.getLong();
        if (fits(b, end, 8)) t.exeInoMtime = b.getLong();
        if (fits(b, end, 1)) t.exeFromMemfd = b.get() != 0;
        if (fits(b, end, 1)) t.exeLowerLayer = b.get() != 0;
        if (fits(b, end, 8)) t.pgid = b.getLong();
    }

    /**
     * Moves to the end of an entry that declares its length, skipping fields this parser does not know. A length of
     * 0 means "not given" (as in libscap); a length shorter than the fields already read is corrupt, and so is one
     * running past the block. Never moves backwards, so a corrupt length cannot make a parser loop.
     */
    private static void endEntry(ByteBuffer b, int entryStart, long entryLen) {
        if (entryLen == 0) {
            return;
        }
        long end = entryStart + entryLen;
        if (end < b.position()) {
            throw new IllegalArgumentException("entry length " + entryLen + " is shorter than its fields ("
                    + (b.position() - entryStart) + " bytes)");
        }
        if (end > b.limit()) {
            throw new IllegalArgumentException("entry length " + entryLen + " runs past the end of its block");
        }
        b.position((int) end);
    }

    private static boolean fits(ByteBuffer b, long end, int n) {
        return b.position() + n <= end;
    }

    private static void fdList(ByteBuffer b, boolean v2, List<FdEntry> out) {
        long tid = b.getLong();
        while (b.remaining() >= 4) {
            int entryStart = b.position();
            long entryLen = v2 ? b.getInt() & 0xFFFFFFFFL : 0;
            long fd = b.getLong();
            long ino = b.getLong();
            int type = b.get() & 0xFF;
            String name = "";
            int openFlags = 0, dev = 0, sip = 0, dip = 0, sport = 0, dport = 0, l4 = 0;
            byte[] sip6 = null, dip6 = null;
            long usrc = 0, udst = 0;
            switch (type) {
                case FdType.IPV4_SOCK -> {
                    sip = b.getInt();
                    dip = b.getInt();
                    sport = b.getShort() & 0xFFFF;
                    dport = b.getShort() & 0xFFFF;
                    l4 = b.get() & 0xFF;
                }
                case FdType.IPV4_SERVSOCK -> {
                    sip = b.getInt();
                    sport = b.getShort() & 0xFFFF;
                    l4 = b.get() & 0xFF;
                }
                case FdType.IPV6_SOCK -> {
                    sip6 = bytes(b, 16);
                    dip6 = bytes(b, 16);
                    sport = b.getShort() & 0xFFFF;
                    dport = b.getShort() & 0xFFFF;
                    l4 = b.get() & 0xFF;
                }
                case FdType.IPV6_SERVSOCK -> {
                    sip6 = bytes(b, 16);
                    sport = b.getShort() & 0xFFFF;
                    l4 = b.get() & 0xFF;
                }
                case FdType.UNIX_SOCK -> {
                    usrc = b.getLong();
                    udst = b.getLong();
                    name = lenString(b);
                }
                case FdType.FILE_V2 -> {
                    openFlags = b.getInt();
                    name = lenString(b);
                    if (v2 && b.position() + 4 <= entryStart + entryLen) {
                        dev = b.getInt();
                    }
                }
                case FdType.FILE, FdType.DIRECTORY, FdType.FIFO, FdType.EVENT, FdType.UNSUPPORTED,
                     FdType.SIGNALFD, FdType.EVENTPOLL, FdType.INOTIFY, FdType.TIMERFD, FdType.NETLINK,
                     FdType.BPF, FdType.USERFAULTFD, FdType.IOURING, FdType.MEMFD, FdType.PIDFD ->
                        name = lenString(b);
                default -> type = FdType.UNSUPPORTED;
            }
            if (v2) {
                endEntry(b, entryStart, entryLen);
            }
            out.add(new FdEntry(tid, fd, ino, type, name, openFlags, dev, sip, dip, sip6, dip6, sport, dport, l4,
                    usrc, udst));
        }
    }

    private static void interfaceList(ByteBuffer b, boolean v2, List<InterfaceEntry> out) {
        while (b.remaining() >= 4) {
            int entryLen = v2 ? b.getInt() : 0;
            int entryStart = b.position();
            int type = b.getShort() & 0xFFFF;
            int nameLen = b.getShort() & 0xFFFF;
            InterfaceEntry e;
            switch (type) {
                case 1, 3 -> {
                    int addr = b.getInt(), mask = b.getInt(), bcast = b.getInt();
                    long speed = type == 1 ? b.getLong() : 0;
                    e = new InterfaceEntry(false, string(b, nameLen), addr, mask, bcast, null, null, null, speed);
                }
                case 2, 4 -> {
                    byte[] addr = bytes(b, 16), mask = bytes(b, 16), bcast = bytes(b, 16);
                    long speed = type == 2 ? b.getLong() : 0;
                    e = new InterfaceEntry(true, string(b, nameLen), 0, 0, 0, addr, mask, bcast, speed);
                }
                default -> throw new IllegalArgumentException("unknown interface type " + type);
            }
            if (v2) {
                endEntry(b, entryStart, entryLen & 0xFFFFFFFFL);
            }
            out.add(e);
        }
    }

    private static void userList(ByteBuffer b, boolean v2, CaptureMetadata into) {
        while (b.remaining() >= 4) {
            int entryStart = b.position();
            int entryLen = v2 ? b.getInt() : 0;
            int type = b.get() & 0xFF;
            if (type == 0) {
                int uid = b.getInt(), gid = b.getInt();
                String name = lenString(b), home = lenString(b), shell = lenString(b);
                into.users().add(new UserEntry(uid, gid, name, home, shell));
            } else if (type == 1) {
                int gid = b.getInt();
                into.groups().add(new GroupEntry(gid, lenString(b)));
            } else {
                throw new IllegalArgumentException("unknown user-list entry type " + type);
            }
            if (v2) {
                endEntry(b, entryStart, entryLen & 0xFFFFFFFFL);
            }
        }
    }

    private static byte[] bytes(ByteBuffer b, int n) {
        byte[] a = new byte[n];
        b.get(a);
        return a;
    }

    private static byte[] lenBytes(ByteBuffer b) {
        return bytes(b, b.getShort() & 0xFFFF);
    }

    private static String lenString(ByteBuffer b) {
        byte[] a = lenBytes(b);
        return cString(a, 0, a.length);
    }

    private static String string(ByteBuffer b, int n) {
        byte[] a = bytes(b, n);
        return cString(a, 0, n);
    }

    /** Bytes up to the first NUL (or the end), as UTF-8. */
    static String cString(byte[] a, int from, int to) {
        int end = from;
        while (end < to && a[end] != 0) {
            end++;
        }
        return new String(a, from, end - from, StandardCharsets.UTF_8);
    }


    static RuntimeException underflow(BufferUnderflowException e) {
        return new IllegalArgumentException("entry runs past the end of its block", e);
    }
}
