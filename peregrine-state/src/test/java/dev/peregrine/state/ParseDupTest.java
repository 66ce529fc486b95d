package dev.peregrine.state;

import dev.peregrine.scap.synthetic.ShellMachine;
import dev.peregrine.scap.synthetic.SyntheticCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.peregrine.scap.synthetic.ShellMachine.PASSWD_FD;
import static dev.peregrine.scap.synthetic.ShellMachine.SHELL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * parse_dup_exit and parse_fcntl_exit (libsinsp e5c53d6; today's dup, dup2 and dup3 exits as current libsinsp
 * reads them): the new fd is a copy of the old one, and a copy onto 0 or 1 marks the thread as a pipe end.
 */
class ParseDupTest {
    /** fcntl commands (PPM_FCNTL_*). */
    private static final int F_DUPFD = 1, F_SETFL = 5, F_DUPFD_CLOEXEC = 26;

    @TempDir
    Path dir;

    @Test
    void dupCopiesTheFd() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        // the old layout, with its enter event
        c.enter(SHELL, "dup").pairedWithExitOf(1).set("fd", PASSWD_FD);
        c.exit(SHELL, "dup").withParamCount(1).set("res", 10L);
        // today's exit alone carries the fd it copies
        c.exit(SHELL, "dup").set("res", 11L).set("oldfd", PASSWD_FD);
        try (StateReplay r = StateReplay.of(c, dir)) {
            FdInfo passwd = r.fd(SHELL, PASSWD_FD);
            r.skip(2);
            FdInfo copy = r.fd(SHELL, 10);
            assertThat(copy).isNotSameAs(passwd);
            assertThat(copy.fd()).isEqualTo(10);
            assertThat(copy.name()).isEqualTo("/etc/passwd");
            assertThat(copy.type()).isEqualTo(passwd.type());
            assertThat(copy.openFlags()).isEqualTo(passwd.openFlags());
            assertThat(r.state().currentFdNum()).isEqualTo(10);
            assertThat(r.state().currentFd()).isSameAs(copy);
            // a copy's name is not a new name
            assertThat(copy.nameChangedBy(r.state().eventSeq())).isFalse();
            r.next();
            assertThat(r.fd(SHELL, 11).name()).isEqualTo("/etc/passwd");
            assertThat(r.fd(SHELL, PASSWD_FD)).isSameAs(passwd);
        }
    }

    @Test
    void dup2AndDup3ReplaceTheTargetAndMarkPipeEnds() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(SHELL, "dup2").set("res", 0L).set("oldfd", PASSWD_FD).set("newfd", 0L);
        c.exit(SHELL, "dup3").set("res", 1L).set("oldfd", PASSWD_FD).set("newfd", 1L).set("flags", 1 << 12);
        try (StateReplay r = StateReplay.of(c, dir)) {
            assertThat(r.thread(SHELL).flags() & (Clone.PIPE_DST | Clone.PIPE_SRC)).isZero();
            r.next();
            assertThat(r.fd(SHELL, 0).name()).isEqualTo("/etc/passwd");
            assertThat(r.thread(SHELL).flags() & Clone.PIPE_DST).isNotZero();
            assertThat(r.thread(SHELL).flags() & Clone.PIPE_SRC).isZero();
            r.next();
            assertThat(r.fd(SHELL, 1).name()).isEqualTo("/etc/passwd");
            assertThat(r.thread(SHELL).flags() & Clone.PIPE_SRC).isNotZero();
        }
    }

    @Test
    void aDupOfAnUnknownFdStillMarksThePipeEnd() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(SHELL, "dup2").set("res", 1L).set("oldfd", 42L).set("newfd", 1L);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            assertThat(r.fd(SHELL, 1).name()).as("unchanged").isEqualTo("/dev/pts/0");
            assertThat(r.thread(SHELL).flags() & Clone.PIPE_SRC).isNotZero();
        }
    }

    @Test
    void aFailedDupChangesNothing() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(SHELL, "dup2").set("res", -9L).set("oldfd", PASSWD_FD).set("newfd", 0L);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            assertThat(r.fd(SHELL, 0).name()).isEqualTo("/dev/pts/0");
            assertThat(r.thread(SHELL).flags() & Clone.PIPE_DST).isZero();
        }
    }

    @Test
    void fcntlCopiesOnlyForItsDupCommands() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.enter(SHELL, "fcntl").set("fd", PASSWD_FD).set("cmd", F_DUPFD);
        c.exit(SHELL, "fcntl").set("res", 10L).set("fd", PASSWD_FD).set("cmd", F_DUPFD);
        c.enter(SHELL, "fcntl").set("fd", PASSWD_FD).set("cmd", F_DUPFD_CLOEXEC);
        c.exit(SHELL, "fcntl").set("res", 11L).set("fd", PASSWD_FD).set("cmd", F_DUPFD_CLOEXEC);
        // another command returns 0 (not an fd)
        c.enter(SHELL, "fcntl").set("fd", PASSWD_FD).set("cmd", F_SETFL);
        c.exit(SHELL, "fcntl").set("res", 0L).set("fd", PASSWD_FD).set("cmd", F_SETFL);
        // without its enter event (a live driver's exits): current libsinsp reads today's exit's command
        c.exit(SHELL, "fcntl").set("res", 12L).set("fd", PASSWD_FD).set("cmd", F_DUPFD);
        c.exit(SHELL, "fcntl").set("res", 13L).set("fd", PASSWD_FD).set("cmd", F_SETFL);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(2);
            assertThat(r.fd(SHELL, 10).name()).isEqualTo("/etc/passwd");
            r.skip(2);
            assertThat(r.fd(SHELL, 11).name()).isEqualTo("/etc/passwd");
            r.skip(2);
            assertThat(r.fd(SHELL, 0).name()).isEqualTo("/dev/pts/0");
            r.next();
            assertThat(r.fd(SHELL, 12).name()).isEqualTo("/etc/passwd");
            r.next();
            assertThat(r.fd(SHELL, 13)).isNull();
        }
    }
}
