package dev.peregrine.state;

import dev.peregrine.scap.EventView;
import dev.peregrine.scap.synthetic.ShellMachine;
import dev.peregrine.scap.synthetic.SyntheticCapture;
import dev.peregrine.scap.synthetic.SyntheticEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static dev.peregrine.scap.synthetic.ShellMachine.ALICE;
import static dev.peregrine.scap.synthetic.ShellMachine.INIT;
import static dev.peregrine.scap.synthetic.ShellMachine.PASSWD_FD;
import static dev.peregrine.scap.synthetic.ShellMachine.SHELL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * parse_clone_exit (libsinsp e5c53d6) for the exits of clone, fork, vfork and clone3: in the caller (the child's
 * tid returned), in the child (0 returned), in either order, in a pid namespace, and on every parameter layout.
 */
class ParseCloneTest {
    private static final long CHILD = 200;
    private static final long CLONE_STALE_NS = 2_000_000_000L;

    @TempDir
    Path dir;

    /**
     * A clone-family exit of thread {@code tid} (whose own pid and parent are {@code pid} and {@code ptid}), as a
     * driver on the host writes it: vtid and vpid equal tid and pid. Parameters a layout lacks are left out.
     */
    private static SyntheticEvent cloneExit(SyntheticEvent e, long tid, long pid, long ptid, long res, int flags) {
        e.set("res", res).set("exe", "/usr/bin/make").set("args", List.of("-j", "4")).set("tid", tid)
                .set("pid", pid).set("ptid", ptid).set("cwd", "").set("fdlimit", 4096L).set("flags", flags)
                .set("uid", ALICE).set("gid", ALICE);
        if (e.info().paramIndex("pgft_maj") >= 0) {
            e.set("pgft_maj", 7L).set("pgft_min", 70L).set("vm_size", 5000).set("vm_rss", 4000).set("vm_swap", 10);
        }
        if (e.info().paramIndex("comm") >= 0) {
            e.set("comm", "make");
        }
        if (e.info().paramIndex("vtid") >= 0) {
            e.set("vtid", tid).set("vpid", pid);
        }
        return e;
    }

    private static SyntheticEvent callerExit(SyntheticCapture c, long res, int flags) {
        return cloneExit(c.exit(SHELL, "clone"), SHELL, SHELL, INIT, res, flags);
    }

    private static SyntheticEvent childExit(SyntheticCapture c, long child, int flags) {
        long pid = (flags & Clone.CLONE_THREAD) != 0 ? SHELL : child;
        long ptid = (flags & Clone.CLONE_THREAD) != 0 ? INIT : SHELL;
        return cloneExit(c.exit(child, "clone"), child, pid, ptid, 0, flags);
    }

