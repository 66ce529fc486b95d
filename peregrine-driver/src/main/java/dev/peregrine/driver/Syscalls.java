package dev.peregrine.driver;

import java.util.Map;
import java.util.Set;

import static java.util.Map.entry;

/** The syscalls the kernel program can turn into events, by their x86_64 number. */
public final class Syscalls {
    private Syscalls() {
    }

    /** Names (as in the event table) to x86_64 syscall numbers, for the syscalls peregrine.bpf.c handles. */
    public static final Map<String, Integer> SUPPORTED = Map.ofEntries(
            entry("read", 0), entry("write", 1), entry("open", 2), entry("close", 3), entry("pipe", 22),
            entry("dup", 32), entry("dup2", 33), entry("socket", 41), entry("connect", 42), entry("accept", 43),
            entry("bind", 49), entry("listen", 50), entry("clone", 56), entry("fork", 57), entry("vfork", 58),
            entry("execve", 59), entry("kill", 62), entry("chdir", 80), entry("fchdir", 81), entry("rename", 82),
            entry("mkdir", 83), entry("rmdir", 84), entry("link", 86), entry("unlink", 87), entry("symlink", 88),
            entry("chmod", 90), entry("fchmod", 91), entry("ptrace", 101), entry("setuid", 105), entry("setgid", 106),
            entry("prctl", 157), entry("tgkill", 234), entry("openat", 257), entry("mkdirat", 258),
            entry("unlinkat", 263), entry("renameat", 264), entry("linkat", 265), entry("symlinkat", 266),
            entry("fchmodat", 268), entry("unshare", 272), entry("accept4", 288), entry("dup3", 292),
            entry("pipe2", 293), entry("setns", 308), entry("renameat2", 316), entry("memfd_create", 319),
            entry("userfaultfd", 323), entry("io_uring_setup", 425),
            entry("readv", 19), entry("writev", 20), entry("sendto", 44), entry("recvfrom", 45), entry("sendmsg", 46),
            entry("recvmsg", 47), entry("socketpair", 53), entry("creat", 85), entry("chown", 92), entry("fchown", 93),
            entry("lchown", 94), entry("setresuid", 117), entry("setresgid", 119), entry("capset", 126),
            entry("mount", 165), entry("umount2", 166), entry("init_module", 175), entry("fchownat", 260),
            entry("finit_module", 313), entry("bpf", 321), entry("execveat", 322), entry("clone3", 435),
            entry("openat2", 437));

    /**
     * Syscalls in {@link #SUPPORTED} that come at a very high rate on a busy machine (every read, write and socket
     * send or receive); a caller enabling "everything" may want to leave them out.
     */
    public static final Set<String> HIGH_VOLUME = Set.of("read", "write", "readv", "writev", "sendto", "recvfrom",
            "sendmsg", "recvmsg");

    /** Highest syscall number the kernel filter map holds, plus one. */
    static final int MAX = 512;

    /** @throws IllegalArgumentException for a syscall the driver cannot emit yet */
    public static int number(String name) {
        Integer nr = SUPPORTED.get(name);
        if (nr == null) {
            throw new IllegalArgumentException("syscall " + name + " is not supported by the driver yet; supported: "
                    + Set.copyOf(SUPPORTED.keySet()));
        }
        return nr;
    }
}
