package dev.peregrine.state;

import dev.peregrine.scap.synthetic.ShellMachine;
import dev.peregrine.scap.synthetic.SyntheticCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.peregrine.scap.synthetic.ShellMachine.HOME;
import static dev.peregrine.scap.synthetic.ShellMachine.HOME_FD;
import static dev.peregrine.scap.synthetic.ShellMachine.INIT;
import static dev.peregrine.scap.synthetic.ShellMachine.SHELL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * parse_chdir_exit, parse_fchdir_exit, parse_getcwd_exit and parse_chroot_exit (libsinsp e5c53d6): the working
 * directory is the process's (kept on its main thread, ending in '/'), resolved against the previous one.
 */
class ParseChdirTest {
    @TempDir
    Path dir;

    private static String cwd(StateReplay r, long tid) {
        return r.state().cwdOf(r.thread(tid));
    }

    @Test
    void chdirResolvesAgainstTheCurrentDirectory() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(SHELL, "chdir").set("res", 0L).set("path", "src");
        c.exit(SHELL, "chdir").set("res", 0L).set("path", "../../bob/./docs//");
        c.exit(SHELL, "chdir").set("res", 0L).set("path", "/var/log");
        c.exit(SHELL, "chdir").set("res", -2L).set("path", "/nowhere");
        try (StateReplay r = StateReplay.of(c, dir)) {
            assertThat(cwd(r, SHELL)).isEqualTo(HOME + "/");
            r.next();
            assertThat(cwd(r, SHELL)).isEqualTo(HOME + "/src/");
            r.next();
            assertThat(cwd(r, SHELL)).isEqualTo("/home/bob/docs/");
            r.next();
            assertThat(cwd(r, SHELL)).isEqualTo("/var/log/");
            r.next();
            assertThat(cwd(r, SHELL)).as("after a failed chdir").isEqualTo("/var/log/");
            assertThat(cwd(r, INIT)).as("another process").isEqualTo("/");
        }
    }

    @Test
    void fchdirGoesToTheDirectoryOfTheFd() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(SHELL, "chdir").set("res", 0L).set("path", "/tmp");
        c.exit(SHELL, "fchdir").set("res", 0L).set("fd", HOME_FD);
        c.exit(SHELL, "chdir").set("res", 0L).set("path", "/tmp");
        // an fd the state does not know: the cwd stays
        c.exit(SHELL, "fchdir").set("res", 0L).set("fd", 55L);
        c.exit(SHELL, "fchdir").set("res", -20L).set("fd", ShellMachine.PASSWD_FD); // ENOTDIR
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(2);
            assertThat(cwd(r, SHELL)).isEqualTo(HOME + "/");
            r.skip(2);
            assertThat(cwd(r, SHELL)).isEqualTo("/tmp/");
            r.next();
            assertThat(cwd(r, SHELL)).isEqualTo("/tmp/");
        }
    }

    @Test
    void getcwdTellsTheDirectory() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(SHELL, "getcwd").set("res", 12L).set("path", "/srv/www");
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            assertThat(cwd(r, SHELL)).isEqualTo("/srv/www/");
        }
    }

    @Test
    void aThreadChangesItsProcesssDirectory() throws Exception {
        long thread = 101;
        SyntheticCapture c = ShellMachine.capture().thread(thread, t -> {
            t.pid = SHELL;
            t.ptid = INIT;
            t.flags = Clone.CLONE_THREAD | Clone.CLONE_FILES;
        });
        c.exit(thread, "chdir").set("res", 0L).set("path", "/opt");
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            assertThat(cwd(r, SHELL)).isEqualTo("/opt/");
            assertThat(cwd(r, thread)).isEqualTo("/opt/");
            assertThat(r.thread(thread).cwd()).as("kept on the main thread only").isEmpty();
        }
    }

    @Test
    void chrootChangesTheRoot() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(SHELL, "chroot").set("res", 0L).set("path", "/srv/jail");
        c.exit(SHELL, "chroot").set("res", 0L).set("path", "inner");
        c.exit(SHELL, "chroot").set("res", -1L).set("path", "/");
        try (StateReplay r = StateReplay.of(c, dir)) {
            assertThat(r.thread(SHELL).root()).isEqualTo("/");
            r.next();
            assertThat(r.thread(SHELL).root()).isEqualTo("/srv/jail");
            r.next();
            // a relative path is resolved against the working directory
            assertThat(r.thread(SHELL).root()).isEqualTo(HOME + "/inner");
            r.next();
            assertThat(r.thread(SHELL).root()).isEqualTo(HOME + "/inner");
        }
    }
}
