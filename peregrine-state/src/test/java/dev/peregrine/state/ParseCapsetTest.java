package dev.peregrine.state;

import dev.peregrine.scap.synthetic.ShellMachine;
import dev.peregrine.scap.synthetic.SyntheticCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.peregrine.scap.synthetic.ShellMachine.INIT;
import static dev.peregrine.scap.synthetic.ShellMachine.SHELL;
import static org.assertj.core.api.Assertions.assertThat;

/** parse_capset_exit (current libsinsp): a successful capset gives the thread its three capability sets. */
class ParseCapsetTest {
    private static final long CAP_NET_ADMIN = 1L << 12, CAP_SYS_ADMIN = 1L << 21;

    @TempDir
    Path dir;

    @Test
    void capsetSetsTheThreadsCapabilities() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(SHELL, "capset").set("res", 0L).set("cap_inheritable", 0L)
                .set("cap_permitted", CAP_NET_ADMIN | CAP_SYS_ADMIN).set("cap_effective", CAP_NET_ADMIN);
        c.exit(SHELL, "capset").set("res", -1L).set("cap_effective", 0L);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            ThreadInfo t = r.thread(SHELL);
            assertThat(List.of(t.capInheritable(), t.capPermitted(), t.capEffective()))
                    .containsExactly(0L, CAP_NET_ADMIN | CAP_SYS_ADMIN, CAP_NET_ADMIN);
            assertThat(r.thread(INIT).capEffective()).isZero();
            r.next();
            assertThat(t.capEffective()).as("after a failed capset").isEqualTo(CAP_NET_ADMIN);
        }
    }
}
