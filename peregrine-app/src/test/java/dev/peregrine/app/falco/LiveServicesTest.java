package dev.peregrine.app.falco;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peregrine.app.PeregrineJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A live run's web server (health, versions, Prometheus metrics counting a test action's alert), and -M ending the
 * live run by itself after that many seconds of wall time (needs root and BPF, which CI has).
 */
class LiveServicesTest {
    private static final int DURATION_SECONDS = 15;

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void webServerServesMetricsAndDurationEndsTheRun() throws Exception {
        PeregrineJvm.requireLiveCapture();
        String token = "pgw" + Long.toHexString(System.nanoTime());
        Path touched = Files.writeString(dir.resolve(token + "-touched"), "x");
        StringBuilder y = new StringBuilder();
        LiveRun.rule(y, "web_touched", "evt.type in (open, openat) and fd.name=" + touched, "%proc.pid");
        Path rules = Files.writeString(dir.resolve(token + "-rules.yaml"), y);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = PeregrineJvm.command(List.of(), "-c", CliRun.defaultConfig().toString(),
                "-r", rules.toString(), "-M", Integer.toString(DURATION_SECONDS), "-o", "engine.kind=modern_ebpf",
                "-o", "log_stderr=true", "-o", "webserver.enabled=true", "-o", "webserver.listen_address=127.0.0.1",
                "-o", "webserver.listen_port=" + port, "-o", "webserver.prometheus_metrics_enabled=true",
                "-o", "metrics.enabled=true");
        Path err = dir.resolve("peregrine.err");
        long startedAt = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve("peregrine.out").toFile())
                .redirectError(err.toFile()).start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port;
            String metrics = "";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            // the event count is published every few thousand events: the test's opens keep events coming
            while (value(metrics, "falcosecurity_falco_rules_matches_total\\{[^}]*rule_name=\"web_touched\"[^}]*\\}") < 1
                    || value(metrics, "falcosecurity_scap_n_evts_total") < 1) {
                assertThat(p.isAlive()).as("peregrine ended early:\n%s", Files.readString(err)).isTrue();
                assertThat(System.nanoTime()).as("no match counted:\n%s", metrics).isLessThan(deadline);
                Files.readString(touched);
                try {
                    metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
            long attachedAt = System.nanoTime();
            assertThat(value(metrics, "falcosecurity_scap_n_evts_total")).isPositive();
            assertThat(value(metrics, "peregrine_rules_loaded")).isEqualTo(1);
            assertThat(value(metrics, "falcosecurity_falco_memory_rss_bytes")).isPositive();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            HttpResponse<String> versions = http.send(HttpRequest.newBuilder(URI.create(base + "/versions")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(new ObjectMapper().readTree(versions.body()).has("engine_version_semver")).isTrue();
            assertThat(new ObjectMapper().readTree(versions.body()).path("plugin_api_version").asText())
                    .isEqualTo("1.0.0");

            // -M: the run ends by itself, cleanly, once the duration has passed
            assertThat(p.waitFor(DURATION_SECONDS + 60, TimeUnit.SECONDS))
                    .as("-M %d ended the live run:\n%s", DURATION_SECONDS, Files.readString(err)).isTrue();
            long endedAt = System.nanoTime();
            assertThat(p.exitValue()).as(Files.readString(err)).isZero();
            // the duration counts from the driver's attachment, which follows the start and precedes the first match
            assertThat(endedAt - startedAt).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(DURATION_SECONDS));
            assertThat(endedAt - attachedAt).isLessThan(TimeUnit.SECONDS.toNanos(DURATION_SECONDS + 60));
            assertThat(Files.readString(err)).contains("Web server listening on 127.0.0.1:" + port);
        } finally {
            p.destroyForcibly();
        }
    }

    /** The value of the first sample whose name (and labels) match {@code namePattern}, or -1. */
    private static long value(String metrics, String namePattern) {
        Matcher m = Pattern.compile("(?m)^" + namePattern + "(\\{[^}]*})?\\s+([0-9.eE+-]+)$").matcher(metrics);
        return m.find() ? (long) Double.parseDouble(m.group(2)) : -1;
    }
}
