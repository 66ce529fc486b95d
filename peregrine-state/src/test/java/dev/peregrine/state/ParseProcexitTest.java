package dev.peregrine.state;

import dev.peregrine.scap.synthetic.ShellMachine;
import dev.peregrine.scap.synthetic.SyntheticCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.peregrine.scap.synthetic.ShellMachine.INIT;
import static dev.peregrine.scap.synthetic.ShellMachine.SHELL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * parse_thread_exit (libsinsp e5c53d6) for procexit in both layouts: the thread is marked closed and removed when
 * the next event arrives, unless it is a main thread whose other threads still run.
 */
class ParseProcexitTest {
    private static final long THREAD = 101;

    @TempDir
    Path dir;

    private static SyntheticCapture withThread() {
        return ShellMachine.capture().thread(THREAD, t -> {
            t.pid = SHELL;
            t.ptid = INIT;
            t.comm = "bash";
            t.flags = Clone.CLONE_THREAD | Clone.CLONE_FILES;
        });
    }

    @Test
    void anExitedProcessIsRemovedWithTheNextEvent() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.enter(SHELL, "procexit").set("status", 0L).set("ret", 0L).set("reaper_tid", INIT);
        c.exit(INIT, "getcwd").set("res", 0L).set("path", "/");
        try (StateReplay r = StateReplay.of(c, dir)) {
            ThreadInfo shell = r.thread(SHELL);
            r.next();
            // the procexit event still has its thread
            assertThat(r.thread(SHELL)).isSameAs(shell);
            assertThat(r.state().currentThread()).isSameAs(shell);
            assertThat(shell.flags() & Clone.CLOSED).isNotZero();
            r.next();
            assertThat(r.thread(SHELL)).isNull();
            assertThat(r.thread(INIT)).isNotNull();
        }
    }

    @Test
    void theOldLayoutWithoutParametersToo() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.enter(SHELL, "procexit").withParamCount(0);
        c.exit(INIT, "getcwd").set("res", 0L).set("path", "/");
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(2);
            assertThat(r.thread(SHELL)).isNull();
        }
    }

    @Test
    void anExitedThreadLeavesItsProcess() throws Exception {
        SyntheticCapture c = withThread();
        c.enter(THREAD, "procexit").set("status", 0L);
        c.exit(INIT, "getcwd").set("res", 0L).set("path", "/");
        try (StateReplay r = StateReplay.of(c, dir)) {
            assertThat(r.thread(SHELL).nchilds()).isEqualTo(1);
            r.skip(2);
            assertThat(r.thread(THREAD)).isNull();
            assertThat(r.thread(SHELL).nchilds()).isZero();
            assertThat(r.thread(SHELL).fds().size()).as("the process's fds stay").isEqualTo(5);
        }
    }

    @Test
    void aMainThreadStaysWhileItsOtherThreadsRun() throws Exception {
        SyntheticCapture c = withThread();
        c.enter(SHELL, "procexit").set("status", 0L);
        c.exit(THREAD, "read").set("res", 1L).set("fd", 0L);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(2);
            ThreadInfo shell = r.thread(SHELL);
            assertThat(shell).isNotNull();
            assertThat(shell.flags() & Clone.CLOSED).isNotZero();
            // the remaining thread still finds its process's fds
            assertThat(r.state().currentFd().name()).isEqualTo("/dev/pts/0");
        }
    }

    @Test
    void anUnknownThreadsExitChangesNothing() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.enter(777, "procexit").set("status", 0L);
        c.exit(INIT, "getcwd").set("res", 0L).set("path", "/");
        try (StateReplay r = StateReplay.of(c, dir)) {
            int threads = r.state().threadCount();
            r.skip(2);
            // the procexit of a thread never seen makes up an entry (as any event does), then removes it
            assertThat(r.thread(777)).isNull();
            assertThat(r.state().threadCount()).isEqualTo(threads);
        }
    }
}
