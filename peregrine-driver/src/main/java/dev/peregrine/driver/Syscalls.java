package dev.peregrine.driver;

import dev.peregrine.scap.EventTable;
import dev.peregrine.scap.EventTable.NativeSyscall;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The syscalls the kernel program can turn into events, by their x86_64 number. */
public final class Syscalls {
    private Syscalls() {
    }

    /** The syscalls peregrine.bpf.c handles, by name as in the event table. */
    private static final List<String> HANDLED = List.of("read", "write", "open", "close", "pipe", "dup", "dup2",
            "socket", "connect", "accept", "bind", "listen", "clone", "fork", "vfork", "execve", "kill", "chdir",
            "fchdir", "rename", "mkdir", "rmdir", "link", "unlink", "symlink", "chmod", "fchmod", "ptrace", "setuid",
            "setgid", "prctl", "tgkill", "openat", "mkdirat", "unlinkat", "renameat", "linkat", "symlinkat",
            "fchmodat", "unshare", "accept4", "dup3", "pipe2", "setns", "renameat2", "memfd_create", "userfaultfd",
            "io_uring_setup", "readv", "writev", "sendto", "recvfrom", "sendmsg", "recvmsg", "socketpair", "creat",
            "chown", "fchown", "lchown", "setresuid", "setresgid", "capset", "mount", "umount2", "init_module",
            "fchownat", "finit_module", "bpf", "execveat", "clone3", "openat2");

    /** Names (as in the event table) to x86_64 syscall numbers (libs' table), for the syscalls handled. */
    public static final Map<String, Integer> SUPPORTED = numbers(HANDLED);

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

    private static Map<String, Integer> numbers(List<String> names) {
        Map<String, Integer> out = new HashMap<>();
        for (String name : names) {
            NativeSyscall s = EventTable.get().nativeSyscall(name);
            if (s == null) {
                throw new IllegalStateException("syscall " + name + " is not in the event table's x86_64 records");
            }
            out.put(name, s.number());
        }
        return Map.copyOf(out);
    }
}
