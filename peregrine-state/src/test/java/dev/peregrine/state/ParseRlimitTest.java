package dev.peregrine.state;

import dev.peregrine.scap.synthetic.ShellMachine;
import dev.peregrine.scap.synthetic.SyntheticCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static dev.peregrine.scap.synthetic.ShellMachine.INIT;
import static dev.peregrine.scap.synthetic.ShellMachine.SHELL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * parse_getrlimit_setrlimit_exit and parse_prlimit_exit: the RLIMIT_NOFILE soft limit is the process's fd limit.
 * Today's exits name the resource (and prlimit's target) themselves, as current libsinsp reads them; older
 * drivers' exits lack them, and libsinsp e5c53d6 takes them from the enter event.
 */
class ParseRlimitTest {
    private static final int RLIMIT_STACK = 3, RLIMIT_NOFILE = 7;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"getrlimit", "setrlimit"})
    void theNofileLimitIsTheProcesssFdLimit(String syscall) throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        // today's exit alone
        c.exit(SHELL, syscall).set("res", 0L).set("cur", 4096L).set("max", 8192L).set("resource", RLIMIT_NOFILE);
        // another resource, a failure, and no limit (-1): the fd limit stays
        c.exit(SHELL, syscall).set("res", 0L).set("cur", 8L << 20).set("max", -1L).set("resource", RLIMIT_STACK);
        c.exit(SHELL, syscall).set("res", -1L).set("cur", 1L).set("max", 1L).set("resource", RLIMIT_NOFILE);
        c.exit(SHELL, syscall).set("res", 0L).set("cur", -1L).set("max", -1L).set("resource", RLIMIT_NOFILE);
        // an older driver's exit without the resource, after its enter event
        c.enter(SHELL, syscall).set("resource", RLIMIT_NOFILE);
        c.exit(SHELL, syscall).set("res", 0L).set("cur", 2048L).set("max", 8192L).firstParams(3);
        try (StateReplay r = StateReplay.of(c, dir)) {
            assertThat(r.thread(SHELL).fdlimit()).isEqualTo(1024);
            r.next();
            assertThat(r.thread(SHELL).fdlimit()).isEqualTo(4096);
            r.skip(3);
            assertThat(r.thread(SHELL).fdlimit()).isEqualTo(4096);
            r.skip(2);
            assertThat(r.thread(SHELL).fdlimit()).isEqualTo(2048);
        }
    }

    @Test
    void aThreadSetsItsProcesssLimit() throws Exception {
        long thread = 101;
        SyntheticCapture c = ShellMachine.capture().thread(thread, t -> {
            t.pid = SHELL;
            t.ptid = INIT;
            t.flags = Clone.CLONE_THREAD | Clone.CLONE_FILES;
        });
        c.exit(thread, "setrlimit").set("res", 0L).set("cur", 512L).set("max", 512L).set("resource", RLIMIT_NOFILE);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            assertThat(r.thread(SHELL).fdlimit()).isEqualTo(512);
        }
    }

    @Test
    void prlimitSetsTheTargetsLimit() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        // pid 0: the caller itself
        c.exit(SHELL, "prlimit").set("res", 0L).set("newcur", 3000L).set("newmax", 3000L).set("pid", 0L)
                .set("resource", RLIMIT_NOFILE);
        // another process
        c.exit(SHELL, "prlimit").set("res", 0L).set("newcur", 5000L).set("newmax", 5000L).set("pid", INIT)
                .set("resource", RLIMIT_NOFILE);
        // an older driver's exit, after its enter event
        c.enter(SHELL, "prlimit").set("pid", INIT).set("resource", RLIMIT_NOFILE);
        c.exit(SHELL, "prlimit").set("res", 0L).set("newcur", 6000L).set("newmax", 6000L).firstParams(5);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            assertThat(r.thread(SHELL).fdlimit()).isEqualTo(3000);
            r.next();
            assertThat(r.thread(INIT).fdlimit()).isEqualTo(5000);
            assertThat(r.thread(SHELL).fdlimit()).isEqualTo(3000);
            r.skip(2);
            assertThat(r.thread(INIT).fdlimit()).isEqualTo(6000);
        }
    }
}
