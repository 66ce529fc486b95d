package dev.peregrine.state;

import dev.peregrine.scap.synthetic.ShellMachine;
import dev.peregrine.scap.synthetic.SyntheticCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.peregrine.scap.synthetic.ShellMachine.ALICE;
import static dev.peregrine.scap.synthetic.ShellMachine.SHELL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * parse_setuid_exit, parse_setgid_exit, parse_setresuid_exit and parse_setresgid_exit (libsinsp e5c53d6): a
 * successful call sets the thread's (effective) id from its enter event; without one, today's exits carry the
 * ids themselves, as current libsinsp reads them.
 */
class ParseSetuidTest {
    @TempDir
    Path dir;

    @Test
    void setuidAndSetgidTakeTheIdsOfTheirEnterEvents() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.enter(SHELL, "setuid").set("uid", 0);
        c.exit(SHELL, "setuid").set("res", 0L).set("uid", 0);
        c.enter(SHELL, "setgid").set("gid", 27);
        c.exit(SHELL, "setgid").set("res", 0L).set("gid", 27);
        try (StateReplay r = StateReplay.of(c, dir)) {
            assertThat(r.thread(SHELL).uid()).isEqualTo(ALICE);
            r.skip(2);
            assertThat(r.thread(SHELL).uid()).isZero();
            assertThat(r.thread(SHELL).gid()).isEqualTo(ALICE);
            r.skip(2);
            assertThat(r.thread(SHELL).gid()).isEqualTo(27);
        }
    }

    @Test
    void exitsWithoutEnterEventsCarryTheIds() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(SHELL, "setuid").set("res", 0L).set("uid", 33);
        c.exit(SHELL, "setgid").set("res", 0L).set("gid", 34);
        c.exit(SHELL, "setresuid").set("res", 0L).set("ruid", 1).set("euid", 35).set("suid", 2);
        c.exit(SHELL, "setresgid").set("res", 0L).set("rgid", 1).set("egid", 36).set("sgid", 2);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            assertThat(r.thread(SHELL).uid()).isEqualTo(33);
            r.next();
            assertThat(r.thread(SHELL).gid()).isEqualTo(34);
            r.next();
            assertThat(r.thread(SHELL).uid()).isEqualTo(35);
            r.next();
            assertThat(r.thread(SHELL).gid()).isEqualTo(36);
        }
    }

    @Test
    void setresuidAndSetresgidSetTheEffectiveIdUnlessItIsLeftAlone() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.enter(SHELL, "setresuid").set("ruid", 5).set("euid", 6).set("suid", 7);
        c.exit(SHELL, "setresuid").set("res", 0L);
        // -1: this id is not changed
        c.enter(SHELL, "setresuid").set("ruid", 8).set("euid", -1).set("suid", 9);
        c.exit(SHELL, "setresuid").set("res", 0L);
        c.enter(SHELL, "setresgid").set("rgid", 5).set("egid", 16).set("sgid", 7);
        c.exit(SHELL, "setresgid").set("res", 0L);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(2);
            assertThat(r.thread(SHELL).uid()).isEqualTo(6);
            r.skip(2);
            assertThat(r.thread(SHELL).uid()).isEqualTo(6);
            r.skip(2);
            assertThat(r.thread(SHELL).gid()).isEqualTo(16);
        }
    }

    @Test
    void aFailedCallChangesNothing() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.enter(SHELL, "setuid").set("uid", 0);
        c.exit(SHELL, "setuid").set("res", -1L).set("uid", 0); // EPERM
        c.exit(SHELL, "setresuid").set("res", -1L).set("euid", 0);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(3);
            assertThat(r.thread(SHELL).uid()).isEqualTo(ALICE);
        }
    }
}
