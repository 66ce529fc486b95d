package dev.peregrine.procfs;

import dev.peregrine.scap.NulStrings;
import dev.peregrine.scap.ThreadEntry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Fills one thread entry from a /proc/[pid] or /proc/[pid]/task/[tid] directory, as scap_proc_add_from_proc does. */
final class ThreadReader {
    /** libscap's buffer sizes: longer command lines and environments are cut (SCAP_MAX_ARGS_SIZE/ENV_SIZE). */
    static final int MAX_ARGS = 4096, MAX_ENV = 4096;
    static final int CLONE_FILES = 1, CLONE_THREAD = 1 << 13;
    private static final long NS = 1_000_000_000L;

    private final CgroupReader cgroups;
    private final int ownUid;

    ThreadReader(CgroupReader cgroups, int ownUid) {
        this.cgroups = cgroups;
        this.ownUid = ownUid;
    }

    /** The entry, or null if the thread vanished, is a kernel thread or zombie, or its status is unreadable. */
    ThreadEntry read(Path dir, long tid) {
        byte[] cmdline = ProcFiles.read(dir.resolve("cmdline"), MAX_ARGS);
        if (cmdline == null) {
            return null;
        }
        String exeTarget = ProcFiles.link(dir.resolve("exe"));
        if (cmdline.length == 0 && exeTarget == null) {
            return null; // kernel thread or zombie: no command line and no executable (libscap skips these)
        }
        ThreadEntry t = new ThreadEntry();
        t.tid = tid;
        t.exepath = exeTarget == null ? "" : exeTarget;
        String comm = ProcFiles.text(dir.resolve("comm"));
        if (comm == null) {
            return null;
        }
        t.comm = comm.endsWith("\n") ? comm.substring(0, comm.length() - 1) : comm;
        splitCmdline(cmdline, t);
        // libscap skips a thread whose environ or cwd it cannot read (it runs as root); an unprivileged scan
        // keeps such threads with these fields empty rather than losing them.
        t.env = nulList(ProcFiles.read(dir.resolve("environ"), MAX_ENV));
        String cwd = ProcFiles.link(dir.resolve("cwd"));
        t.cwd = cwd == null ? "" : cwd;
        if (!readStatus(dir, t) || !readStat(dir, t)) {
            return null; // gone between reads
        }
        t.fdlimit = fdLimit(dir);
        t.cgroups = cgroups.read(dir);
        Map<String, Object> pidnsInit = ProcFiles.stat(dir.resolve("root/proc/1/cmdline"));
        t.pidnsInitStartTs = pidnsInit == null ? 0 : ProcFiles.nanos(pidnsInit.get("ctime"));
        String root = ProcFiles.link(dir.resolve("root"));
        t.root = root == null ? "" : root;
        t.loginuid = loginuid(dir);
        t.flags = t.tid == t.pid ? 0 : CLONE_THREAD | CLONE_FILES;
        if (!t.exepath.isEmpty()) {
            exeInode(t);
        }
        return t;
    }

    /** cmdline: argv[0] is the exe, the rest the args; libscap turns the buffer's last byte into the NUL. */
    static void splitCmdline(byte[] cmdline, ThreadEntry t) {
        if (cmdline.length == 0) {
            return;
        }
        byte[] b = cmdline.clone();
        b[b.length - 1] = 0;
        int nul = 0;
        while (nul < b.length && b[nul] != 0) {
            nul++;
        }
        t.exe = new String(b, 0, nul, StandardCharsets.UTF_8);
        t.args = nul + 1 < b.length ? NulStrings.lazy(Arrays.copyOfRange(b, nul + 1, b.length)) : List.of();
    }

    private static List<String> nulList(byte[] b) {
        if (b == null || b.length == 0) {
            return List.of();
        }
        byte[] c = b.clone();
        c[c.length - 1] = 0; // a cut-off environment loses its last byte, as in libscap
        return NulStrings.lazy(c);
    }

