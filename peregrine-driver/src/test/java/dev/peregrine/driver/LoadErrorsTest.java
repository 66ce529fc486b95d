package dev.peregrine.driver;

import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a user sees when the driver cannot load: a build of the real program with one access the verifier must
 * refuse ({@code -DPEREGRINE_VERIFIER_TEST}) gives a VERIFIER error naming the program and quoting the verifier's
 * verdict, not libbpf's raw log on stderr.
 */
class LoadErrorsTest {
    @TempDir
    Path dir;

    @Test
    void aProgramTheVerifierRefusesIsReportedWithTheVerifiersMessage() throws Exception {
        String why = LiveCapture.unavailableReason();
        if (why != null) {
            SharedData.missing("live eBPF capture unavailable: " + why);
        }
        Path src = Path.of("src/main/bpf").toAbsolutePath();
        Path object = dir.resolve("broken.bpf.o");
        Process clang;
        try {
            clang = new ProcessBuilder("clang", "-g", "-O2", "-target", "bpf", "-D__TARGET_ARCH_x86",
                    "-DPEREGRINE_VERIFIER_TEST", "-I", src.toString(), "-c", src.resolve("peregrine.bpf.c").toString(),
                    "-o", object.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            SharedData.missing("clang is needed to build the broken driver: " + e.getMessage());
            return;
        }
        String out = new String(clang.getInputStream().readAllBytes());
        assertThat(clang.waitFor()).as(out).isZero();

        assertThatThrownBy(() -> LiveCapture.open(1 << 20, Set.of("openat"), Files.readAllBytes(object)))
                .isInstanceOfSatisfying(BpfException.class, e -> {
                    assertThat(e.reason()).isEqualTo(BpfException.Reason.VERIFIER);
                    assertThat(e.getMessage())
                            .startsWith("the verifier rejected the program (errno 13) on kernel ")
                            .contains("prog 'peregrine_sched_exit': BPF program load failed")
                            .contains("variable-offset read from stack")
                            .contains("processed ");
                    assertThat(e.getMessage().lines().count()).isLessThan(20);
                });
        // and a good build loads right after: nothing was left half attached
        try (LiveCapture c = LiveCapture.open(1 << 20, List.of("openat"))) {
            assertThat(c.drops()).isZero();
        }
    }

    @Test
    void summaryKeepsTheFailingProgramAndTheVerdict() {
        String log = "libbpf: prog 'p': BPF program load failed: Permission denied\n"
                + "libbpf: prog 'p': -- BEGIN PROG LOAD LOG --\n" + "0: (b7) r0 = 0\n".repeat(100)
                + "R3 unbounded memory access\nprocessed 72913 insns (limit 1000000)\n-- END PROG LOAD LOG --\n";
        String s = LiveCapture.verifierSummary(log);
        assertThat(s).startsWith("libbpf: prog 'p': BPF program load failed")
                .contains("R3 unbounded memory access").endsWith("processed 72913 insns (limit 1000000)");
        assertThat(s.lines().count()).isEqualTo(13);
    }
}
