package dev.peregrine.driver;

import dev.peregrine.scap.EventTable;
import dev.peregrine.scap.EventTable.NativeSyscall;

/** The event table's x86_64 syscall numbers for the python3 children that call libc's syscall() with them. */
final class SyscallNumbers {
    private SyscallNumbers() {
    }

    /** Python assignments, one per syscall: {@code SYS_openat = 257}. */
    static String pythonAssignments() {
        StringBuilder b = new StringBuilder();
        for (NativeSyscall s : EventTable.get().nativeSyscalls()) {
            b.append("SYS_").append(s.name()).append(" = ").append(s.number()).append('\n');
        }
        return b.toString();
    }
}
