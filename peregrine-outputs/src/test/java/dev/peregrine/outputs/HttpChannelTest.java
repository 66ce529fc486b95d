package dev.peregrine.outputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** http_output against a real com.sun.net.httpserver server on the loopback interface. */
class HttpChannelTest {

    /** One request as the server saw it. */
    record Received(String method, String path, String query, Headers headers, byte[] body, int remotePort) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @TempDir
    Path dir;

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private volatile int status = 200;
    private volatile String answer = "";

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
    }

    private String startServer() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::record);
        server.start();
        cleanup.add(() -> server.stop(0));
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void record(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body,
                exchange.getRemoteAddress().getPort()));
        byte[] out = answer.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    private HttpChannel channel(HttpSettings settings) throws OutputException {
        HttpChannel channel = new HttpChannel(settings, new ByteArrayOutputStream());
        cleanup.add(channel);
        return channel;
    }

    @Test
    void postsEachLineWithFalcosHeadersAndContentType() throws Exception {
        String base = startServer();
        HttpChannel channel = channel(HttpSettings.of(base + "/falco/alerts?team=sec",
                o -> o.headers = Map.of("X-Token", "abc 123", "X-Other", "x")));
        Alert text = Alerts.numbered(1);
        Alert json = Alert.of(2L, 2, "r", "syscall", "h", List.of(), "{\"output\":\"héllo\",\"priority\":\"Critical\"}");

        channel.write(text);
        channel.write(json);

        assertThat(received).hasSize(2);
        for (Received r : received) {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/falco/alerts");
            assertThat(r.query()).isEqualTo("team=sec");
            assertThat(r.headers().getFirst("User-Agent")).isEqualTo("falcosecurity/falco");
            assertThat(r.headers().getFirst("X-Token")).isEqualTo("abc 123");
            assertThat(r.headers().getFirst("X-Other")).isEqualTo("x");
            assertThat(r.headers().containsKey("Content-Encoding")).isFalse();
        }
        assertThat(received.get(0).headers().getFirst("Content-Type")).isEqualTo("text/plain");
        assertThat(received.get(0).text()).isEqualTo(text.line());
        assertThat(received.get(1).headers().getFirst("Content-Type")).isEqualTo("application/json");
        assertThat(received.get(1).text()).isEqualTo(json.line());
        assertThat(channel.name()).isEqualTo("http");
    }

    @Test
    void customUserAgentQuotedUrlAndHeadersOverridingContentType() throws Exception {
        String base = startServer();
        HttpChannel channel = channel(HttpSettings.of("'" + base + "/hook'", o -> {
            o.userAgent = "peregrine/1";
            o.headers = Map.of("Content-Type", "application/x-ndjson");
        }));

        channel.write(Alerts.numbered(1));

        assertThat(received).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/hook");
            assertThat(r.headers().getFirst("User-Agent")).isEqualTo("peregrine/1");
            assertThat(r.headers().get("Content-Type")).containsExactly("application/x-ndjson");
        });
    }

    @Test
    void compressUploadsSendsAGzipBody() throws Exception {
        String base = startServer();
        HttpChannel channel = channel(HttpSettings.of(base + "/", o -> o.compressUploads = true));
        String line = "{\"output\":\"" + "repeated text ".repeat(200) + "\"}";

        channel.write(Alert.of(1L, 4, "r", "syscall", "h", List.of(), line));

        Received r = received.getFirst();
        assertThat(r.headers().getFirst("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.headers().getFirst("Content-Type")).isEqualTo("application/json");
        assertThat(r.body().length).isLessThan(line.length() / 4);
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(line);
        }
    }

    @Test
    void userInfoInTheUrlBecomesBasicAuthentication() throws Exception {
        String base = startServer();
        HttpChannel channel = channel(HttpSettings.of(base.replace("://", "://falco:s%40cret@") + "/"));

        channel.write(Alerts.numbered(1));

        assertThat(received.getFirst().headers().getFirst("Authorization"))
                .isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString("falco:s@cret".getBytes()));
    }

    @Test
    void connectionsAreReusedBetweenAlerts() throws Exception {
        String base = startServer();
        HttpChannel channel = channel(HttpSettings.of(base + "/", o -> o.keepAlive = true));
        for (int i = 0; i < 5; i++) {
            channel.write(Alerts.numbered(i));
        }
        assertThat(received).extracting(Received::remotePort).containsOnly(received.getFirst().remotePort());
        assertThat(received).extracting(Received::text).isEqualTo(Alerts.lines(0, 5));
    }

    @Test
    void echoCopiesResponseBodiesAndIsOffByDefault() throws Exception {
        String base = startServer();
        answer = "{\"accepted\":true}";
        ByteArrayOutputStream echoed = new ByteArrayOutputStream();
        HttpChannel echoing = new HttpChannel(HttpSettings.of(base + "/", o -> o.echo = true), echoed);
        cleanup.add(echoing);
        ByteArrayOutputStream quiet = new ByteArrayOutputStream();
        HttpChannel silent = new HttpChannel(HttpSettings.of(base + "/"), quiet);
        cleanup.add(silent);

        echoing.write(Alerts.numbered(1));
        echoing.write(Alerts.numbered(2));
        silent.write(Alerts.numbered(3));

        assertThat(echoed.toString(StandardCharsets.UTF_8)).isEqualTo(answer + answer);
        assertThat(quiet.size()).isZero();
    }

    @Test
    void statusOtherThan2xxIsAnIOExceptionWithTheStatusAndAnswer() throws Exception {
        String base = startServer();
        HttpChannel channel = channel(HttpSettings.of(base + "/secret-token/path?key=xyz"));
        status = 503;
        answer = "busy,\n try later";

        assertThatThrownBy(() -> channel.write(Alerts.numbered(1)))
                .isInstanceOf(IOException.class)
                .hasMessage("POST to " + base + " answered status 503: busy, try later");
        status = 204;
        answer = "";
        channel.write(Alerts.numbered(2)); // any 2xx is fine
        assertThat(received).hasSize(2);
    }

    @Test
    void serverThatIsDownFailsPromptly() throws Exception {
        int port = freePort();
        HttpChannel channel = channel(HttpSettings.of("http://127.0.0.1:" + port + "/"));

        long start = System.nanoTime();
        assertThatThrownBy(() -> channel.write(Alerts.numbered(1)))
                .isInstanceOf(IOException.class)
                .hasMessage("POST to http://127.0.0.1:" + port + " failed: connection refused");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aHungServerTimesOutAndIsRetriedMaxConsecutiveTimeoutsTimes() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        List<Socket> held = new CopyOnWriteArrayList<>();
        ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        cleanup.add(silent);
        cleanup.add(() -> held.forEach(HttpChannelTest::closeQuietly));
        Thread acceptor = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    held.add(silent.accept()); // accepts, reads nothing, never answers
                    connections.incrementAndGet();
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        cleanup.add(acceptor::interrupt);
        String base = "http://127.0.0.1:" + silent.getLocalPort();
        HttpChannel channel = channel(HttpSettings.of(base + "/", timeouts(2, Duration.ofMillis(300))));

        long start = System.nanoTime();
        assertThatThrownBy(() -> channel.write(Alerts.numbered(1)))
                .isInstanceOf(IOException.class)
                .hasMessage("POST to " + base + " timed out 3 times in a row (300 ms each)");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isBetween(Duration.ofMillis(850), Duration.ofSeconds(5));
        assertThat(connections.get()).isEqualTo(3); // a timed-out connection is not reused
    }

    @Test
    void aDownServerDoesNotHoldUpTheOtherChannels() throws Exception {
        List<String> errors = new CopyOnWriteArrayList<>();
        Path file = dir.resolve("events.txt");
        String down = "http://127.0.0.1:" + freePort();
        int n = 20;
        Outputs outputs = new Outputs(List.of(new HttpChannel(HttpSettings.of(down + "/"), new ByteArrayOutputStream()),
                new FileChannel(file, false, false)), 0, errors::add);
        for (int i = 0; i < n; i++) {
            outputs.submit(Alerts.numbered(i));
        }
        outputs.close();

        assertThat(Files.readAllLines(file)).isEqualTo(Alerts.lines(0, n));
        assertThat(outputs.stats().channel("http")).isEqualTo(new ChannelStats(0, n));
        assertThat(outputs.stats().channel("file")).isEqualTo(new ChannelStats(n, 0));
        assertThat(errors.getFirst()).isEqualTo("http: POST to " + down + " failed: connection refused");
    }

    @Test
    void badUrlsFailAtConstruction() {
        assertThatThrownBy(() -> new HttpChannel(HttpSettings.of("")))
                .isInstanceOf(OutputException.class).hasMessage("http output needs a url");
        assertThatThrownBy(() -> new HttpChannel(HttpSettings.of("http://exa mple.com/")))
                .isInstanceOf(OutputException.class).hasMessageStartingWith("invalid http output url http://exa mple.com/: ");
        assertThatThrownBy(() -> new HttpChannel(HttpSettings.of("ftp://example.com/")))
                .isInstanceOf(OutputException.class)
                .hasMessage("invalid http output url ftp://example.com/: the scheme must be http or https");
        assertThatThrownBy(() -> new HttpChannel(HttpSettings.of("localhost:2801")))
                .isInstanceOf(OutputException.class)
                .hasMessage("invalid http output url localhost:2801: the scheme must be http or https");
        assertThatThrownBy(() -> new HttpChannel(HttpSettings.of("http:///path")))
                .isInstanceOf(OutputException.class).hasMessage("invalid http output url http:///path: no host");
    }

    @Test
    void headersJavaCannotSendFailAtConstruction() {
        assertThatThrownBy(() -> new HttpChannel(HttpSettings.of("http://127.0.0.1:1/",
                o -> o.headers = Map.of("Connection", "close"))))
                .isInstanceOf(OutputException.class)
                .hasMessageStartingWith("http output cannot send header 'Connection': ");
        assertThatThrownBy(() -> new HttpChannel(HttpSettings.of("http://127.0.0.1:1/",
                o -> o.headers = Map.of("Bad Name", "x"))))
                .isInstanceOf(OutputException.class)
                .hasMessageStartingWith("http output cannot send header 'Bad Name': ");
    }

    @Test
    void settingsDefaultsAreFalcos() {
        HttpSettings s = HttpSettings.of("http://x/");
        assertThat(s.userAgent()).isEqualTo("falcosecurity/falco");
        assertThat(s.caPath()).isEqualTo("/etc/ssl/certs");
        assertThat(s.clientCert()).isEqualTo("/etc/ssl/certs/client.crt");
        assertThat(s.clientKey()).isEqualTo("/etc/ssl/certs/client.key");
        assertThat(s.maxConsecutiveTimeouts()).isEqualTo(5);
        assertThat(s.insecure() || s.echo() || s.mtls() || s.compressUploads() || s.keepAlive()).isFalse();
        assertThat(s.caCert()).isEmpty();
        assertThat(s.caBundle()).isEmpty();
        assertThatThrownBy(() -> HttpSettings.of("http://x/", timeouts(256, Duration.ofSeconds(1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpSettings.of("http://x/", timeouts(1, Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Consumer<HttpSettings.Options> timeouts(int maxConsecutive, Duration perAttempt) {
        return o -> {
            o.maxConsecutiveTimeouts = maxConsecutive;
            o.timeout = perAttempt;
        };
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing at the end of the test
        }
    }
}
