package dev.peregrine.driver;

import java.util.Map;
import java.util.Set;

/** The syscalls the kernel program can turn into events, by their x86_64 number. */
public final class Syscalls {
    private Syscalls() {
    }

    /** Names (as in the event table) to x86_64 syscall numbers, for the syscalls peregrine.bpf.c handles. */
    public static final Map<String, Integer> SUPPORTED = Map.of(
            "open", 2, "close", 3, "connect", 42, "clone", 56, "fork", 57, "vfork", 58, "execve", 59, "openat", 257);

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
