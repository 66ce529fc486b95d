package dev.peregrine.state;

import dev.peregrine.scap.ThreadEntry;
import dev.peregrine.scap.synthetic.ShellMachine;
import dev.peregrine.scap.synthetic.SyntheticCapture;
import dev.peregrine.scap.synthetic.SyntheticEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.peregrine.scap.synthetic.ShellMachine.INIT;
import static dev.peregrine.scap.synthetic.ShellMachine.SHELL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reparenting on exit, as current libsinsp does it (libs HEAD remove_thread, find_new_reaper; sysdig 0.29.3 kept
 * the dead parent's tid): the children of a thread that goes move to the reaper procexit names, else to one found
 * as the kernel finds it. The machine: init (1) and alice's shell (100); the shell forks make (200), make forks cc
 * (300).
 */
class ParseReparentTest {
    private static final long MAKE = 200, CC = 300, SHELL_THREAD = 101, MAKE_THREAD = 201;

    @TempDir
    Path dir;

    /** The clone exit in the caller {@code tid} of process {@code pid}, returning {@code res}. */
    private static SyntheticEvent clone(SyntheticCapture c, long tid, long pid, long res, int flags) {
        return c.exit(tid, "clone").set("res", res).set("exe", "make").set("tid", tid).set("pid", pid)
                .set("ptid", INIT).set("fdlimit", 1024L).set("comm", "make").set("flags", flags).set("uid", 1000)
                .set("gid", 1000).set("vtid", tid).set("vpid", pid);
    }

    /** Events 1-2: the shell forks make, make forks cc. */
    private static SyntheticCapture threeGenerations() {
        SyntheticCapture c = ShellMachine.capture();
        clone(c, SHELL, SHELL, MAKE, 0);
        clone(c, MAKE, MAKE, CC, 0);
        return c;
    }

    private static void exit(SyntheticCapture c, long tid, long reaper) {
        c.enter(tid, "procexit").set("status", 0L).set("ret", 0L).set("reaper_tid", reaper);
    }

    private static void read(SyntheticCapture c, long tid) {
        c.exit(tid, "read").set("res", 1L).set("fd", 0L);
    }

    @Test
    void theChildrenGoToTheReaperProcexitNames() throws Exception {
        SyntheticCapture c = threeGenerations();
        exit(c, MAKE, SHELL); // the shell as a child subreaper: the kernel's choice, not the fallback's init
        read(c, CC);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(2);
            assertThat(r.thread(MAKE).childCount()).isEqualTo(1);
            int shellChildren = r.thread(SHELL).childCount();
            r.skip(2);
            assertThat(r.thread(MAKE)).isNull();
            ThreadInfo cc = r.thread(CC);
            assertThat(cc.ptid()).isEqualTo(SHELL);
            assertThat(r.state().parent(cc).comm()).isEqualTo("bash");
            // make left the shell's children, cc joined them
            assertThat(r.thread(SHELL).childCount()).isEqualTo(shellChildren);
            assertThat(r.thread(SHELL).firstChild()).isSameAs(cc);
        }
    }

    @Test
    void withoutAReaperTheNearestReaperAncestorTakesThem() throws Exception {
        SyntheticCapture c = threeGenerations();
        exit(c, MAKE, 0);
        read(c, CC);
        try (StateReplay r = StateReplay.of(c, dir)) {
            int initChildren = r.thread(INIT).childCount();
            r.skip(4);
            // the shell is no reaper; init (pid 1) is
            assertThat(r.thread(CC).ptid()).isEqualTo(INIT);
            assertThat(r.state().parent(r.thread(CC)).comm()).isEqualTo("systemd");
            assertThat(r.thread(INIT).childCount()).isEqualTo(initChildren + 1);
        }
    }

    @Test
    void aReaperNotInTheTableIsReplacedByTheFallback() throws Exception {
        SyntheticCapture c = threeGenerations();
        exit(c, MAKE, 4242);
        read(c, CC);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(4);
            assertThat(r.thread(CC).ptid()).isEqualTo(INIT);
        }
    }

    @Test
    void theOldProcexitWithoutParametersUsesTheFallback() throws Exception {
        SyntheticCapture c = threeGenerations();
        c.enter(MAKE, "procexit").withParamCount(0);
        read(c, CC);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(4);
            assertThat(r.thread(CC).ptid()).isEqualTo(INIT);
        }
    }

    @Test
    void aProcessThatTookOrphansInTakesTheNextOnes() throws Exception {
        long ld = 400;
        SyntheticCapture c = threeGenerations();
        clone(c, CC, CC, ld, 0);
        exit(c, MAKE, SHELL);
        read(c, CC);
        exit(c, CC, 0);
        read(c, ld);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(5);
            assertThat(r.thread(SHELL).reaper).isTrue();
            r.skip(2);
            // the fallback's walk from cc meets the shell before init
            assertThat(r.thread(ld).ptid()).isEqualTo(SHELL);
        }
    }

    @Test
    void aChildSubreaperTakesInTheOrphansOfItsDescendants() throws Exception {
        SyntheticCapture c = threeGenerations();
        // prctl(PR_SET_CHILD_SUBREAPER, 1) in the shell, as conmon and container shims do
        c.exit(SHELL, "prctl").set("res", 0L).set("option", 36).set("arg2_int", 1L);
        exit(c, MAKE, -1); // the driver could not tell
        read(c, CC);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(3);
            assertThat(r.thread(SHELL).reaper).isTrue();
            r.skip(2);
            assertThat(r.thread(CC).ptid()).isEqualTo(SHELL);
        }
    }

    @Test
    void anExecveNamesTheParentTheKernelGaveTheProcess() throws Exception {
        SyntheticCapture c = threeGenerations();
        exit(c, MAKE, 0);
        read(c, CC);
        // the shell took cc in (a child subreaper whose prctl was not traced): cc's execve says so
        c.exit(CC, "execve").set("res", 0L).set("exe", "cc").set("tid", CC).set("pid", CC).set("ptid", SHELL)
                .set("comm", "cc");
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(4);
            assertThat(r.thread(CC).ptid()).isEqualTo(INIT);
            r.next();
            assertThat(r.thread(CC).ptid()).isEqualTo(SHELL);
            assertThat(r.thread(SHELL).firstChild()).isSameAs(r.thread(CC));
        }
    }

    @Test
    void anExecveLeavesAParentOfTheSameProcess() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        clone(c, SHELL, SHELL, SHELL_THREAD, Clone.CLONE_THREAD | Clone.CLONE_FILES);
        clone(c, SHELL_THREAD, SHELL, MAKE, 0);
        // the driver names the parent process, the table the thread that forked
        c.exit(MAKE, "execve").set("res", 0L).set("exe", "make").set("tid", MAKE).set("pid", MAKE)
                .set("ptid", SHELL).set("comm", "make");
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(3);
            assertThat(r.thread(MAKE).ptid()).isEqualTo(SHELL_THREAD);
        }
    }

    @Test
    void aCloneParentChildIsItsCallersSiblingAndStaysWhenTheCallerExits() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        clone(c, SHELL, SHELL, MAKE, 0);
        // runc's way of starting a container's init: CLONE_PARENT makes the caller's parent the child's
        clone(c, MAKE, MAKE, CC, Clone.CLONE_PARENT).set("ptid", SHELL);
        exit(c, MAKE, 0);
        read(c, CC);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(2);
            assertThat(r.thread(CC).ptid()).isEqualTo(SHELL);
            assertThat(r.thread(MAKE).childCount()).isZero();
            r.skip(2);
            assertThat(r.thread(CC).ptid()).isEqualTo(SHELL);
        }
    }

    @Test
    void aThreadsExitLeavesTheProcesssChildrenWithIt() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        clone(c, SHELL, SHELL, SHELL_THREAD, Clone.CLONE_THREAD | Clone.CLONE_FILES);
        clone(c, SHELL, SHELL, MAKE, 0);
        exit(c, SHELL_THREAD, 0);
        read(c, MAKE);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(2);
            ThreadInfo shell = r.thread(SHELL);
            int shellChildren = shell.childCount();
            // a thread of the shell is none of its children (libsinsp lists a thread under its process's parent)
            assertThat(r.thread(SHELL_THREAD).ptid()).isEqualTo(SHELL);
            r.skip(2);
            assertThat(r.thread(SHELL_THREAD)).isNull();
            assertThat(r.thread(MAKE).ptid()).isEqualTo(SHELL);
            assertThat(shell.childCount()).isEqualTo(shellChildren);
            assertThat(shell.nchilds()).isZero();
        }
    }

    @Test
    void theChildrenOfAThreadStayInItsProcess() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        clone(c, SHELL, SHELL, SHELL_THREAD, Clone.CLONE_THREAD | Clone.CLONE_FILES);
        clone(c, SHELL_THREAD, SHELL, MAKE, 0);
        exit(c, SHELL_THREAD, 0);
        read(c, MAKE);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(2);
            assertThat(r.thread(MAKE).ptid()).isEqualTo(SHELL_THREAD);
            assertThat(r.thread(SHELL_THREAD).childCount()).isEqualTo(1);
            r.skip(2);
            // no reaper named: the process's main thread, still alive, takes them
            assertThat(r.thread(MAKE).ptid()).isEqualTo(SHELL);
            assertThat(r.thread(SHELL).firstChild()).isSameAs(r.thread(MAKE));
        }
    }

    @Test
    void aMainThreadThatExitsFirstHandsItsChildrenToTheThreadTheKernelNames() throws Exception {
        SyntheticCapture c = threeGenerations();
        clone(c, MAKE, MAKE, MAKE_THREAD, Clone.CLONE_THREAD | Clone.CLONE_FILES);
        exit(c, MAKE, MAKE_THREAD);
        read(c, CC);
        exit(c, MAKE_THREAD, INIT);
        read(c, CC);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(5);
            // make stays (dead) while its thread runs; cc is the thread's now
            assertThat(r.thread(MAKE)).isNotNull();
            assertThat(r.thread(MAKE).flags() & Clone.CLOSED).isNotZero();
            assertThat(r.thread(MAKE).childCount()).isZero();
            assertThat(r.thread(CC).ptid()).isEqualTo(MAKE_THREAD);
            r.skip(2);
            // the last thread goes, and make with it; cc goes to the reaper the thread's exit names
            assertThat(r.thread(MAKE_THREAD)).isNull();
            assertThat(r.thread(MAKE)).isNull();
            assertThat(r.thread(CC).ptid()).isEqualTo(INIT);
        }
    }

    @Test
    void withoutAReaperAMainThreadKeepsItsChildrenUntilItGoesWithItsLastThread() throws Exception {
        SyntheticCapture c = threeGenerations();
        clone(c, MAKE, MAKE, MAKE_THREAD, Clone.CLONE_THREAD | Clone.CLONE_FILES);
        exit(c, MAKE, 0);
        read(c, CC);
        exit(c, MAKE_THREAD, 0);
        read(c, CC);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(5);
            assertThat(r.thread(CC).ptid()).isEqualTo(MAKE);
            assertThat(r.thread(MAKE).childCount()).isEqualTo(1);
            r.skip(2);
            assertThat(r.thread(MAKE)).isNull();
            assertThat(r.thread(CC).ptid()).isEqualTo(INIT);
        }
    }

    @Test
    void aPidNamespacesInitTakesTheOrphansOfItsNamespace() throws Exception {
        long containerInit = 500, shellInside = 501, sleep = 502;
        SyntheticCapture c = ShellMachine.capture()
                .thread(containerInit, t -> inNamespace(t, SHELL, 1, "tini"))
                .thread(shellInside, t -> inNamespace(t, containerInit, 7, "sh"))
                .thread(sleep, t -> inNamespace(t, shellInside, 8, "sleep"));
        exit(c, shellInside, 0);
        read(c, sleep);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(2);
            assertThat(r.thread(sleep).ptid()).isEqualTo(containerInit);
            assertThat(r.state().parent(r.thread(sleep)).comm()).isEqualTo("tini");
        }
    }

    @Test
    void theWalkStopsAtItsPidNamespacesEdge() throws Exception {
        long containerInit = 500, shellInside = 501, sleep = 502;
        SyntheticCapture c = ShellMachine.capture()
                .thread(containerInit, t -> inNamespace(t, SHELL, 5, "tini"))
                .thread(shellInside, t -> inNamespace(t, containerInit, 7, "sh"))
                .thread(sleep, t -> inNamespace(t, shellInside, 8, "sleep"));
        exit(c, shellInside, 0);
        read(c, sleep);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(2);
            // tini is no namespace init here (vpid 5) and init is outside the namespace: no parent (libsinsp's 0)
            assertThat(r.thread(sleep).ptid()).isZero();
            assertThat(r.state().parent(r.thread(sleep))).isNull();
        }
    }

    private static void inNamespace(ThreadEntry t, long ptid, long vpid, String comm) {
        t.ptid = ptid;
        t.vtid = vpid;
        t.vpid = vpid;
        t.comm = comm;
        t.flags = Clone.CHILD_IN_PIDNS;
    }

    @Test
    void theProcessTableBuildsTheTree() throws Exception {
        SyntheticCapture c = ShellMachine.capture().thread(SHELL_THREAD, t -> {
            t.pid = SHELL;
            t.ptid = INIT;
            t.comm = "bash";
            t.flags = Clone.CLONE_THREAD | Clone.CLONE_FILES;
        }).thread(MAKE, t -> {
            t.ptid = SHELL;
            t.comm = "make";
        });
        exit(c, SHELL, 0);
        read(c, SHELL_THREAD);
        read(c, MAKE);
        try (StateReplay r = StateReplay.of(c, dir)) {
            // the shell and its thread (a /proc thread names its process's parent) are init's; make is the shell's
            assertThat(r.thread(INIT).childCount()).isEqualTo(2);
            assertThat(r.thread(SHELL).childCount()).isEqualTo(1);
            assertThat(r.thread(SHELL).firstChild()).isSameAs(r.thread(MAKE));
            r.skip(3);
            // the shell's main thread stays for its thread and keeps make, no reaper being named
            assertThat(r.thread(MAKE).ptid()).isEqualTo(SHELL);
        }
    }
}