    @Test
    void theCallersExitAddsTheChildProcess() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        callerExit(c, CHILD, 0);
        c.exit(CHILD, "close").set("res", 0L).set("fd", PASSWD_FD);
        c.exit(CHILD, "getcwd").set("res", 0L).set("path", "/");
        try (StateReplay r = StateReplay.of(c, dir)) {
            int before = r.state().threadCount();
            EventView clone = r.next();
            long ts = clone.timestamp();
            assertThat(r.state().threadCount()).isEqualTo(before + 1);
            ThreadInfo child = r.thread(CHILD);
            ThreadInfo shell = r.thread(SHELL);
            assertThat(child.pid()).isEqualTo(CHILD);
            assertThat(child.ptid()).isEqualTo(SHELL);
            assertThat(child.isMainThread()).isTrue();
            // the event's own image and resources
            assertThat(child.comm()).isEqualTo("make");
            assertThat(child.exe()).isEqualTo("/usr/bin/make");
            assertThat(child.args()).containsExactly("-j", "4");
            assertThat(child.fdlimit()).isEqualTo(4096);
            assertThat(List.of(child.pfMajor(), child.pfMinor(), child.vmsizeKb(), child.vmrssKb(), child.vmswapKb()))
                    .containsExactly(7L, 70L, 5000L, 4000L, 10L);
            assertThat(child.uid()).isEqualTo(ALICE);
            assertThat(child.vtid()).isEqualTo(CHILD);
            assertThat(child.vpid()).isEqualTo(CHILD);
            assertThat(child.cloneTs()).isEqualTo(ts);
            // the rest is the caller's: executable path, session, group, login uid, environment, cwd
            assertThat(child.exepath()).isEqualTo(shell.exepath()).isEqualTo("/usr/bin/bash");
            assertThat(child.sid()).isEqualTo(SHELL);
            assertThat(child.vpgid()).isEqualTo(SHELL);
            assertThat(child.loginuid()).isEqualTo(ALICE);
            assertThat(child.env()).isEqualTo(shell.env());
            assertThat(r.state().cwdOf(child)).isEqualTo(ShellMachine.HOME + "/");
            // a copy of the caller's fds, marked as cloned; the caller's own are not
            assertThat(child.fds().size()).isEqualTo(shell.fds().size()).isEqualTo(5);
            assertThat(r.fd(CHILD, PASSWD_FD).name()).isEqualTo("/etc/passwd");
            assertThat(r.fd(CHILD, PASSWD_FD).flags() & FdInfo.FLAG_IS_CLONED).isNotZero();
            assertThat(r.fd(SHELL, PASSWD_FD).flags() & FdInfo.FLAG_IS_CLONED).isZero();
            // a new process is no thread of the caller
            assertThat(shell.nchilds()).isZero();

            // the copies are the child's own: closing one there leaves the caller's, and so does a chdir
            r.skip(2);
            assertThat(r.fd(CHILD, PASSWD_FD)).isNull();
            assertThat(r.fd(SHELL, PASSWD_FD)).isNotNull();
            assertThat(r.state().cwdOf(r.thread(CHILD))).isEqualTo("/");
            assertThat(r.state().cwdOf(shell)).isEqualTo(ShellMachine.HOME + "/");
        }
    }

    @Test
    void theChildInheritsCapabilitiesLayersAndProcessGroup() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(SHELL, "capset").set("res", 0L).set("cap_permitted", 0x3000L).set("cap_effective", 0x1000L);
        // PPM_EXE_UPPER_LAYER | PPM_EXE_FROM_MEMFD
        c.exit(SHELL, "execve").set("res", 0L).set("exe", "bash").set("pid", SHELL).set("comm", "bash")
                .set("flags", 1 << 1 | 1 << 2).set("pgid", 4321L).set("cap_permitted", 0x3000L)
                .set("cap_effective", 0x1000L);
        callerExit(c, CHILD, 0);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(3);
            ThreadInfo child = r.thread(CHILD);
            assertThat(child.capPermitted()).isEqualTo(0x3000);
            assertThat(child.capEffective()).isEqualTo(0x1000);
            assertThat(child.exeUpperLayer()).isTrue();
            assertThat(child.exeFromMemfd()).isTrue();
            assertThat(child.exeLowerLayer()).isFalse();
            assertThat(child.pgid()).isEqualTo(4321);
        }
    }

    @Test
    void aThreadJoinsTheCallersProcessAndSharesItsFds() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        long thread = 101;
        callerExit(c, thread, Clone.CLONE_THREAD | Clone.CLONE_FILES);
        c.exit(thread, "openat").set("fd", 5L).set("dirfd", -100L).set("name", "notes.txt").set("flags", 1);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            ThreadInfo t = r.thread(thread);
            assertThat(t.pid()).isEqualTo(SHELL);
            assertThat(t.ptid()).isEqualTo(SHELL);
            assertThat(t.isMainThread()).isFalse();
            assertThat(r.state().mainThread(t)).isSameAs(r.thread(SHELL));
            assertThat(r.thread(SHELL).nchilds()).isEqualTo(1);
            // threads do not take the environment: it is the process's (its main thread's)
            assertThat(t.env()).isEmpty();
            assertThat(r.state().fdTable(t)).isSameAs(r.thread(SHELL).fds());
            assertThat(r.state().cwdOf(t)).isEqualTo(ShellMachine.HOME + "/");

            r.next();
            assertThat(r.fd(SHELL, 5).name()).isEqualTo(ShellMachine.HOME + "/notes.txt");
        }
    }

    @Test
    void aFailedCloneAddsNothing() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        callerExit(c, -11, 0); // EAGAIN
        try (StateReplay r = StateReplay.of(c, dir)) {
            int before = r.state().threadCount();
            r.next();
            assertThat(r.state().threadCount()).isEqualTo(before);
            assertThat(r.thread(-11)).isNull();
            assertThat(r.state().currentThread()).isSameAs(r.thread(SHELL));
        }
    }

    @Test
    void theChildsExitFirstAddsItAndTheCallersExitKeepsIt() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        childExit(c, CHILD, 0).set("comm", "child-side");
        callerExit(c, CHILD, 0).set("comm", "caller-side");
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            ThreadInfo child = r.thread(CHILD);
            assertThat(child).isNotNull();
            assertThat(child.ptid()).isEqualTo(SHELL);
            assertThat(child.comm()).isEqualTo("child-side");
            assertThat(child.flags() & Clone.CLONE_INVERTED).isNotZero();
            assertThat(child.env()).isEqualTo(r.thread(SHELL).env());
            assertThat(r.fd(CHILD, PASSWD_FD)).isNotNull();

            r.next();
            assertThat(r.thread(CHILD)).isSameAs(child);
            assertThat(child.comm()).isEqualTo("child-side");
        }
    }

    @Test
    void theChildsExitAfterTheCallersChangesNothing() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        callerExit(c, CHILD, 0).set("comm", "caller-side");
        childExit(c, CHILD, 0).set("comm", "child-side");
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            ThreadInfo child = r.thread(CHILD);
            r.next();
            assertThat(r.thread(CHILD)).isSameAs(child);
            assertThat(child.comm()).isEqualTo("caller-side");
            assertThat(child.flags() & Clone.CLONE_INVERTED).isZero();
        }
    }

    @Test
    void aStaleEntryForTheChildsTidIsReplaced() throws Exception {
        // tid 200 is left over from a process whose exit was missed
        SyntheticCapture c = ShellMachine.capture().thread(CHILD, t -> {
            t.ptid = INIT;
            t.comm = "old";
        });
        callerExit(c, CHILD, 0);
        try (StateReplay r = StateReplay.of(c, dir)) {
            ThreadInfo old = r.thread(CHILD);
            assertThat(old.comm()).isEqualTo("old");
            r.next();
            assertThat(r.thread(CHILD)).isNotSameAs(old);
            assertThat(r.thread(CHILD).comm()).isEqualTo("make");
            assertThat(r.thread(CHILD).ptid()).isEqualTo(SHELL);
        }
    }

    @Test
    void aChildEntryOlderThanTwoSecondsIsReplacedByTheChildsExit() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        long start = SyntheticCapture.START_NS;
        callerExit(c, CHILD, 0).set("comm", "first").at(start);
        // within the stale time, the child's exit keeps the entry
        childExit(c, CHILD, 0).set("comm", "second").at(start + CLONE_STALE_NS - 1);
        // after it, the entry is taken for a leftover and made again from the child's exit
        childExit(c, CHILD, 0).set("comm", "third").at(start + CLONE_STALE_NS + 1);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(2);
            assertThat(r.thread(CHILD).comm()).isEqualTo("first");
            r.next();
            assertThat(r.thread(CHILD).comm()).isEqualTo("third");
            assertThat(r.thread(CHILD).flags() & Clone.CLONE_INVERTED).isNotZero();
            assertThat(r.thread(CHILD).cloneTs()).isEqualTo(start + CLONE_STALE_NS + 1);
        }
    }

    @Test
    void inAPidNamespaceOnlyTheChildsExitAddsTheChild() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        // the caller sees the child's tid in its own namespace: it may not be the host's
        callerExit(c, 7, Clone.CHILD_IN_PIDNS);
        // the child's exit: host tid 200, tid 1 in the new namespace
        childExit(c, CHILD, Clone.CHILD_IN_PIDNS | Clone.CLONE_NEWPID).set("vtid", 1L).set("vpid", 1L);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            assertThat(r.thread(7)).isNull();
            r.next();
            ThreadInfo child = r.thread(CHILD);
            assertThat(child.ptid()).isEqualTo(SHELL);
            assertThat(child.vtid()).isEqualTo(1);
            assertThat(child.vpid()).isEqualTo(1);
        }
    }

    @Test
    void theChildsExitInAPidNamespaceSetsTheIdsTheCallerCouldNotSee() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        callerExit(c, CHILD, 0);
        childExit(c, CHILD, Clone.CHILD_IN_PIDNS).set("vtid", 1L).set("vpid", 1L);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            assertThat(r.thread(CHILD).vtid()).isEqualTo(CHILD);
            r.next();
            assertThat(r.thread(CHILD).vtid()).isEqualTo(1);
            assertThat(r.thread(CHILD).vpid()).isEqualTo(1);
        }
    }

    @Test
    void anUnknownCallerIsDescribedByItsEvent() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        cloneExit(c.exit(300, "clone"), 300, 300, INIT, 301, 0).set("comm", "cron").set("exe", "/usr/sbin/cron");
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            ThreadInfo caller = r.thread(300);
            assertThat(caller.comm()).isEqualTo("cron");
            assertThat(caller.exe()).isEqualTo("/usr/sbin/cron");
            assertThat(caller.args()).containsExactly("-j", "4");
            ThreadInfo child = r.thread(301);
            assertThat(child.ptid()).isEqualTo(300);
            assertThat(child.comm()).isEqualTo("cron");
            assertThat(child.uid()).isEqualTo(ALICE);
        }
    }

    /** Every layout of the clone family: those without comm take the executable's name. */
    @ParameterizedTest(name = "{0} with {1} parameters")
    @CsvSource({"clone, 11", "clone, 16", "clone, 17", "clone, -1", "fork, 16", "fork, 17", "fork, -1", "vfork, 16",
            "vfork, 17", "vfork, -1", "clone3, -1"})
    void everyLayoutAddsTheChild(String name, int paramCount) throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        SyntheticEvent e = c.exit(SHELL, name);
        if (paramCount >= 0) {
            e.withParamCount(paramCount);
        }
        cloneExit(e, SHELL, SHELL, INIT, CHILD, 0);
        boolean hasComm = e.info().paramIndex("comm") >= 0;
        boolean hasMemory = e.info().paramIndex("vm_size") >= 0;
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            ThreadInfo child = r.thread(CHILD);
            assertThat(child).as("%s", e.info()).isNotNull();
            assertThat(child.ptid()).isEqualTo(SHELL);
            assertThat(child.comm()).isEqualTo(hasComm ? "make" : "/usr/bin/make");
            assertThat(child.uid()).isEqualTo(ALICE);
            assertThat(child.gid()).isEqualTo(ALICE);
            assertThat(child.fdlimit()).isEqualTo(4096);
            assertThat(child.vmsizeKb()).isEqualTo(hasMemory ? 5000 : 0);
        }
    }

    @Test
    void cgroupsGiveTheChildItsContainer() throws Exception {
        String id = "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e";
        SyntheticCapture c = ShellMachine.capture();
        callerExit(c, CHILD, 0).set("cgroups", List.of("cpuset=/docker/" + id, "perf=/docker/" + id,
                "mem=/docker/" + id, "io=/docker/" + id, "cpu_cgroup=/docker/" + id));
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            ThreadInfo child = r.thread(CHILD);
            // subsystem names as cgroup v1 has them
            assertThat(child.cgroups()).containsExactly("cpuset=/docker/" + id, "perf_event=/docker/" + id,
                    "memory=/docker/" + id, "blkio=/docker/" + id, "cpu=/docker/" + id);
            assertThat(child.containerId()).isEqualTo(id.substring(0, 12));
            assertThat(r.state().container(id.substring(0, 12)).typeName()).isEqualTo("docker");
            // the caller stays on the host
            assertThat(r.thread(SHELL).containerId()).isEmpty();
        }
    }
}
