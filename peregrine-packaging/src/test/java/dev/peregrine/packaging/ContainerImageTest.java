package dev.peregrine.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peregrine.driver.LiveCapture;
import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container image: packaging/container/Containerfile built offline by podman (FROM scratch: the packaged tree,
 * busybox-static, the host's C libraries), run with the least privilege of Falco's modern eBPF probe (CAP_BPF,
 * CAP_PERFMON, CAP_SYS_PTRACE; CAP_SYS_RESOURCE is not granted on this project's machines; the seccomp profile of
 * packaging/container/seccomp-with-bpf), the host's /proc and /etc read-only under /host and tracefs; it detects
 * an action of a process on the host.
 */
class ContainerImageTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(1800)
    void podmanBuildsTheImageAndItsLeastPrivilegeRunDetectsAHostAction() throws Exception {
        if (!Command.ok(10, "id", "-u").out().strip().equals("0") || !Command.exists("podman")
                || !Files.isExecutable(Path.of("/bin/busybox"))) {
            SharedData.missing("the container image test needs root, podman and busybox-static "
                    + "(apt-get install -y podman runc busybox-static)");
        }
        String why = LiveCapture.unavailableReason();
        if (why != null) {
            SharedData.missing("live capture: " + why);
        }
        Path out = Packages.projectRoot().resolve("peregrine-packaging/target/image");
        String image = Command.run(Packages.withShared(), 1500, Packages.projectRoot().resolve("bin/package").toString(),
                "--no-build", "--out", out.toString(), "image").succeeded().out().strip();
        assertThat(image).isEqualTo("localhost/peregrine:" + Packages.VERSION);

        String token = "pgc" + Long.toHexString(System.nanoTime());
        Path touched = Files.writeString(Path.of("/tmp", token + "-touched"), "x");
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(rules.resolve("rules.yaml"), """
                - rule: host_file_touched
                  desc: the test's file opened on the host
                  condition: evt.type in (open, openat, openat2) and fd.name=%s
                  output: host_file_touched (pid=%%proc.pid file=%%fd.name)
                  priority: WARNING
                """.formatted(touched));
        // this host's podman profile grants bpf() and perf_event_open() to CAP_SYS_ADMIN only; the script's to
        // CAP_BPF and CAP_PERFMON, as newer runtimes do
        Path seccomp = dir.resolve("seccomp.json");
        Files.writeString(seccomp, Command.ok(60, Packages.projectRoot().resolve("packaging/container/seccomp-with-bpf")
                .toString()).out());
        String name = token;
        List<String> run = new ArrayList<>(List.of("podman", "run", "--rm", "--name", name, "--runtime", "runc",
                "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024",
                "--security-opt", "seccomp=" + seccomp, "--cap-drop", "all", "--cap-add", "BPF", "--cap-add", "PERFMON", "--cap-add", "SYS_PTRACE",
                "-v", "/proc:/host/proc:ro", "-v", "/etc:/host/etc:ro",
                "-v", "/sys/kernel/tracing:/sys/kernel/tracing", "-v", rules + ":/rules:ro",
                image, "-o", "engine.kind=modern_ebpf", "-o", "syslog_output.enabled=false", "-o", "log_syslog=false",
                "-o", "webserver.enabled=false", "-o", "json_output=true", "-o", "log_stderr=true",
                "-r", "/rules/rules.yaml", "-M", "600"));
        Path stdout = dir.resolve("container.out");
        Path stderr = dir.resolve("container.err");
        Process container = new ProcessBuilder(run).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .start();
        ObjectMapper json = new ObjectMapper();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            JsonNode alert = null;
            while (alert == null) {
                assertThat(container.isAlive()).as("the container ended:\n%s\n%s", Files.readString(stdout),
                        Files.readString(stderr)).isTrue();
                assertThat(System.nanoTime()).as("no alert for the host's open of %s:\n%s\n%s", touched,
                        Files.readString(stdout), Files.readString(stderr)).isLessThan(deadline);
                Files.readString(touched);
                for (String line : Files.readAllLines(stdout)) {
                    if (line.startsWith("{") && line.contains("host_file_touched")) {
                        alert = json.readTree(line);
                    }
                }
                Thread.sleep(200);
            }
            // the opener is this JVM, a host process: its pid as the host sees it, from the host's /proc scan
            assertThat(alert.path("output_fields").path("proc.pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(alert.path("output_fields").path("fd.name").asText()).isEqualTo(touched.toString());
        } finally {
            Command.run(null, 120, "podman", "rm", "-f", "-t", "5", name);
            container.destroyForcibly();
            Files.deleteIfExists(touched);
        }
    }
}
