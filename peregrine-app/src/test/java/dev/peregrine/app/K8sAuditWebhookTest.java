package dev.peregrine.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes audit webhook (/k8s-audit on the web server) fed by real HTTP POSTs of Falco's test audit event
 * under load: 10,000 events, none lost, their alerts in the order sent; malformed requests in between are refused
 * with a clear error, counted in /metrics, and the source keeps running.
 */
class K8sAuditWebhookTest {
    private static final int EVENTS = 10_000;
    private static final int PER_REQUEST = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void tenThousandEventsArriveInOrderAndBadRequestsAreCountedNotFatal() throws Exception {
        int port = freePort();
        Path config = dir.resolve("falco.yaml");
        Files.writeString(config, """
                stdout_output:
                  enabled: true
                log_stderr: true
                webserver:
                  enabled: true
                  listen_address: 127.0.0.1
                  listen_port: %d
                  prometheus_metrics_enabled: true
                metrics:
                  enabled: true
                plugins:
                  - name: k8saudit
                    library_path: libk8saudit.so
                    init_config:
                      maxEventSize: 262144
                    open_params: ""
                  - name: json
                    library_path: libjson.so
                load_plugins: [k8saudit, json]
                """.formatted(port));
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, """
                - rule: pod created
                  desc: every pod creation
                  condition: ka.verb = create and ka.target.resource = pods and jevt.value[/stage] = ResponseComplete
                  output: "seq=%ka.auditid user=%ka.user.name"
                  priority: NOTICE
                  source: k8s_audit
                """);
        JsonNode template = JSON.readTree(Files.readString(
                SharedData.upstream("falco-legacy-tests/trace_files/k8s_audit/create_nginx_pod_unprivileged.json")));
        PeregrineJvm p = PeregrineJvm.start(dir, Map.of(), "-c", config.toString(), "-r", rules.toString(),
                "--enable-source=k8s_audit");
        try {
            p.await("the webhook", () -> p.err().contains("Kubernetes audit webhook listening at"));
            HttpClient http = HttpClient.newHttpClient();
            URI endpoint = URI.create("http://127.0.0.1:" + port + "/k8s-audit");
            int sent = 0;
            int bad = 0;
            while (sent < EVENTS) {
                ArrayNode items = JSON.createArrayNode();
                for (int i = 0; i < PER_REQUEST && sent < EVENTS; i++, sent++) {
                    ObjectNode e = template.deepCopy();
                    e.put("auditID", "seq-" + sent);
                    items.add(e);
                }
                ObjectNode list = JSON.createObjectNode().put("kind", "EventList");
                list.set("items", items);
                assertThat(post(http, endpoint, "application/json", list.toString()).statusCode()).isEqualTo(200);
                if (sent == EVENTS / 2) {
                    HttpResponse<String> malformed = post(http, endpoint, "application/json", "{\"kind\": \"Event\",");
                    assertThat(malformed.statusCode()).isEqualTo(400);
                    assertThat(malformed.body()).startsWith("bad request: malformed JSON");
                    HttpResponse<String> notAudit = post(http, endpoint, "application/json", "{\"kind\": 0}");
                    assertThat(notAudit.statusCode()).isEqualTo(400);
                    assertThat(notAudit.body()).contains("data not recognized as a k8s audit event");
                    assertThat(post(http, endpoint, "text/plain", list.toString()).statusCode()).isEqualTo(400);
                    bad += 3;
                }
            }
            p.await("every alert", () -> count(p.out(), "seq=") >= EVENTS);
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("peregrine_source_inputs_rejected_total{source=\"k8s_audit\"} " + bad + ".0");
            p.interrupt();
        } finally {
            p.kill();
        }
        List<String> seqs = p.out().lines().filter(l -> l.contains("seq=")).map(l -> l.replaceAll(".*seq=(\\S+).*", "$1"))
                .toList();
        assertThat(seqs).hasSize(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            assertThat(seqs.get(i)).as("alert %d", i).isEqualTo("seq-" + i);
        }
        assertThat(p.out()).contains("pod created: " + EVENTS);
        assertThat(p.err()).contains("[k8saudit] skipped POST /k8s-audit from /127.0.0.1:")
                .contains(": malformed JSON: ").contains(": data not recognized as a k8s audit event")
                .contains(": wrong Content Type 'text/plain'").contains("3 input(s) skipped");
    }

    private static HttpResponse<String> post(HttpClient http, URI uri, String type, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long count(String text, String marker) {
        return text.lines().filter(l -> l.contains(marker)).count();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
