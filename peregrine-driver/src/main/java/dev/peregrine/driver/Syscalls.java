package dev.peregrine.driver;

import dev.peregrine.scap.EventIds;
import dev.peregrine.scap.EventTable;
import dev.peregrine.scap.EventTable.NativeSyscall;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The syscalls the kernel program turns into events, by their x86_64 number: every x86_64 syscall of the event
 * table. Those with an exit event of their own come as that event, with its parameters; the others as generic
 * events (PPME_GENERIC_X: the syscall's PPM_SC code and number), as Falco's modern probe sends them.
 */
public final class Syscalls {
    private Syscalls() {
    }

    /** Names (as in the event table) to x86_64 syscall numbers (libs' table). */
    public static final Map<String, Integer> SUPPORTED = numbers();

    /**
     * Syscalls with events of their own that come at a very high rate on a busy machine (data moved through fds and
     * sockets, waiting, memory mappings, file status): a caller enabling many may want to leave them out.
     */
    public static final Set<String> HIGH_VOLUME = Set.of("read", "write", "readv", "writev", "pread64", "pwrite64",
            "preadv", "pwritev", "sendto", "recvfrom", "sendmsg", "recvmsg", "sendmmsg", "recvmmsg", "poll", "ppoll",
            "select", "epoll_wait", "futex", "nanosleep", "mmap", "munmap", "mprotect", "brk", "stat", "fstat",
            "lstat", "newfstatat", "access", "lseek", "ioctl", "fcntl", "getdents", "getdents64");

    /** Highest syscall number the kernel filter map holds, plus one. */
    static final int MAX = 512;

    /** @throws IllegalArgumentException for a name that is no x86_64 syscall */
    public static int number(String name) {
        Integer nr = SUPPORTED.get(name);
        if (nr == null) {
            throw new IllegalArgumentException("no x86_64 syscall is named " + name);
        }
        return nr;
    }

    /** Whether the driver sends this syscall as an event of its own (false: as a generic event). */
    public static boolean hasOwnEvent(String name) {
        NativeSyscall s = EventTable.get().nativeSyscall(name);
        return s != null && s.exitEvent() > 1;
    }

    /**
     * The event types the driver sends: each syscall's own exit event, generic events, procexit (from the
     * scheduler's exit tracepoint) and the enter events of open, openat, openat2, creat and connect (TOCTOU
     * mitigation, see {@link LiveCapture#ENTER_TRACEPOINTS}).
     */
    public static BitSet eventTypes() {
        BitSet types = new BitSet();
        for (NativeSyscall s : EventTable.get().nativeSyscalls()) {
            types.set(s.exitEvent() > 1 ? s.exitEvent() : EventIds.GENERIC_X);
        }
        types.set(EventIds.PROCEXIT_1_E);
        types.set(EventIds.SYSCALL_OPEN_E);
        types.set(EventIds.SYSCALL_OPENAT_2_E);
        types.set(EventIds.SYSCALL_OPENAT2_E);
        types.set(EventIds.SYSCALL_CREAT_E);
        types.set(EventIds.SOCKET_CONNECT_E);
        return types;
    }

    /** The syscall ids (PPM_SC codes) the driver's generic events carry: the syscalls without events of their own. */
    public static BitSet genericSyscalls() {
        BitSet ids = new BitSet();
        for (NativeSyscall s : EventTable.get().nativeSyscalls()) {
            if (s.exitEvent() <= 1) {
                ids.set(s.ppmSc());
            }
        }
        return ids;
    }

    private static Map<String, Integer> numbers() {
        Map<String, Integer> out = new HashMap<>();
        for (NativeSyscall s : EventTable.get().nativeSyscalls()) {
            if (s.number() >= MAX) {
                throw new IllegalStateException("x86_64 syscall " + s.name() + " (" + s.number()
                        + ") is beyond the kernel filter map's " + MAX + " entries");
            }
            out.put(s.name(), s.number());
        }
        return Map.copyOf(out);
    }
}
