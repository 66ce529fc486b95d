package dev.peregrine.scap.synthetic;

import dev.peregrine.scap.FdEntry;
import dev.peregrine.scap.FdType;
import dev.peregrine.scap.GroupEntry;
import dev.peregrine.scap.InterfaceEntry;
import dev.peregrine.scap.MachineInfo;
import dev.peregrine.scap.ThreadEntry;
import dev.peregrine.scap.UserEntry;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The metadata blocks of a libscap 1.2 capture, in the layouts libscap's scap_savefile writes (machine info,
 * IL_V2, UL_V2, PL_V9, FDL_V2), each framed as a block: u32 type, u32 total length, body, zero padding to a
 * multiple of 4, u32 total length.
 */
final class MetadataBlocks {
    private static final int MI = 0x201, IL_V2 = 0x219, UL_V2 = 0x220, PL_V9 = 0x215, FDL_V2 = 0x218;
    private static final int HOSTNAME_LEN = 128;

    private MetadataBlocks() {
    }

    static byte[] machine(MachineInfo m) {
        byte[] host = new byte[HOSTNAME_LEN];
        byte[] h = m.hostname().getBytes(StandardCharsets.UTF_8);
        System.arraycopy(h, 0, host, 0, Math.min(h.length, HOSTNAME_LEN - 1));
        return new Sink().u32(m.numCpus()).u64(m.memorySizeBytes()).u64(m.maxPid()).bytes(host)
                .u64(m.bootTsEpoch()).u64(m.flags()).block(MI);
    }

    /** Entries: u32 length (not counting itself), u16 type (1 IPv4, 2 IPv6, with link speed), u16 name length. */
    static byte[] interfaces(List<InterfaceEntry> interfaces) {
        Sink b = new Sink();
        for (InterfaceEntry i : interfaces) {
            byte[] name = i.name().getBytes(StandardCharsets.UTF_8);
            Sink e = new Sink().u16(i.ipv6() ? 2 : 1).u16(name.length);
            if (i.ipv6()) {
                e.bytes(i.addr6()).bytes(i.netmask6()).bytes(i.bcast6());
            } else {
                e.u32(i.addr()).u32(i.netmask()).u32(i.bcast());
            }
            e.u64(i.linkspeed()).bytes(name);
            b.u32(e.size()).bytes(e.toByteArray());
        }
        return b.block(IL_V2);
    }

    /** Entries: u32 length (counting itself), u8 0 for a user or 1 for a group. */
    static byte[] users(List<UserEntry> users, List<GroupEntry> groups) {
        Sink b = new Sink();
        for (UserEntry u : users) {
            b.entry(new Sink().u8(0).u32(u.uid()).u32(u.gid()).str(u.name()).str(u.homedir()).str(u.shell()));
        }
        for (GroupEntry g : groups) {
            b.entry(new Sink().u8(1).u32(g.gid()).str(g.name()));
        }
        return b.block(UL_V2);
    }

    /** Entries: u32 length (counting itself), then every field of a v9 process-list entry up to pgid. */
    static byte[] threads(List<ThreadEntry> threads) {
        Sink b = new Sink();
        for (ThreadEntry t : threads) {
            Sink e = new Sink();
            e.u64(t.tid).u64(t.pid).u64(t.ptid).u64(t.sid).u64(t.vpgid);
            e.str(t.comm).str(t.exe).str(t.exepath).nulList(t.args).str(t.cwd);
            e.u64(t.fdlimit).u32(t.flags).u32(t.uid).u32(t.gid);
            e.u32((int) t.vmsizeKb).u32((int) t.vmrssKb).u32((int) t.vmswapKb).u64(t.pfMajor).u64(t.pfMinor);
            e.nulList(t.env).u64(t.vtid).u64(t.vpid).nulList(t.cgroups).str(t.root);
            e.u64(t.pidnsInitStartTs).u32(t.tty).u32(t.loginuid).u8(t.exeWritable ? 1 : 0);
            e.u64(t.capInheritable).u64(t.capPermitted).u64(t.capEffective).u8(t.exeUpperLayer ? 1 : 0);
            e.u64(t.exeIno).u64(t.exeInoCtime).u64(t.exeInoMtime).u8(t.exeFromMemfd ? 1 : 0);
            e.u8(t.exeLowerLayer ? 1 : 0).u64(t.pgid);
            b.entry(e);
        }
        return b.block(PL_V9);
    }

    /** u64 tid, then entries: u32 length (counting itself), u64 fd, u64 inode, u8 type, the type's fields. */
    static byte[] fds(long tid, List<FdEntry> fds) {
        Sink b = new Sink().u64(tid);
        for (FdEntry f : fds) {
            Sink e = new Sink().u64(f.fd()).u64(f.ino()).u8(f.type());
            switch (f.type()) {
                case FdType.IPV4_SOCK -> e.u32(f.sip()).u32(f.dip()).u16(f.sport()).u16(f.dport()).u8(f.l4proto());
                case FdType.IPV4_SERVSOCK -> e.u32(f.sip()).u16(f.sport()).u8(f.l4proto());
                case FdType.IPV6_SOCK -> e.bytes(addr6(f.sip6())).bytes(addr6(f.dip6())).u16(f.sport())
                        .u16(f.dport()).u8(f.l4proto());
                case FdType.IPV6_SERVSOCK -> e.bytes(addr6(f.sip6())).u16(f.sport()).u8(f.l4proto());
                case FdType.UNIX_SOCK -> e.u64(f.unixSource()).u64(f.unixDest()).str(f.name());
                case FdType.FILE_V2 -> e.u32(f.openFlags()).str(f.name()).u32(f.dev());
                default -> e.str(f.name());
            }
            b.entry(e);
        }
        return b.block(FDL_V2);
    }

    private static byte[] addr6(byte[] a) {
        return a == null ? new byte[16] : a;
    }

    /** A little-endian byte sink. */
    private static final class Sink {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        int size() {
            return out.size();
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }

        Sink u8(int v) {
            out.write(v);
            return this;
        }

        Sink u16(int v) {
            return u8(v).u8(v >>> 8);
        }

        Sink u32(int v) {
            return u16(v).u16(v >>> 16);
        }

        Sink u64(long v) {
            return u32((int) v).u32((int) (v >>> 32));
        }

        Sink bytes(byte[] b) {
            out.writeBytes(b);
            return this;
        }

        /** u16 length, then the UTF-8 bytes (no NUL). */
        Sink str(String s) {
            byte[] b = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
            return u16(b.length).bytes(b);
        }

        /** u16 length, then each string NUL-terminated (args, env, cgroups). */
        Sink nulList(List<String> list) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (String s : list) {
                b.writeBytes(s.getBytes(StandardCharsets.UTF_8));
                b.write(0);
            }
            return u16(b.size()).bytes(b.toByteArray());
        }

        /** An entry prefixed by its u32 length, the length itself included. */
        Sink entry(Sink body) {
            return u32(body.size() + 4).bytes(body.toByteArray());
        }

        byte[] block(int type) {
            int total = (8 + out.size() + 4 + 3) & ~3;
            Sink b = new Sink().u32(type).u32(total).bytes(toByteArray());
            while (b.size() < total - 4) {
                b.u8(0);
            }
            return b.u32(total).toByteArray();
        }
    }
}
