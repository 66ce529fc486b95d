package dev.peregrine.state;

import dev.peregrine.scap.FdType;
import dev.peregrine.scap.synthetic.ShellMachine;
import dev.peregrine.scap.synthetic.SyntheticCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Stream;

import static dev.peregrine.scap.synthetic.ShellMachine.SHELL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The syscalls that make one fd of a special kind: eventfd, signalfd, timerfd_create, inotify_init (libsinsp
 * e5c53d6), and today's io_uring_setup, bpf and memfd_create exits (as current libsinsp adds them).
 */
class ParseSpecialFdTest {
    @TempDir
    Path dir;

    static Stream<Arguments> kinds() {
        return Stream.of(Arguments.of("eventfd", "res", FdType.EVENT),
                Arguments.of("signalfd", "res", FdType.SIGNALFD),
                Arguments.of("timerfd_create", "res", FdType.TIMERFD),
                Arguments.of("inotify_init", "res", FdType.INOTIFY),
                Arguments.of("io_uring_setup", "res", FdType.IOURING), Arguments.of("bpf", "fd", FdType.BPF));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void theExitAddsAnFdOfItsKind(String syscall, String resultParam, int fdType) throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(SHELL, syscall).set(resultParam, 7L);
        c.exit(SHELL, syscall).set(resultParam, -24L);
        try (StateReplay r = StateReplay.of(c, dir)) {
            int fds = r.thread(SHELL).fds().size();
            r.next();
            FdInfo f = r.fd(SHELL, 7);
            assertThat(f.type()).isEqualTo(fdType);
            assertThat(f.name()).isEmpty();
            assertThat(r.state().currentFd()).isSameAs(f);
            r.next();
            assertThat(r.thread(SHELL).fds().size()).as("after a failure").isEqualTo(fds + 1);
        }
    }

    @Test
    void memfdCreateNamesTheFdAsTheCallerDid() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(SHELL, "memfd_create").set("fd", 7L).set("name", "payload").set("flags", 1);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            FdInfo f = r.fd(SHELL, 7);
            assertThat(f.type()).isEqualTo(FdType.MEMFD);
            assertThat(f.name()).isEqualTo("payload");
        }
    }
}
