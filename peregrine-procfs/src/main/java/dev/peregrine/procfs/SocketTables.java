package dev.peregrine.procfs;

import dev.peregrine.scap.FdType;
import dev.peregrine.scap.L4Proto;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The sockets of one network namespace by inode, from its net/ tables (scap_fd_read_sockets): tcp, udp, raw, unix,
 * netlink, then tcp6, udp6, raw6. An inet socket with a zero remote address is a server socket, as in libscap.
 */
final class SocketTables {
    /** A socket's data; fd and tid are filled in per fd. Addresses are as the tables print them (see FdEntry). */
    record Sock(int type, int sip, int dip, byte[] sip6, byte[] dip6, int sport, int dport, int l4proto,
                long unixSource, String name) {
    }

    private final Map<Long, Sock> byInode = new HashMap<>();

    static SocketTables read(Path netDir) {
        SocketTables t = new SocketTables();
        t.inet(netDir.resolve("tcp"), L4Proto.TCP, false);
        t.inet(netDir.resolve("udp"), L4Proto.UDP, false);
        t.inet(netDir.resolve("raw"), L4Proto.RAW, false);
        t.unix(netDir.resolve("unix"));
        t.netlink(netDir.resolve("netlink"));
        t.inet(netDir.resolve("tcp6"), L4Proto.TCP, true);
        t.inet(netDir.resolve("udp6"), L4Proto.UDP, true);
        t.inet(netDir.resolve("raw6"), L4Proto.RAW, true);
        return t;
    }

    Sock get(long inode) {
        return byInode.get(inode);
    }

    int size() {
        return byInode.size();
    }

    /** "sl local rem st queues tr retrnsmt uid timeout inode ...": addresses are hex, as the kernel's u32 words. */
    private void inet(Path file, int l4, boolean v6) {
        String text = ProcFiles.text(file);
        if (text == null) {
            return;
        }
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || !f[0].endsWith(":")) {
                continue;
            }
            try {
                int ls = f[1].indexOf(':'), rs = f[2].indexOf(':');
                int sport = Integer.parseInt(f[1].substring(ls + 1), 16);
                int dport = Integer.parseInt(f[2].substring(rs + 1), 16);
                long ino = Long.parseLong(f[9]);
                if (v6) {
                    byte[] sip = ipv6(f[1].substring(0, ls)), dip = ipv6(f[2].substring(0, rs));
                    boolean server = isZero(dip);
                    byInode.put(ino, new Sock(server ? FdType.IPV6_SERVSOCK : FdType.IPV6_SOCK, 0, 0, sip,
                            server ? null : dip, sport, server ? 0 : dport, l4, 0, ""));
                } else {
                    int sip = (int) Long.parseLong(f[1].substring(0, ls), 16);
                    int dip = (int) Long.parseLong(f[2].substring(0, rs), 16);
                    boolean server = dip == 0;
                    byInode.put(ino, new Sock(server ? FdType.IPV4_SERVSOCK : FdType.IPV4_SOCK, sip, server ? 0 : dip,
                            null, null, sport, server ? 0 : dport, l4, 0, ""));
                }
            } catch (RuntimeException e) {
                // a malformed line is skipped, like libscap's parser does
            }
        }
    }

    /** Four hex u32 words, each stored little-endian: the address bytes in network order. */
    static byte[] ipv6(String hex) {
        byte[] a = new byte[16];
        for (int w = 0; w < 4; w++) {
            long v = Long.parseLong(hex.substring(w * 8, w * 8 + 8), 16);
            for (int i = 0; i < 4; i++) {
                a[w * 4 + i] = (byte) (v >>> (8 * i));
            }
        }
        return a;
    }

    private static boolean isZero(byte[] a) {
        for (byte b : a) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** "Num: RefCount Protocol Flags Type St Inode [Path]": Num is the kernel socket address (the unix source). */
    private void unix(Path file) {
        String text = ProcFiles.text(file);
        if (text == null) {
            return;
        }
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+", 8);
            if (f.length < 7 || !f[0].endsWith(":")) {
                continue;
            }
            try {
                long source = Long.parseUnsignedLong(f[0].substring(0, f[0].length() - 1), 16);
                long ino = Long.parseLong(f[6]);
                String path = f.length > 7 ? f[7] : "";
                byInode.put(ino, new Sock(FdType.UNIX_SOCK, 0, 0, null, null, 0, 0, 0, source, path));
            } catch (RuntimeException e) {
                // header or malformed line
            }
        }
    }

    /** "sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode". */
    private void netlink(Path file) {
        String text = ProcFiles.text(file);
        if (text == null) {
            return;
        }
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || line.startsWith("s")) {
                continue;
            }
            try {
                byInode.put(Long.parseLong(f[9]), new Sock(FdType.NETLINK, 0, 0, null, null, 0, 0, 0, 0, ""));
            } catch (RuntimeException e) {
                // malformed line
            }
        }
    }
}
