package dev.peregrine.app.falco;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** A replayed capture's alerts through real receivers, no web server on replays, limits. */
class OutputsAndServicesTest {
    @TempDir
    Path dir;

    private static String capture() {
        return SharedData.upstream("falco-legacy-tests/trace_files/cat_write.scap").toString();
    }

    private static String rules() {
        return SharedData.upstream("falco-legacy-tests/rules/single_rule.yaml").toString();
    }

    @Test
    void httpOutputPostsEachAlertToARealServer() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> types = new CopyOnWriteArrayList<>();
        server.createContext("/falco", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            types.add(ex.getRequestHeaders().getFirst("Content-Type"));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
        try {
            CliRun r = CliRun.run("-r", rules(), "-e", capture(), "-o", "json_output=true", "-o",
                    "stdout_output.enabled=false", "-o", "http_output.enabled=true", "-o",
                    "http_output.url=http://127.0.0.1:" + server.getAddress().getPort() + "/falco");
            assertThat(r.status()).as(r.err()).isZero();
        } finally {
            server.stop(0);
        }
        assertThat(bodies).hasSize(8);
        assertThat(types).containsOnly("application/json");
        for (String b : bodies) {
            assertThat(new ObjectMapper().readTree(b).get("rule").asText()).isEqualTo("open_from_cat");
        }
    }

    @Test
    @Timeout(60)
    void syslogOutputAndLogReachARealRsyslogd() throws Exception {
        if (dev.peregrine.testkit.RsyslogDaemon.unavailable() != null) {
            SharedData.missing(dev.peregrine.testkit.RsyslogDaemon.unavailable());
        }
        try (var daemon = dev.peregrine.testkit.RsyslogDaemon.start(dir)) {
            CliRun r = CliRun.run("-r", rules(), "-e", capture(), "-o", "stdout_output.enabled=false", "-o",
                    "syslog_output.enabled=true", "-o", "log_syslog=true");
            assertThat(r.status()).as(r.err()).isZero();
            List<String> lines = daemon.lines(9, java.time.Duration.ofSeconds(10));
            assertThat(lines.stream().filter(l -> l.startsWith("warning|user|falco:|")
                    && l.endsWith(": Warning An open was seen (command=cat /dev/null)"))).hasSize(8);
            assertThat(lines).anyMatch(l -> l.startsWith("info|user|falco:|") && l.contains("Peregrine version"));
        }
    }

    @Test
    @Timeout(60)
    void grpcSubscriberReceivesTheAlerts() throws Exception {
        Path socket = dir.resolve("falco.sock");
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.run("-r", rules(), "-e",
                capture(), "-M", "4", "-o", "stdout_output.enabled=false", "-o", "grpc.enabled=true", "-o",
                "grpc.bind_address=unix://" + socket, "-o", "grpc_output.enabled=true"));
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!Files.exists(socket) && System.nanoTime() < deadline && !run.isDone()) {
            Thread.sleep(20);
        }
        List<String> alerts = dev.peregrine.grpc.GrpcOutputsClient.subscribe("unix://" + socket, 8,
                java.time.Duration.ofSeconds(20), () -> { });
        assertThat(alerts).hasSize(8).allSatisfy(a -> assertThat(a).contains("rule: \"open_from_cat\"")
                .contains("priority: WARNING").contains("key: \"proc.cmdline\" value: \"cat /dev/null\""));
        CliRun r = run.join();
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(socket).doesNotExist();
    }

    @Test
    @Timeout(120)
    void replaysOpenNoWebServerSoTwoRunAtOnceOnATakenPort() throws Exception {
        // as Falco, the web server serves live sources only: with it enabled on a port already taken, two replays
        // running at the same time (-M keeps each up for 3 s) both succeed
        try (ServerSocket taken = new ServerSocket(0)) {
            String[] args = {"-r", rules(), "-e", capture(), "-M", "3", "-o", "webserver.enabled=true", "-o",
                    "webserver.listen_address=127.0.0.1", "-o", "webserver.listen_port=" + taken.getLocalPort(),
                    "-o", "log_stderr=true"};
            CompletableFuture<CliRun> first = CompletableFuture.supplyAsync(() -> CliRun.run(args));
            CompletableFuture<CliRun> second = CompletableFuture.supplyAsync(() -> CliRun.run(args));
            for (CliRun r : List.of(first.join(), second.join())) {
                assertThat(r.status()).as(r.err()).isZero();
                assertThat(r.out()).contains("Events detected: 8");
                assertThat(r.err()).doesNotContain("Web server listening");
            }
        }
    }

    @Test
    void rateLimitAndQueueCapacityDropAlertsAndCountThem() throws Exception {
        CliRun limited = CliRun.run("-r", rules(), "-e", capture(), "-o", "outputs.rate=1", "-o",
                "outputs.max_burst=3", "-o", "log_stderr=true");
        assertThat(limited.status()).isZero();
        assertThat(limited.outLines().stream().filter(l -> l.contains("Warning An open was seen"))).hasSize(3);
        assertThat(limited.out()).contains("Events detected: 8");
        assertThat(limited.err()).contains("Skipped 5 alerts over the outputs rate limit");

        Path file = dir.resolve("slow.txt");
        CliRun queued = CliRun.run("-r", rules(), "-e", capture(), "-o", "outputs_queue.capacity=1", "-o",
                "stdout_output.enabled=false", "-o", "program_output.enabled=true", "-o",
                "program_output.program=sleep 0.2; cat >> " + file, "-o", "log_stderr=true");
        assertThat(queued.status()).as(queued.err()).isZero();
        long written = Files.exists(file) ? Files.readAllLines(file).size() : 0;
        Matcher m = Pattern.compile("Dropped (\\d+) alerts: the outputs queue was full").matcher(queued.err());
        assertThat(m.find()).as(queued.err()).isTrue();
        long dropped = Long.parseLong(m.group(1));
        assertThat(dropped).isPositive();
        assertThat(written + dropped).isEqualTo(8);
    }
}
