package dev.peregrine.app.falco;

import dev.peregrine.driver.Syscalls;
import dev.peregrine.rules.engine.Ruleset;
import dev.peregrine.scap.EventIds;
import dev.peregrine.scap.EventTable;

import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The syscalls the live driver sends, chosen as Falco chooses them: the state set (what keeps the process,
 * thread and fd tables right: libsinsp's sinsp_state_sc_set, or base_syscalls.custom_set, plus the state set
 * again with base_syscalls.repair) and the syscalls the enabled rules can match; -A sends everything. Only
 * syscalls the driver supports can be chosen.
 */
public final class InterestingSyscalls {
    /** libsinsp's state syscalls that the driver supports. */
    static final Set<String> STATE = Set.of("accept", "accept4", "bind", "bpf", "capset", "chdir", "chmod", "clone",
            "clone3", "close", "connect", "creat", "dup", "dup2", "dup3", "execve", "execveat", "fchdir", "fchmod",
            "fchmodat", "fork", "io_uring_setup", "kill", "link", "linkat", "listen", "mkdir",
            "mkdirat", "mount", "open", "openat", "openat2", "pipe", "pipe2", "ptrace", "recvfrom", "recvmsg",
            "rename", "renameat", "renameat2", "rmdir", "sendmsg", "sendto", "setgid", "setns", "setresgid",
            "setresuid", "setuid", "socket", "socketpair", "symlink", "symlinkat", "tgkill", "umount2", "unlink",
            "unlinkat", "unshare", "userfaultfd", "vfork");

    private InterestingSyscalls() {
    }

    public static Set<String> of(Ruleset ruleset, boolean allEvents, List<String> customSet, boolean repair) {
        Set<String> supported = Syscalls.SUPPORTED.keySet();
        if (allEvents) {
            return new TreeSet<>(supported);
        }
        Set<String> out = new TreeSet<>();
        if (customSet.isEmpty()) {
            out.addAll(STATE);
        } else {
            out.addAll(customSet);
            if (repair) {
                out.addAll(STATE);
            }
        }
        EventTable table = EventTable.get();
        BitSet types = (BitSet) ruleset.eventTypes().clone();
        types.clear(EventIds.GENERIC_E); // generic events name syscalls by id: those come below
        types.clear(EventIds.GENERIC_X);
        for (int t = types.nextSetBit(0); t >= 0; t = types.nextSetBit(t + 1)) {
            if (table.info(t) != null) {
                out.add(table.info(t).name());
            }
        }
        BitSet generic = ruleset.genericSyscalls();
        for (int sc = generic.nextSetBit(0); sc >= 0; sc = generic.nextSetBit(sc + 1)) {
            String name = table.syscallName(sc);
            if (name != null) {
                out.add(name);
            }
        }
        out.retainAll(supported);
        return out;
    }
}