    private static boolean readStatus(Path dir, ThreadEntry t) {
        String status = ProcFiles.text(dir.resolve("status"));
        if (status == null) {
            return false;
        }
        t.uid = -1;
        t.ptid = -1;
        t.sid = 0;
        t.vpgid = 0;
        t.pgid = -1;
        t.vtid = t.tid;
        t.pid = -1;
        for (String line : status.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            long[] v = numbers(line.substring(colon + 1), line.startsWith("Cap") ? 16 : 10);
            if (v.length == 0) {
                continue;
            }
            switch (line.substring(0, colon)) {
                case "Tgid" -> t.pid = v[0];
                case "PPid" -> t.ptid = v[0];
                case "Uid" -> t.uid = (int) (v.length > 1 ? v[1] : v[0]); // the effective id, as libscap keeps
                case "Gid" -> t.gid = (int) (v.length > 1 ? v[1] : v[0]);
                case "CapInh" -> t.capInheritable = v[0];
                case "CapPrm" -> t.capPermitted = v[0];
                case "CapEff" -> t.capEffective = v[0];
                case "VmSize" -> t.vmsizeKb = v[0] & 0xFFFFFFFFL;
                case "VmRSS" -> t.vmrssKb = v[0] & 0xFFFFFFFFL;
                case "VmSwap" -> t.vmswapKb = v[0] & 0xFFFFFFFFL;
                case "NSpid" -> t.vtid = v.length > 1 ? v[1] : t.tid;
                case "NStgid" -> t.vpid = v[v.length > 1 ? 1 : 0];
                case "NSpgid" -> {
                    // only a nested pid namespace sets these; the host's pgid comes from stat
                    if (v.length > 1) {
                        t.pgid = v[0];
                        t.vpgid = v[1];
                    }
                }
                default -> {
                }
            }
        }
        if (t.pid < 0) {
            return false;
        }
        if (t.vpid == -1) {
            t.vpid = t.pid; // kernels without NStgid
        }
        return true;
    }

    /** Up to two leading numbers of a status value (libscap reads at most two). */
    private static long[] numbers(String s, int radix) {
        String[] parts = s.trim().split("\\s+");
        int n = Math.min(2, parts.length);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            try {
                out[i] = Long.parseUnsignedLong(parts[i], radix);
            } catch (NumberFormatException e) {
                return Arrays.copyOf(out, i);
            }
        }
        return out;
    }

    /** stat: pgrp, session, tty_nr, minflt, majflt (fields 5, 6, 7, 10, 12), read after the last ')'. */
    private static boolean readStat(Path dir, ThreadEntry t) {
        String stat = ProcFiles.text(dir.resolve("stat"));
        if (stat == null) {
            return false;
        }
        int paren = stat.lastIndexOf(')');
        if (paren < 0) {
            return false;
        }
        String[] f = stat.substring(paren + 1).trim().split("\\s+");
        if (f.length < 10) {
            return false;
        }
        try {
            if (t.pgid == -1) {
                t.pgid = Long.parseLong(f[2]);
            }
            t.sid = Long.parseLong(f[3]);
            t.tty = (int) Long.parseLong(f[4]);
            t.pfMinor = Long.parseUnsignedLong(f[7]);
            t.pfMajor = Long.parseUnsignedLong(f[9]);
        } catch (NumberFormatException e) {
            return false;
        }
        return true;
    }

    /** The soft RLIMIT_NOFILE, from limits (libscap calls prlimit; "unlimited" is RLIM_INFINITY, i.e. -1). */
    private static long fdLimit(Path dir) {
        String limits = ProcFiles.text(dir.resolve("limits"));
        if (limits != null) {
            for (String line : limits.split("\n")) {
                if (line.startsWith("Max open files")) {
                    String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                    try {
                        return f[0].equals("unlimited") ? -1 : Long.parseLong(f[0]);
                    } catch (NumberFormatException e) {
                        return -1;
                    }
                }
            }
        }
        return -1;
    }

    private static int loginuid(Path dir) {
        String s = ProcFiles.text(dir.resolve("loginuid"));
        if (s == null) {
            return -1; // no audit support: UINT32_MAX
        }
        try {
            return (int) Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Inode and times of the executable. Like libscap, the link's target is looked up as a path in the scanner's
     * own mount namespace. Writability: libscap switches euid to test it; here the owner test, plus access(2)
     * when the thread runs as the scanner's own user.
     */
    private void exeInode(ThreadEntry t) {
        Path exe = Path.of(t.exepath);
        Map<String, Object> st = ProcFiles.stat(exe);
        if (st == null) {
            return;
        }
        t.exeIno = ((Number) st.get("ino")).longValue();
        t.exeInoCtime = ProcFiles.nanos(st.get("ctime"));
        t.exeInoMtime = ProcFiles.nanos(st.get("lastModifiedTime"));
        int owner = ((Number) st.get("uid")).intValue();
        t.exeWritable = owner == t.uid || (t.uid == ownUid && Files.isWritable(exe));
    }

    static long secondsToNs(long s) {
        return s * NS;
    }
}
