package dev.peregrine.state;

import dev.peregrine.scap.synthetic.ShellMachine;
import dev.peregrine.scap.synthetic.SyntheticCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.peregrine.scap.synthetic.ShellMachine.INIT;
import static dev.peregrine.scap.synthetic.ShellMachine.PASSWD_FD;
import static dev.peregrine.scap.synthetic.ShellMachine.SHELL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * parse_close_enter / parse_close_exit (libsinsp e5c53d6): the enter marks the fd as closing, a successful exit
 * removes it once the next event arrives (so the exit itself still shows it), a failed one keeps it.
 */
class ParseCloseTest {
    @TempDir
    Path dir;

    @Test
    void aClosedFdGoesAwayAfterTheExit() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.enter(SHELL, "close").set("fd", PASSWD_FD);
        c.exit(SHELL, "close").set("res", 0L).set("fd", PASSWD_FD);
        c.exit(INIT, "getcwd").set("res", 0L).set("path", "/");
        try (StateReplay r = StateReplay.of(c, dir)) {
            FdInfo passwd = r.fd(SHELL, PASSWD_FD);
            r.next();
            assertThat(passwd.flags() & FdInfo.FLAG_CLOSE_IN_PROGRESS).isNotZero();
            assertThat(r.state().currentFdNum()).isEqualTo(PASSWD_FD);
            assertThat(r.state().currentFd()).isSameAs(passwd);
            r.next();
            // the exit event still has its fd
            assertThat(r.fd(SHELL, PASSWD_FD)).isSameAs(passwd);
            assertThat(r.state().currentFd()).isSameAs(passwd);
            // gone with the next event, whichever thread it is of
            r.next();
            assertThat(r.fd(SHELL, PASSWD_FD)).isNull();
        }
    }

    @Test
    void aFailedCloseKeepsTheFd() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.enter(SHELL, "close").set("fd", PASSWD_FD);
        c.exit(SHELL, "close").set("res", -4L).set("fd", PASSWD_FD); // EINTR
        c.exit(INIT, "getcwd").set("res", 0L).set("path", "/");
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(3);
            FdInfo passwd = r.fd(SHELL, PASSWD_FD);
            assertThat(passwd).isNotNull();
            assertThat(passwd.flags() & FdInfo.FLAG_CLOSE_IN_PROGRESS).isZero();
        }
    }

    @Test
    void anExitWithoutItsEnterEventClosesTheFdItCarries() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        // a read of fd 0 first: the thread's last fd is another one than the close's
        c.exit(SHELL, "read").set("res", 1L).set("fd", 0L);
        c.exit(SHELL, "close").set("res", 0L).set("fd", PASSWD_FD);
        c.exit(SHELL, "close").set("res", 0L).set("fd", ShellMachine.HOME_FD);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(2);
            assertThat(r.state().currentFdNum()).isEqualTo(PASSWD_FD);
            r.next();
            assertThat(r.fd(SHELL, PASSWD_FD)).isNull();
            assertThat(r.fd(SHELL, 0)).isNotNull();
            assertThat(r.fd(SHELL, ShellMachine.HOME_FD)).as("until the next event").isNotNull();
        }
    }

    @Test
    void closingAnUnknownFdChangesNothing() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.enter(SHELL, "close").set("fd", 42L);
        c.exit(SHELL, "close").set("res", -9L).set("fd", 42L); // EBADF
        c.exit(INIT, "getcwd").set("res", 0L).set("path", "/");
        try (StateReplay r = StateReplay.of(c, dir)) {
            int fds = r.thread(SHELL).fds().size();
            r.skip(2);
            assertThat(r.state().currentFdNum()).isEqualTo(42);
            assertThat(r.state().currentFd()).isNull();
            r.next();
            assertThat(r.thread(SHELL).fds().size()).isEqualTo(fds);
        }
    }

    @Test
    void aThreadClosesTheFdOfItsProcess() throws Exception {
        long thread = 101;
        SyntheticCapture c = ShellMachine.capture().thread(thread, t -> {
            t.pid = SHELL;
            t.ptid = INIT;
            t.flags = Clone.CLONE_THREAD | Clone.CLONE_FILES;
        });
        c.enter(thread, "close").set("fd", PASSWD_FD);
        c.exit(thread, "close").set("res", 0L).set("fd", PASSWD_FD);
        c.exit(INIT, "getcwd").set("res", 0L).set("path", "/");
        try (StateReplay r = StateReplay.of(c, dir)) {
            assertThat(r.fd(thread, PASSWD_FD)).isSameAs(r.fd(SHELL, PASSWD_FD));
            r.skip(3);
            assertThat(r.fd(SHELL, PASSWD_FD)).isNull();
        }
    }
}
