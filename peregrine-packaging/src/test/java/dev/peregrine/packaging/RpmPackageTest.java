package dev.peregrine.packaging;

import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RPM that packaging/rpm/peregrine.spec makes from the tarball (rpmbuild from Debian's rpm package): its files,
 * its configuration marked %config(noreplace) so that upgrades keep the user's, its dependencies.
 */
class RpmPackageTest {
    @Test
    @Timeout(1500)
    void specBuildsAnRpmWhoseConfigurationSurvivesUpgrades() throws Exception {
        if (!Command.exists("rpmbuild")) {
            SharedData.missing("rpmbuild is not installed (apt-get install -y rpm)");
        }
        String rpm = Packages.rpm().toString();
        assertThat(Command.ok(60, "rpm", "-qp", "--qf", "%{NAME} %{VERSION} %{ARCH}", rpm).out())
                .isEqualTo("peregrine " + Packages.VERSION + " x86_64");
        List<String> files = Command.ok(60, "rpm", "-qlp", rpm).out().lines().toList();
        assertThat(files).contains("/usr/bin/peregrine", "/usr/lib/peregrine/runtime/bin/java",
                "/usr/lib/peregrine/peregrine.aot", "/usr/lib/systemd/system/peregrine.service",
                "/etc/peregrine/peregrine.yaml", "/etc/peregrine/peregrine_rules.yaml");
        // flags: c = %config, n = noreplace
        List<String> flags = Command.ok(60, "rpm", "-qp", "--qf", "[%{FILENAMES} %{FILEFLAGS:fflags}\\n]", rpm).out()
                .lines().filter(l -> l.startsWith("/etc/peregrine/peregrine")).toList();
        assertThat(flags).containsExactlyInAnyOrder("/etc/peregrine/peregrine.yaml cn",
                "/etc/peregrine/peregrine_rules.yaml cn");
        assertThat(Command.ok(60, "rpm", "-qp", "--requires", rpm).out().lines()).contains("libbpf");
    }
}
