package dev.peregrine.app.falco;

import dev.peregrine.app.PeregrineJvm;
import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two sources in one live process: the machine's syscalls (the eBPF driver) and Kubernetes audit events (the
 * webhook), each with its own rules in its own event loop, their alerts in the same output.
 */
class LiveSourcesTest {
    @TempDir
    Path dir;

    @Test
    void syscallAndK8sAuditRunTogether() throws Exception {
        PeregrineJvm.requireLiveCapture();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path watched = Files.writeString(dir.resolve("watched-" + ProcessHandle.current().pid()), "x");
        Path config = Files.writeString(dir.resolve("falco.yaml"), """
                stdout_output:
                  enabled: true
                log_stderr: true
                plugins:
                  - name: k8saudit
                    library_path: libk8saudit.so
                    open_params: http://127.0.0.1:%d/k8s-audit
                  - name: json
                    library_path: libjson.so
                load_plugins: [k8saudit, json]
                """.formatted(port));
        Path rules = Files.writeString(dir.resolve("rules.yaml"), """
                - rule: watched file opened
                  desc: the test's file
                  condition: evt.type in (open, openat) and fd.name = %s
                  output: "syscall saw %%fd.name"
                  priority: WARNING
                - rule: pod created
                  desc: a pod creation
                  condition: ka.verb = create and ka.target.resource = pods
                  output: "k8s saw %%ka.auditid"
                  priority: WARNING
                  source: k8s_audit
                """.formatted(watched));
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process p = new ProcessBuilder(PeregrineJvm.command(List.of(), "-c", config.toString(), "-r",
                rules.toString(), "-o", "engine.kind=modern_ebpf", "-o", "webserver.enabled=false"))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            await(p, err, "both sources open", () -> read(err).contains("Tracing ")
                    && read(err).contains("Kubernetes audit webhook listening"));
            await(p, err, "the syscall rule", () -> {
                try {
                    Files.readString(watched);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                return read(out).contains("syscall saw " + watched);
            });
            String event = Files.readString(
                    SharedData.upstream("falco-legacy-tests/trace_files/k8s_audit/create_nginx_pod_unprivileged.json"));
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/k8s-audit")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            await(p, err, "the k8s audit rule", () -> read(out).contains("k8s saw 7c8b2603-6a87-4764-b166-49dd7fa46f4c"));
            assertThat(read(err)).contains("Enabled event sources: syscall, k8s_audit");
            assertThat(new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor()).isZero();
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(read(err)).isZero();
            assertThat(read(out)).contains("Triggered rules by rule name:").contains("pod created: 1")
                    .containsPattern("watched file opened: [1-9]");
        } finally {
            p.destroyForcibly();
        }
    }

    private static void await(Process p, Path err, String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!done.getAsBoolean()) {
            assertThat(p.isAlive()).as("peregrine ended before %s: %s", what, read(err)).isTrue();
            assertThat(System.nanoTime()).as("waiting for %s: %s", what, read(err)).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static String read(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
