package dev.peregrine.state;

import dev.peregrine.scap.synthetic.ShellMachine;
import dev.peregrine.scap.synthetic.SyntheticCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.peregrine.scap.synthetic.ShellMachine.SHELL;
import static org.assertj.core.api.Assertions.assertThat;

/** parse_setsid_exit (libsinsp e5c53d6): a successful setsid returns the new session id, the caller's sid. */
class ParseSetsidTest {
    @TempDir
    Path dir;

    @Test
    void setsidStartsASession() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(SHELL, "setsid").set("res", 4321L);
        c.exit(SHELL, "setsid").set("res", -1L); // EPERM: already a group leader
        try (StateReplay r = StateReplay.of(c, dir)) {
            assertThat(r.thread(SHELL).sid()).isEqualTo(SHELL);
            r.next();
            assertThat(r.thread(SHELL).sid()).isEqualTo(4321);
            r.next();
            assertThat(r.thread(SHELL).sid()).isEqualTo(4321);
        }
    }
}
