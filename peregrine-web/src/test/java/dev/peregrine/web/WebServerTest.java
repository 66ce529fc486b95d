package dev.peregrine.web;

import dev.peregrine.outputs.OutputStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebServerTest {
    private static final WebSettings LOCAL =
            WebSettings.defaults().withEnabled(true).withListen("127.0.0.1", 0).withThreadiness(2)
                    .withPrometheusMetrics(true);
    private static final WebSettings NO_METRICS = LOCAL.withPrometheusMetrics(false);

    private WebServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put(VersionKeys.FALCO_VERSION, "0.1.0");
        v.put(VersionKeys.LIBS_VERSION, "0.20.0");
        v.put(VersionKeys.ENGINE_VERSION, "47");
        v.put(VersionKeys.ENGINE_VERSION_SEMVER, "0.47.0");
        v.put("odd", "a \"quoted\"\\ value");
        return v;
    }

    @Test
    void defaultsAreFalcos() {
        WebSettings d = WebSettings.defaults();
        assertThat(d.enabled()).isFalse();
        assertThat(d.listenAddress()).isEqualTo("0.0.0.0");
        assertThat(d.listenPort()).isEqualTo(8765);
        assertThat(d.k8sHealthzEndpoint()).isEqualTo("/healthz");
        assertThat(d.sslEnabled()).isFalse();
        assertThat(d.sslCertificate()).isEqualTo("/etc/falco/falco.pem");
        assertThat(d.threadiness()).isZero();
        assertThat(d.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(d.prometheusMetricsEnabled()).isFalse();
        assertThatThrownBy(() -> d.withListen("0.0.0.0", 70000)).hasMessageContaining("listen_port");
        assertThatThrownBy(() -> d.withHealthz("healthz")).hasMessageContaining("k8s_healthz_endpoint");
    }

    @Test
    void servesHealthVersionsAndMetrics() {
        PeregrineMetrics metrics = new PeregrineMetrics("0.1.0");
        metrics.eventsProcessed(500);
        RuleCounter rule = metrics.ruleCounter("Terminal shell in container", "Notice", "syscall",
                "container, shell, mitre_execution, T1059");
        for (int i = 0; i < 3; i++) {
            rule.inc();
        }
        metrics.outputStats(() -> new OutputStats(3, 1, 0, Map.of()));
        server = WebServer.start(LOCAL, metrics, WebServerTest::versions, () -> true);

        HttpResponse<String> health = Http.get(server, "/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\": \"ok\"}");
        assertThat(health.headers().firstValue("Content-Type")).hasValue("application/json");

        HttpResponse<String> versions = Http.get(server, "/versions");
        assertThat(versions.statusCode()).isEqualTo(200);
        assertThat(versions.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(versions.body()).isEqualTo("{\"falco_version\":\"0.1.0\",\"libs_version\":\"0.20.0\","
                + "\"engine_version\":\"47\",\"engine_version_semver\":\"0.47.0\","
                + "\"odd\":\"a \\\"quoted\\\"\\\\ value\"}");

        HttpResponse<String> scrape = Http.get(server, "/metrics");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        PromText text = PromText.parse(scrape.body());
        assertThat(text.value("falcosecurity_scap_n_evts_total")).isEqualTo(500);
        assertThat(text.value("falcosecurity_falco_rules_matches_total",
                Map.of("rule_name", "Terminal shell in container", "priority", "5", "source", "syscall",
                        "tag_shell", "true", "tag_T1059", "true"))).isEqualTo(3);
        assertThat(text.value("falcosecurity_falco_outputs_queue_num_drops_total")).isEqualTo(1);

        // a later scrape sees later counts
        metrics.eventsProcessed(1);
        assertThat(PromText.parse(Http.get(server, "/metrics?ignored=1").body())
                .value("falcosecurity_scap_n_evts_total")).isEqualTo(501);
    }

    @Test
    void healthFollowsTheSupplier() {
        AtomicBoolean healthy = new AtomicBoolean(true);
        server = WebServer.start(LOCAL.withHealthz("/health"), new PeregrineMetrics("0.1.0"), Map::of,
                healthy::get);
        assertThat(Http.get(server, "/health").statusCode()).isEqualTo(200);
        healthy.set(false);
        HttpResponse<String> down = Http.get(server, "/health");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).isEqualTo("{\"status\": \"unhealthy\"}");
        assertThat(Http.get(server, "/healthz").statusCode()).isEqualTo(404); // the endpoint was moved
    }

    @Test
    void aHealthCheckThatThrowsIsUnhealthy() {
        server = WebServer.start(NO_METRICS, null, Map::of, () -> {
            throw new IllegalStateException("engine gone");
        });
        assertThat(Http.get(server, "/healthz").statusCode()).isEqualTo(503);
    }

    @Test
    void unknownPathsAndMethods() {
        server = WebServer.start(LOCAL, new PeregrineMetrics("0.1.0"), Map::of, () -> true);
        assertThat(Http.get(server, "/").statusCode()).isEqualTo(404);
        assertThat(Http.get(server, "/nothing").statusCode()).isEqualTo(404);
        assertThat(Http.get(server, "/healthz/more").statusCode()).isEqualTo(404); // exact paths only
        assertThat(Http.get(server, "/metricsx").statusCode()).isEqualTo(404);
        HttpResponse<String> post = Http.send(Http.CLIENT, "http", server, "POST", "/healthz");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        HttpResponse<String> head = Http.send(Http.CLIENT, "http", server, "HEAD", "/healthz");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void metricsDisabledMeansNotFound() {
        server = WebServer.start(LOCAL.withPrometheusMetrics(false), new PeregrineMetrics("0.1.0"), Map::of,
                () -> true);
        assertThat(Http.get(server, "/metrics").statusCode()).isEqualTo(404);
        assertThat(Http.get(server, "/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void aFailingScrapeIsAServerErrorNotACrash() {
        PeregrineMetrics metrics = new PeregrineMetrics("0.1.0");
        metrics.outputStats(() -> {
            throw new IllegalStateException("outputs closed");
        });
        server = WebServer.start(LOCAL, metrics, Map::of, () -> true);
        assertThat(Http.get(server, "/metrics").statusCode()).isEqualTo(500);
        assertThat(Http.get(server, "/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void refusesToStartWhenDisabledOrMetricsAreMissing() {
        assertThatThrownBy(() -> WebServer.start(LOCAL.withEnabled(false), null, Map::of, () -> true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("webserver.enabled");
        assertThatThrownBy(() -> WebServer.start(LOCAL, null, Map::of, () -> true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prometheus_metrics_enabled");
    }

    @Test
    void aPortInUseIsAClearError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> WebServer.start(NO_METRICS.withListen("127.0.0.1", port), null, Map::of,
                    () -> true).close())
                    .isInstanceOf(WebServerException.class)
                    .hasMessageStartingWith("webserver: cannot listen on 127.0.0.1:" + port + ": ")
                    .hasMessageContaining("in use")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void aBadAddressIsAClearError() {
        assertThatThrownBy(() -> WebServer.start(NO_METRICS.withListen("localhost", 0), null, Map::of, () -> true))
                .isInstanceOf(WebServerException.class)
                .hasMessage("webserver: listen address \"localhost\" is not a valid IP address");
        assertThatThrownBy(() -> WebServer.start(NO_METRICS.withListen("300.1.1.1", 0), null, Map::of, () -> true))
                .isInstanceOf(WebServerException.class).hasMessageContaining("not a valid IP address");
        // a valid address this host does not have (TEST-NET-1)
        assertThatThrownBy(() -> WebServer.start(NO_METRICS.withListen("192.0.2.1", 0),
                null, Map::of, () -> true).close())
                .isInstanceOf(WebServerException.class)
                .hasMessageStartingWith("webserver: cannot listen on 192.0.2.1:0: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void listensOnIpv6Loopback() {
        WebSettings v6 = LOCAL.withListen("::1", 0);
        try (WebServer s = WebServer.start(v6, new PeregrineMetrics("0.1.0"), Map::of, () -> true)) {
            assertThat(s.address().getAddress().getHostAddress()).startsWith("0:0:0:0:0:0:0:1");
        } catch (WebServerException e) {
            // hosts without IPv6 cannot bind ::1; say so rather than fail
            org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + e.getMessage());
        }
    }

    @Test
    void closeIsPromptIdempotentAndFreesThePort() throws IOException {
        WebServer s = WebServer.start(LOCAL, new PeregrineMetrics("0.1.0"), Map::of, () -> true);
        int port = s.port();
        assertThat(Http.get(s, "/healthz").statusCode()).isEqualTo(200); // leaves a kept-alive connection
        long t0 = System.nanoTime();
        s.close();
        s.close();
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(2.0);
        assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", port).close())
                .isInstanceOf(ConnectException.class);
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }
}
