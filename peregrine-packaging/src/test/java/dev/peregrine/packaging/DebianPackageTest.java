package dev.peregrine.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peregrine.driver.LiveCapture;
import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Debian package, installed into this machine with dpkg (root; CI is): its files and conffiles, the installed
 * peregrine running on its own runtime with no JDK in reach and detecting a test action live through the command
 * of its systemd unit (which systemd-analyze accepts), an upgrade keeping the user's changed rules, and a purge.
 */
class DebianPackageTest {
    private static final Path UNIT = Path.of("/usr/lib/systemd/system/peregrine.service");
    private static final Path RULES = Path.of("/etc/peregrine/peregrine_rules.yaml");

    @TempDir
    Path dir;

    @Test
    @Timeout(600)
    void controlFieldsConffilesAndContents() throws Exception {
        Path deb = Packages.deb();
        Command fields = Command.ok(60, "dpkg-deb", "-f", deb.toString(), "Package", "Version", "Architecture",
                "Depends");
        assertThat(fields.out()).contains("Package: peregrine", "Version: " + Packages.VERSION,
                "Architecture: amd64", "libbpf1");
        assertThat(Command.ok(60, "dpkg-deb", "-I", deb.toString(), "conffiles").out().lines())
                .containsExactlyInAnyOrder("/etc/peregrine/peregrine.yaml", "/etc/peregrine/peregrine_rules.yaml");
        String contents = Command.ok(60, "dpkg-deb", "-c", deb.toString()).out();
        assertThat(contents).contains("./usr/bin/peregrine", "./usr/lib/peregrine/runtime/bin/java",
                "./usr/lib/peregrine/peregrine.aot", "./usr/lib/systemd/system/peregrine.service",
                "./etc/peregrine/peregrine.yaml", "root/root");
    }

    @Test
    @Timeout(1500)
    void installsRunsLiveWithoutAJdkAndUpgradesKeepingTheUsersRules() throws Exception {
        if (!isRoot() || !Command.exists("dpkg")) {
            SharedData.missing("installing the Debian package needs root and dpkg");
        }
        Path deb = Packages.deb();
        try {
            dpkg("-i", deb.toString());
            assertThat(Path.of("/usr/bin/peregrine")).isExecutable();
            assertThat(UNIT).isRegularFile();
            Map<String, String> noJdk = Packages.withoutJdk(dir.resolve("empty-path"), Map.of());
            assertThat(Command.run(noJdk, 120, "/usr/bin/peregrine", "--version").succeeded().out())
                    .contains("Peregrine version: " + Packages.VERSION);

            // systemd's own check of the unit (its ExecStart must exist and be executable)
            if (Command.exists("systemd-analyze")) {
                Command verify = Command.run(null, 120, "systemd-analyze", "verify", UNIT.toString());
                assertThat(verify.status()).as(verify.err()).isZero();
                assertThat(verify.err()).doesNotContain("peregrine.service:");
            } else {
                SharedData.missing("systemd-analyze (package systemd) is not installed");
            }
            detectsLive(noJdk);

            // an upgrade (the same tree as a later version) keeps the user's rules
            String userRules = Files.readString(RULES) + "\n# changed by the user\n";
            Files.writeString(RULES, userRules);
            Path upgrade = laterVersion(deb, Packages.VERSION + "+upgrade1");
            dpkg("--force-confdef", "--force-confold", "-i", upgrade.toString());
            assertThat(Command.ok(60, "dpkg-query", "-W", "-f", "${Version}", "peregrine").out())
                    .isEqualTo(Packages.VERSION + "+upgrade1");
            assertThat(Files.readString(RULES)).isEqualTo(userRules);
        } finally {
            if (Command.run(null, 60, "dpkg-query", "-W", "peregrine").status() == 0) {
                dpkg("-P", "peregrine");
            }
        }
        assertThat(Path.of("/usr/bin/peregrine")).doesNotExist();
        assertThat(Path.of("/etc/peregrine")).doesNotExist();
    }

