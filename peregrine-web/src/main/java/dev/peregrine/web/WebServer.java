package dev.peregrine.web;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Falco's embedded web server on the JDK's HTTP server: the health endpoint, /versions and (when enabled)
 * Prometheus /metrics. It never touches the engine: health, versions and metrics are read through the suppliers
 * given to {@link #start}, on the server's own threads.
 */
public final class WebServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads;
    private final boolean https;
    private final Routes routes;
    private final AtomicBoolean closed = new AtomicBoolean();

    private WebServer(HttpServer server, ExecutorService threads, boolean https, Routes routes) {
        this.server = server;
        this.threads = threads;
        this.https = https;
        this.routes = routes;
    }

    /**
     * Binds and starts serving; returns once the socket listens.
     *
     * @param metrics  what /metrics exposes; may be null when {@code settings.prometheusMetricsEnabled()} is off
     * @param versions the /versions object, read per request (keys in {@link VersionKeys}; order kept)
     * @param healthy  whether the health endpoint answers 200 rather than 503
     * @throws WebServerException when the address, port or certificate is unusable (a one-line message)
     */
    public static WebServer start(WebSettings settings, PeregrineMetrics metrics,
                                  Supplier<Map<String, String>> versions, BooleanSupplier healthy) {
        Objects.requireNonNull(settings, "settings");
        if (!settings.enabled()) {
            throw new IllegalArgumentException("webserver.enabled is false: the web server is not to be started");
        }
        if (settings.prometheusMetricsEnabled() && metrics == null) {
            throw new IllegalArgumentException("webserver.prometheus_metrics_enabled is on but no metrics were given");
        }
        InetSocketAddress where = new InetSocketAddress(address(settings.listenAddress()), settings.listenPort());
        // the certificate first: a bad one must not leave the port bound
        SSLContext tls = settings.sslEnabled() ? WebTls.context(settings.sslCertificate()) : null;
        HttpServer server;
        try {
            server = tls == null ? HttpServer.create(where, 0) : HttpsServer.create(where, 0);
        } catch (BindException e) {
            throw new WebServerException("webserver: cannot listen on " + hostPort(settings) + ": "
                    + (e.getMessage() == null ? "address in use" : e.getMessage()), e);
        } catch (IOException e) {
            throw new WebServerException("webserver: cannot listen on " + hostPort(settings) + ": " + e, e);
        }
        if (server instanceof HttpsServer s) {
            s.setHttpsConfigurator(new HttpsConfigurator(tls));
        }
        ExecutorService threads = Executors.newFixedThreadPool(settings.threads(), daemonThreads());
        server.setExecutor(threads);
        Routes routes = new Routes(settings, metrics, Objects.requireNonNull(versions, "versions"),
                Objects.requireNonNull(healthy, "healthy"));
        server.createContext("/", routes);
        server.start();
        return new WebServer(server, threads, tls != null, routes);
    }

    /**
     * Serves POST requests to {@code path} (exactly) with {@code handler}, from now until the returned handle is
     * closed; requests to a path served neither way get 404.
     *
     * @throws IllegalArgumentException when the path is already served
     */
    public AutoCloseable post(String path, PostRoute handler) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path \"" + path + "\" does not start with /");
        }
        if (routes.posts().putIfAbsent(path, handler) != null) {
            throw new IllegalArgumentException("path " + path + " is already served");
        }
        return () -> routes.posts().remove(path, handler);
    }

    /** The address listened on, with the actual port (when the settings asked for port 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public boolean https() {
        return https;
    }

    /** Stops listening at once: requests under way are cut short, not awaited. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            threads.shutdownNow();
            try {
                threads.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** An IP literal only, as Falco checks listen_address: a host name would mean a DNS look-up. */
    private static InetAddress address(String text) {
        String t = text.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        try {
            return InetAddress.ofLiteral(t);
        } catch (IllegalArgumentException e) {
            throw new WebServerException("webserver: listen address \"" + text + "\" is not a valid IP address");
        }
    }

    private static String hostPort(WebSettings s) {
        String a = s.listenAddress().contains(":") && !s.listenAddress().startsWith("[")
                ? "[" + s.listenAddress() + "]" : s.listenAddress();
        return a + ":" + s.listenPort();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "peregrine-web-" + n.incrementAndGet());
            t.setDaemon(true); // a scrape in progress must never keep the process alive
            return t;
        };
    }
}
