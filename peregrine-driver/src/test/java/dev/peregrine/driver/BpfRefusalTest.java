package dev.peregrine.driver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The refusal messages and the lockdown mode they name (the end-to-end case is in the app's LiveErrorsTest). */
class BpfRefusalTest {
    @Test
    void lockdownModeIsTheBracketedOneUnlessNone(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("lockdown");
        Files.writeString(f, "none [integrity] confidentiality\n");
        assertThat(BpfRefusal.lockdownMode(f)).isEqualTo("lockdown=integrity");
        Files.writeString(f, "[none] integrity confidentiality\n");
        assertThat(BpfRefusal.lockdownMode(f)).isNull();
        assertThat(BpfRefusal.lockdownMode(dir.resolve("absent"))).isNull();
    }

    @Test
    void eachRefusalSaysWhatItMeans() {
        assertThat(BpfRefusal.isRefusal(22)).as("EINVAL is the verifier's, not a refusal").isFalse();
        BpfException nosys = BpfRefusal.of(BpfRefusal.ENOSYS, "create a ring buffer");
        assertThat(nosys.reason()).isEqualTo(BpfException.Reason.BPF_UNAVAILABLE);
        assertThat(nosys.getMessage()).startsWith("BPF is disabled").contains("CONFIG_BPF_SYSCALL");
        BpfException eacces = BpfRefusal.of(BpfRefusal.EACCES, "load the eBPF programs");
        assertThat(eacces.reason()).isEqualTo(BpfException.Reason.NO_PERMISSION);
        assertThat(eacces.getMessage()).startsWith("BPF is not allowed: the kernel refused to load the eBPF "
                + "programs (errno 13, EACCES)");
    }
}