    /**
     * Runs the unit's ExecStart as systemd would (its command line, as root, no JDK in reach), plus a free web
     * server port and JSON alerts, and reads /etc/shadow until the installed default rules report one of those
     * reads by its pid.
     */
    private void detectsLive(Map<String, String> noJdk) throws Exception {
        String why = LiveCapture.unavailableReason();
        if (why != null) {
            SharedData.missing("live capture: " + why);
        }
        String execStart = Files.readAllLines(UNIT).stream().filter(l -> l.startsWith("ExecStart="))
                .findFirst().orElseThrow().substring("ExecStart=".length());
        List<String> cmd = new ArrayList<>(List.of(execStart.split(" ")));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        cmd.addAll(List.of("-o", "webserver.listen_port=" + port, "-o", "json_output=true", "-o",
                "syslog_output.enabled=false", "-o", "log_syslog=false", "-o", "log_stderr=true", "-M", "300"));
        Path out = dir.resolve("service.out");
        Path err = dir.resolve("service.err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().clear();
        pb.environment().putAll(noJdk);
        Process service = pb.start();
        ObjectMapper json = new ObjectMapper();
        Set<Long> readers = new HashSet<>();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            JsonNode alert = null;
            while (alert == null) {
                assertThat(service.isAlive()).as("the service ended:\n%s", Files.readString(err)).isTrue();
                assertThat(System.nanoTime()).as("no alert for the test's reads of /etc/shadow:\n%s\n%s",
                        Files.readString(out), Files.readString(err)).isLessThan(deadline);
                Process cat = new ProcessBuilder("/bin/cat", "/etc/shadow").redirectOutput(
                        ProcessBuilder.Redirect.DISCARD).start();
                readers.add(cat.pid());
                cat.waitFor();
                for (String line : Files.readAllLines(out)) {
                    if (line.startsWith("{")) {
                        JsonNode n = json.readTree(line);
                        if (n.path("rule").asText().equals("Sensitive file read by an untrusted program")
                                && readers.contains(n.path("output_fields").path("proc.pid").asLong())) {
                            alert = n;
                        }
                    }
                }
                Thread.sleep(200);
            }
            assertThat(alert.path("output_fields").path("fd.name").asText()).isEqualTo("/etc/shadow");
            assertThat(alert.path("priority").asText()).isNotEmpty();
        } finally {
            service.destroy();
            if (!service.waitFor(60, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
    }

    /** The package rebuilt with another version (dpkg-deb -R and -b): what an upgrade installs. */
    private Path laterVersion(Path deb, String version) throws Exception {
        Path tree = dir.resolve("upgrade");
        Command.ok(300, "dpkg-deb", "-R", deb.toString(), tree.toString());
        Path control = tree.resolve("DEBIAN/control");
        Files.writeString(control, Files.readString(control).replaceFirst("(?m)^Version: .*$", "Version: " + version));
        Path later = dir.resolve("peregrine_" + version + "_amd64.deb");
        Command.ok(600, "dpkg-deb", "--root-owner-group", "-Zgzip", "-b", tree.toString(), later.toString());
        return later;
    }

    /** dpkg, waiting for its lock while another apt or dpkg run holds it. */
    private static void dpkg(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("dpkg"));
        cmd.addAll(List.of(args));
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.put("DEBIAN_FRONTEND", "noninteractive");
        for (int i = 0; ; i++) {
            Command c = Command.run(env, 600, cmd.toArray(new String[0]));
            if (c.status() == 0) {
                return;
            }
            if (i == 30 || !c.err().contains("lock")) {
                c.succeeded();
            }
            Thread.sleep(2000);
        }
    }

    private static boolean isRoot() throws Exception {
        return Command.ok(10, "id", "-u").out().strip().equals("0");
    }
}
