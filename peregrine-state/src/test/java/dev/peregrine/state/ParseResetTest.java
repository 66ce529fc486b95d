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
 * What sinsp_parser::reset (libsinsp e5c53d6) does for every event before its own parser: find or make up the
 * event's thread, pair an exit with the enter before it, measure the latency between them, and find the fd the
 * event uses.
 */
class ParseResetTest {
    @TempDir
    Path dir;

    @Test
    void anEventOfAnUnknownThreadMakesUpItsEntry() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(555, "read").set("res", 3L).set("fd", 0L);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            ThreadInfo t = r.thread(555);
            assertThat(t.incomplete()).isTrue();
            assertThat(t.comm()).isEqualTo("<NA>");
            assertThat(t.exe()).isEqualTo("<NA>");
            assertThat(t.pid()).isEqualTo(555);
            assertThat(t.ptid()).isEqualTo(-1);
            assertThat(t.uid()).isEqualTo(-1);
            assertThat(r.state().currentThread()).isSameAs(t);
            assertThat(r.state().currentFd()).as("its fd table is empty").isNull();
        }
    }

    @Test
    void anEventTypeNewerThanLibsinspE5c53d6ChangesNoState() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(556, "mlock").set("res", 0L);
        try (StateReplay r = StateReplay.of(c, dir)) {
            int threads = r.state().threadCount();
            r.next();
            assertThat(r.thread(556)).isNull();
            assertThat(r.state().threadCount()).isEqualTo(threads);
            assertThat(r.state().currentThread()).isNull();
        }
    }

    @Test
    void anExitIsPairedWithTheEnterBeforeIt() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        long start = SyntheticCapture.START_NS;
        c.enter(SHELL, "read").set("fd", PASSWD_FD).set("size", 100).at(start);
        c.exit(SHELL, "read").set("res", 100L).set("fd", PASSWD_FD).at(start + 5_000);
        // an exit after another syscall's enter: no pair, and the latency runs from that enter
        c.enter(SHELL, "write").set("fd", 1L).set("size", 1).at(start + 10_000);
        c.exit(SHELL, "read").set("res", 1L).set("fd", 0L).at(start + 17_000);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            ThreadInfo shell = r.thread(SHELL);
            assertThat(shell.latency()).isZero();
            assertThat(r.state().currentFdNum()).isEqualTo(PASSWD_FD);
            r.next();
            assertThat(r.state().exitHadEnter()).isTrue();
            assertThat(shell.latency()).isEqualTo(5_000);
            assertThat(r.state().currentFd().name()).isEqualTo("/etc/passwd");
            r.next();
            assertThat(r.state().currentFdNum()).isEqualTo(1);
            r.next();
            assertThat(r.state().exitHadEnter()).isFalse();
            assertThat(shell.latency()).isEqualTo(7_000);
            // without its enter, the exit's own fd parameter tells the fd
            assertThat(r.state().currentFdNum()).isZero();
            assertThat(r.state().currentFd().name()).isEqualTo("/dev/pts/0");
        }
    }

    @Test
    void everyEventCountsAndLeavesItsThreadCurrent() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(SHELL, "read").set("res", 1L).set("fd", 0L);
        c.exit(ShellMachine.INIT, "read").set("res", 1L).set("fd", 0L);
        try (StateReplay r = StateReplay.of(c, dir)) {
            assertThat(r.state().eventSeq()).isZero();
            r.next();
            assertThat(r.state().eventSeq()).isEqualTo(1);
            assertThat(r.state().eventThread()).isSameAs(r.thread(SHELL));
            r.next();
            assertThat(r.state().eventSeq()).isEqualTo(2);
            assertThat(r.state().currentThread()).isSameAs(r.thread(ShellMachine.INIT));
            // init has no fd 0 in the process list
            assertThat(r.state().currentFd()).isNull();
            assertThat(r.state().currentFdNum()).isZero();
        }
    }
}
