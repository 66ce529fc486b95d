package dev.peregrine.scap;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes the metadata blocks a libscap 1.2 capture starts with (MI, IL_V2, UL_V2, PL_V9, FDL_V2), in the layouts
 * libscap's scap_savefile writes and {@link MetadataParser} reads; each framed as a block (u32 type, u32 total
 * length, body, zero padding to 4, u32 total length).
 */
public final class MetadataWriter {
    private static final int HOSTNAME_LEN = 128;

    private MetadataWriter() {
    }

    public static byte[] machine(MachineInfo m) {
        byte[] host = new byte[HOSTNAME_LEN];
        byte[] h = m.hostname().getBytes(StandardCharsets.UTF_8);
        System.arraycopy(h, 0, host, 0, Math.min(h.length, HOSTNAME_LEN - 1));
        return new BlockBuffer().u32(m.numCpus()).u64(m.memorySizeBytes()).u64(m.maxPid()).bytes(host)
                .u64(m.bootTsEpoch()).u64(m.flags()).u64(0).u64(0).block(BlockType.MI);
    }

    /** IL_V2 entries: u32 length (not counting itself), u16 type (1 IPv4, 2 IPv6), u16 name length, addresses. */
    public static byte[] interfaces(List<InterfaceEntry> ifs) {
        BlockBuffer b = new BlockBuffer();
        for (InterfaceEntry i : ifs) {
            byte[] name = i.name().getBytes(StandardCharsets.UTF_8);
            BlockBuffer e = new BlockBuffer().u16(i.ipv6() ? 2 : 1).u16(name.length);
            if (i.ipv6()) {
                e.bytes(i.addr6()).bytes(i.netmask6()).bytes(i.bcast6());
            } else {
                e.u32(i.addr()).u32(i.netmask()).u32(i.bcast());
            }
            e.u64(i.linkspeed()).bytes(name);
            b.entry(e, false);
        }
        return b.block(BlockType.IL_V2);
    }

    /** UL_V2 entries: u32 length (counting itself), u8 0 user / 1 group. */
    public static byte[] users(List<UserEntry> users, List<GroupEntry> groups) {
        BlockBuffer b = new BlockBuffer();
        for (UserEntry u : users) {
            b.entry(new BlockBuffer().u8(0).u32(u.uid()).u32(u.gid()).str(u.name()).str(u.homedir()).str(u.shell()),
                    true);
        }
        for (GroupEntry g : groups) {
            b.entry(new BlockBuffer().u8(1).u32(g.gid()).str(g.name()), true);
        }
        return b.block(BlockType.UL_V2);
    }

    /** PL_V9: every field up to pgid, each entry prefixed by its length (counting itself). */
    public static byte[] threads(List<ThreadEntry> threads) {
        BlockBuffer b = new BlockBuffer();
        for (ThreadEntry t : threads) {
            BlockBuffer e = new BlockBuffer();
            e.u64(t.tid).u64(t.pid).u64(t.ptid).u64(t.sid).u64(t.vpgid);
            e.str(t.comm).str(t.exe).str(t.exepath).nulList(t.args).str(t.cwd);
            e.u64(t.fdlimit).u32(t.flags).u32(t.uid).u32(t.gid);
            e.u32((int) t.vmsizeKb).u32((int) t.vmrssKb).u32((int) t.vmswapKb).u64(t.pfMajor).u64(t.pfMinor);
            e.nulList(t.env).u64(t.vtid).u64(t.vpid).nulList(t.cgroups).str(t.root);
            e.u64(t.pidnsInitStartTs).u32(t.tty).u32(t.loginuid).u8(t.exeWritable ? 1 : 0);
            e.u64(t.capInheritable).u64(t.capPermitted).u64(t.capEffective).u8(t.exeUpperLayer ? 1 : 0);
            e.u64(t.exeIno).u64(t.exeInoCtime).u64(t.exeInoMtime).u8(t.exeFromMemfd ? 1 : 0);
            e.u8(t.exeLowerLayer ? 1 : 0).u64(t.pgid);
            b.entry(e, true);
        }
        return b.block(BlockType.PL_V9);
    }

    /**
     * FDL_V2: u64 tid, then entries prefixed by their length (counting itself). {@code forOldReaders}: readers of the
     * Falco 0.3x era (sysdig 0.29.3) refuse fd types newer than FILE_V2 in fd lists, so bpf, userfaultfd, io_uring,
     * memfd and pidfd descriptors are then written as unsupported, with their name.
     */
    public static byte[] fds(long tid, List<FdEntry> fds, boolean forOldReaders) {
        BlockBuffer b = new BlockBuffer().u64(tid);
        for (FdEntry f : fds) {
            int type = forOldReaders && f.type() > FdType.FILE_V2 ? FdType.UNSUPPORTED : f.type();
            BlockBuffer e = new BlockBuffer().u64(f.fd()).u64(f.ino()).u8(type);
            switch (type) {
                case FdType.IPV4_SOCK -> e.u32(f.sip()).u32(f.dip()).u16(f.sport()).u16(f.dport()).u8(f.l4proto());
                case FdType.IPV4_SERVSOCK -> e.u32(f.sip()).u16(f.sport()).u8(f.l4proto());
                case FdType.IPV6_SOCK -> e.bytes(addr6(f.sip6())).bytes(addr6(f.dip6())).u16(f.sport())
                        .u16(f.dport()).u8(f.l4proto());
                case FdType.IPV6_SERVSOCK -> e.bytes(addr6(f.sip6())).u16(f.sport()).u8(f.l4proto());
                case FdType.UNIX_SOCK -> e.u64(f.unixSource()).u64(f.unixDest()).str(f.name());
                case FdType.FILE_V2 -> e.u32(f.openFlags()).str(f.name()).u32(f.dev());
                default -> e.str(f.name());
            }
            b.entry(e, true);
        }
        return b.block(BlockType.FDL_V2);
    }

    private static byte[] addr6(byte[] a) {
        return a == null ? new byte[16] : a;
    }

    /** An EV_V2 block with a bare 26-byte event header (ts, tid, len, a generic enter's type, no params). */
    public static byte[] placeholderEvent() {
        return new BlockBuffer().u16(0).u64(0).u64(0).u32(EventView.HEADER_V2).u16(EventIds.GENERIC_E).u32(0)
                .block(BlockType.EV_V2);
    }
}
