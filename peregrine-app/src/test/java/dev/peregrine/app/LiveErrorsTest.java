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
 * user), and on a "kernel" without BTF (the driver's BTF location pointed at a missing file).
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
