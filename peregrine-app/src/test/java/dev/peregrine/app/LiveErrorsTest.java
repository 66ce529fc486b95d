package dev.peregrine.app;

import dev.peregrine.driver.LiveCapture;
import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live machine cannot be watched: Peregrine says why and what to do, in one line, with status 1 and no stack
 * trace. Runs the real command line in its own JVM: without capabilities (setpriv drops them all, as for a plain
 * user), on a "kernel" without BTF (the driver's BTF location pointed at a missing file), and with bpf() refused
 * (a seccomp filter).
 */
class LiveErrorsTest {
    @TempDir
    Path dir;

    private Path rules() throws Exception {
        return Files.writeString(dir.resolve("rules.yaml"), """
                - rule: any_open
                  desc: an open
                  condition: evt.type=openat
                  output: "open (%fd.name)"
                  priority: WARNING
                """);
    }

    @Test
    @Timeout(180)
    void withoutCapabilitiesTheErrorSaysToRunAsRoot() throws Exception {
        requireRootWithSetpriv();
        PeregrineJvm run = PeregrineJvm.start(dir, Map.of(),
                List.of("setpriv", "--bounding-set=-all", "--inh-caps=-all"), List.of(),
                "-r", rules().toString(), "-o", "engine.kind=modern_ebpf", "-o", "webserver.enabled=false",
                "-o", "log_syslog=false", "-o", "syslog_output.enabled=false");
        assertThat(run.await()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("Error: cannot capture live events: missing capabilities: run as root, or "
                + "grant CAP_BPF and CAP_PERFMON (CapEff=0x0)").doesNotContain("Exception").doesNotContain("\tat ");

        PeregrineJvm events = PeregrineJvm.start(Files.createDirectory(dir.resolve("events")), Map.of(),
                List.of("setpriv", "--bounding-set=-all", "--inh-caps=-all"), List.of(), "events");
        assertThat(events.await()).as(events.err()).isEqualTo(1);
        assertThat(events.err()).contains("missing capabilities: run as root").doesNotContain("\tat ");
    }

    @Test
    @Timeout(180)
    void withoutKernelBtfTheErrorSaysWhatTheKernelNeeds() throws Exception {
        requireRootWithSetpriv();
        PeregrineJvm run = PeregrineJvm.start(dir, Map.of(), List.of(),
                List.of("-D" + LiveCapture.BTF_PROPERTY + "=" + dir.resolve("no-such-vmlinux")),
                "-r", rules().toString(), "-o", "engine.kind=modern_ebpf", "-o", "webserver.enabled=false",
                "-o", "log_syslog=false", "-o", "syslog_output.enabled=false");
        assertThat(run.await()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("Error: cannot capture live events: no kernel BTF ("
                        + dir.resolve("no-such-vmlinux") + " missing): the CO-RE driver needs a kernel built with "
                        + "CONFIG_DEBUG_INFO_BTF=y").doesNotContain("\tat ");
    }

    /**
     * BPF disabled: a seccomp filter makes every bpf() call fail with ENOSYS, as on a kernel built without
     * CONFIG_BPF_SYSCALL, then with EPERM, as under a container runtime's default seccomp profile or lockdown.
     */
    @Test
    @Timeout(180)
    void withBpfDisabledTheErrorSaysSoAndWhatToDo() throws Exception {
        requireRootWithSetpriv();
        PeregrineJvm nosys = PeregrineJvm.start(Files.createDirectory(dir.resolve("nosys")), Map.of(),
                denyingBpf(38), List.of(), "-r", rules().toString(), "-o", "engine.kind=modern_ebpf",
                "-o", "webserver.enabled=false", "-o", "log_syslog=false", "-o", "syslog_output.enabled=false");
        assertThat(nosys.await()).as(nosys.err()).isEqualTo(1);
        assertThat(nosys.err()).contains("Error: cannot capture live events: BPF is disabled: the kernel refused "
                        + "to create a ring buffer with ENOSYS (errno 38)")
                .contains("CONFIG_BPF_SYSCALL").contains("seccomp=unconfined")
                .doesNotContain("Exception").doesNotContain("\tat ");

        PeregrineJvm eperm = PeregrineJvm.start(Files.createDirectory(dir.resolve("eperm")), Map.of(),
                denyingBpf(1), List.of(), "events");
        assertThat(eperm.await()).as(eperm.err()).isEqualTo(1);
        assertThat(eperm.err()).contains("BPF is not allowed: the kernel refused to create a ring buffer (errno 1, "
                + "EPERM) although the capabilities are there").doesNotContain("\tat ");
    }

    /** A command prefix that runs the rest with bpf() (x86_64 number 321) failing with {@code errno}. */
    private static List<String> denyingBpf(int errno) {
        return List.of("python3", "-c", """
                import ctypes, os, struct, sys
                code = [(0x20, 0, 0, 0),                 # A = syscall number
                        (0x15, 0, 1, 321),               # bpf?
                        (0x06, 0, 0, 0x00050000 | int(sys.argv[1])),  # SECCOMP_RET_ERRNO
                        (0x06, 0, 0, 0x7fff0000)]        # SECCOMP_RET_ALLOW
                insns = ctypes.create_string_buffer(b''.join(struct.pack('HBBI', *i) for i in code))
                class Prog(ctypes.Structure):
                    _fields_ = [('len', ctypes.c_ushort), ('filter', ctypes.c_void_p)]
                libc = ctypes.CDLL(None, use_errno=True)
                assert libc.prctl(38, 1, 0, 0, 0) == 0  # PR_SET_NO_NEW_PRIVS
                assert libc.prctl(22, 2, ctypes.byref(Prog(len(code), ctypes.addressof(insns))), 0, 0) == 0
                os.execvp(sys.argv[2], sys.argv[2:])
                """, String.valueOf(errno));
    }

    private static void requireRootWithSetpriv() {
        String why = LiveCapture.unavailableReason();
        if (why != null) {
            SharedData.missing("needs root and BPF, as CI has: " + why);
        }
        if (!Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
            SharedData.missing("needs setpriv (util-linux) to drop capabilities");
        }
    }
}
