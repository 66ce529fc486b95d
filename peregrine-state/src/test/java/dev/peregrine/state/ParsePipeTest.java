package dev.peregrine.state;

import dev.peregrine.scap.FdType;
import dev.peregrine.scap.synthetic.ShellMachine;
import dev.peregrine.scap.synthetic.SyntheticCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.peregrine.scap.synthetic.ShellMachine.SHELL;
import static org.assertj.core.api.Assertions.assertThat;

/** parse_pipe_exit (libsinsp e5c53d6) for pipe and today's pipe2: two fifo fds sharing the pipe's inode. */
class ParsePipeTest {
    @TempDir
    Path dir;

    @Test
    void pipeAndPipe2AddBothEnds() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(SHELL, "pipe").set("res", 0L).set("fd1", 5L).set("fd2", 6L).set("ino", 4242L);
        c.exit(SHELL, "pipe2").set("res", 0L).set("fd1", 7L).set("fd2", 8L).set("ino", 4343L).set("flags", 1 << 12);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            for (long fd : new long[] {5, 6}) {
                FdInfo f = r.fd(SHELL, fd);
                assertThat(f.type()).isEqualTo(FdType.FIFO);
                assertThat(f.ino()).isEqualTo(4242);
                assertThat(f.name()).isEmpty();
            }
            // the event is about the second end
            assertThat(r.state().currentFdNum()).isEqualTo(6);
            assertThat(r.state().currentFd()).isSameAs(r.fd(SHELL, 6));
            r.next();
            assertThat(r.fd(SHELL, 7).ino()).isEqualTo(4343);
            assertThat(r.fd(SHELL, 8).type()).isEqualTo(FdType.FIFO);
        }
    }

    @Test
    void aFailedPipeAddsNothing() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(SHELL, "pipe2").set("res", -24L).set("fd1", 5L).set("fd2", 6L); // EMFILE
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            assertThat(r.fd(SHELL, 5)).isNull();
            assertThat(r.fd(SHELL, 6)).isNull();
        }
    }
}
