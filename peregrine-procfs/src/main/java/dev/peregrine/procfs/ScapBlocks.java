package dev.peregrine.procfs;

import dev.peregrine.scap.FdEntry;
import dev.peregrine.scap.FdType;
import dev.peregrine.scap.GroupEntry;
import dev.peregrine.scap.InterfaceEntry;
import dev.peregrine.scap.MachineInfo;
import dev.peregrine.scap.ThreadEntry;
import dev.peregrine.scap.UserEntry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a snapshot as the metadata blocks a libscap 1.2 capture starts with, in scap_dump's order: MI, IL_V2, UL_V2,
 * PL_V9, then one FDL_V2 per process with fds. The result can go straight to
 * {@code CaptureWriter.open(path, 1, 2, blocks)} for a live recording.
 */
public final class ScapBlocks {
    static final int MI = 0x201, IL_V2 = 0x219, UL_V2 = 0x220, PL_V9 = 0x215, FDL_V2 = 0x218;
    private static final int HOSTNAME_LEN = 128;

    private ScapBlocks() {
    }

    public static List<byte[]> of(ProcSnapshot s) {
        List<byte[]> out = new ArrayList<>();
        if (s.machineInfo() != null) {
            out.add(machine(s.machineInfo()));
        }
        out.add(interfaces(s.interfaces()));
        out.add(users(s.users(), s.groups()));
        out.add(threads(s.threads()));
        Map<Long, List<FdEntry>> byTid = new LinkedHashMap<>();
        for (FdEntry f : s.fds()) {
            byTid.computeIfAbsent(f.tid(), k -> new ArrayList<>()).add(f);
        }
        byTid.forEach((tid, fds) -> out.add(fds(tid, fds)));
        return out;
    }

    static byte[] machine(MachineInfo m) {
        byte[] host = new byte[HOSTNAME_LEN];
        byte[] h = m.hostname().getBytes(StandardCharsets.UTF_8);
        System.arraycopy(h, 0, host, 0, Math.min(h.length, HOSTNAME_LEN - 1));
        return new BlockBuffer().u32(m.numCpus()).u64(m.memorySizeBytes()).u64(m.maxPid()).bytes(host)
                .u64(m.bootTsEpoch()).u64(m.flags()).u64(0).u64(0).block(MI);
    }

    /** IL_V2 entries: u32 length (not counting itself), u16 type (1 IPv4, 2 IPv6), u16 name length, addresses. */
    static byte[] interfaces(List<InterfaceEntry> ifs) {
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
        return b.block(IL_V2);
    }

    /** UL_V2 entries: u32 length (counting itself), u8 0 user / 1 group. */
    static byte[] users(List<UserEntry> users, List<GroupEntry> groups) {
        BlockBuffer b = new BlockBuffer();
        for (UserEntry u : users) {
            b.entry(new BlockBuffer().u8(0).u32(u.uid()).u32(u.gid()).str(u.name()).str(u.homedir()).str(u.shell()),
                    true);
        }
        for (GroupEntry g : groups) {
            b.entry(new BlockBuffer().u8(1).u32(g.gid()).str(g.name()), true);
        }
        return b.block(UL_V2);
    }

    /** PL_V9: every field up to pgid, each entry prefixed by its length (counting itself). */
    static byte[] threads(List<ThreadEntry> threads) {
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
        return b.block(PL_V9);
    }

    /** FDL_V2: u64 tid, then entries prefixed by their length (counting itself). */
    static byte[] fds(long tid, List<FdEntry> fds) {
        BlockBuffer b = new BlockBuffer().u64(tid);
        for (FdEntry f : fds) {
            // readers of the Falco 0.3x era (sysdig 0.29.3) refuse fd types newer than FILE_V2 in fd lists, so
            // bpf, userfaultfd, io_uring, memfd and pidfd descriptors are written as unsupported, with their name
            int type = f.type() > FdType.FILE_V2 ? FdType.UNSUPPORTED : f.type();
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
        return b.block(FDL_V2);
    }

    private static byte[] addr6(byte[] a) {
        return a == null ? new byte[16] : a;
    }
}
