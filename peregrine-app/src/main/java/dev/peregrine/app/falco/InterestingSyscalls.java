package dev.peregrine.app.falco;

import dev.peregrine.driver.Syscalls;
import dev.peregrine.filter.eval.Filter;
import dev.peregrine.rules.CompiledRule;
import dev.peregrine.rules.engine.Ruleset;
import dev.peregrine.scap.EventIds;
import dev.peregrine.scap.EventTable;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The syscalls the live driver sends, chosen as Falco chooses them: the state set (what keeps the process,
 * thread and fd tables right: libsinsp's sinsp_state_sc_set, or base_syscalls.custom_set, plus the state set
 * again with base_syscalls.repair) and the syscalls the enabled rules can match; -A sends everything. Also the
 * rules that could never fire live: none of their event types is one a live source produces.
 */
public final class InterestingSyscalls {
    /**
     * libsinsp's state syscalls (sinsp_state_sc_set, for x86_64) but memfd_create (traced when rules need it), with
     * those of sysdig 0.29.3's era it no longer lists (the file and id changes Peregrine's state and fields still
     * follow). prctl marks the child subreapers that orphans are reparented to.
     */
    static final Set<String> STATE = Set.of("accept", "accept4", "bind", "bpf", "capset", "chdir", "chmod", "chroot",
            "clone", "clone3", "close", "close_range", "connect", "creat", "dup", "dup2", "dup3", "epoll_create",
            "epoll_create1", "eventfd", "eventfd2", "execve", "execveat", "fchdir", "fchmod", "fchmodat", "fcntl",
            "fork", "getsockopt", "inotify_init", "inotify_init1", "io_uring_setup", "kill", "link", "linkat",
            "listen", "mkdir", "mkdirat", "mount", "open", "open_by_handle_at", "openat", "openat2",
            "pidfd_getfd", "pidfd_open", "pipe", "pipe2", "prctl", "prlimit64", "ptrace", "recvfrom", "recvmmsg",
            "recvmsg", "rename", "renameat", "renameat2", "rmdir", "sendmmsg", "sendmsg", "sendto", "setgid",
            "setns", "setregid", "setresgid", "setresuid", "setreuid", "setrlimit", "setsid", "setuid", "shutdown",
            "signalfd", "signalfd4", "socket", "socketpair", "symlink", "symlinkat", "tgkill", "timerfd_create",
            "umount2", "unlink", "unlinkat", "unshare", "userfaultfd", "vfork");

    private InterestingSyscalls() {
    }

    public static Set<String> of(Ruleset ruleset, boolean allEvents, List<String> customSet, boolean repair) {
        if (allEvents) {
            return new TreeSet<>(Syscalls.SUPPORTED.keySet());
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
        out.addAll(syscallsOf(ruleset.eventTypes(), ruleset.genericSyscalls()));
        out.retainAll(Syscalls.SUPPORTED.keySet());
        return out;
    }

    /**
     * What {@code peregrine events} traces for a filter: everything when it does not restrict evt.type (or there is
     * none), else the state set and the syscalls it can match.
     */
    public static Set<String> forFilter(Filter filter) {
        if (filter == null || unrestricted(filter.eventTypes())) {
            return new TreeSet<>(Syscalls.SUPPORTED.keySet());
        }
        Set<String> out = new TreeSet<>(STATE);
        out.addAll(syscallsOf(filter.eventTypes(), filter.genericSyscalls()));
        out.retainAll(Syscalls.SUPPORTED.keySet());
        return out;
    }

    /** True for an event-type set no evt.type check narrowed: every type. */
    private static boolean unrestricted(BitSet eventTypes) {
        return eventTypes.cardinality() >= EventTable.get().size();
    }

    /** The names of the syscalls behind these event types and generic-event syscall ids. */
    private static Set<String> syscallsOf(BitSet eventTypes, BitSet genericSyscalls) {
        EventTable table = EventTable.get();
        Set<String> out = new TreeSet<>();
        BitSet types = (BitSet) eventTypes.clone();
        types.clear(EventIds.GENERIC_E); // generic events name syscalls by id: those come below
        types.clear(EventIds.GENERIC_X);
        for (int t = types.nextSetBit(0); t >= 0; t = types.nextSetBit(t + 1)) {
            if (table.info(t) != null) {
                out.add(table.info(t).name());
                // a few events are named otherwise than their syscall (pread for pread64, prlimit for prlimit64)
                for (var s : table.nativeSyscalls()) {
                    if (s.exitEvent() == t || s.enterEvent() == t) {
                        out.add(s.name());
                    }
                }
            }
        }
        for (int sc = genericSyscalls.nextSetBit(0); sc >= 0; sc = genericSyscalls.nextSetBit(sc + 1)) {
            String name = table.syscallName(sc);
            if (name != null) {
                out.add(name);
            }
        }
        return out;
    }

    /**
     * The enabled rules that restrict evt.type to types no live source produces (so they can never fire live),
     * each with the names of those types, in load order.
     *
     * @param producible        the event types rules can see live
     * @param producibleSyscall the syscall ids of the generic events rules can see live
     */
    public static Map<String, List<String>> blindRules(Ruleset ruleset, BitSet producible, BitSet producibleSyscall) {
        EventTable table = EventTable.get();
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (CompiledRule r : ruleset.enabled()) {
            BitSet types = r.filter().eventTypes();
            if (unrestricted(types)) {
                continue;
            }
            types.clear(EventIds.GENERIC_E);
            types.clear(EventIds.GENERIC_X);
            BitSet generic = r.filter().genericSyscalls();
            if (types.intersects(producible) || generic.intersects(producibleSyscall)) {
                continue;
            }
            Set<String> names = new TreeSet<>();
            for (int t = types.nextSetBit(0); t >= 0; t = types.nextSetBit(t + 1)) {
                names.add(table.info(t) == null ? Integer.toString(t) : table.info(t).name());
            }
            for (int sc = generic.nextSetBit(0); sc >= 0; sc = generic.nextSetBit(sc + 1)) {
                names.add(table.syscallName(sc) == null ? "syscall " + sc : table.syscallName(sc));
            }
            out.put(r.name(), new ArrayList<>(names));
        }
        return out;
    }
}
