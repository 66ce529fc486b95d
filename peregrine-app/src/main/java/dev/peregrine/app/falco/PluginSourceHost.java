package dev.peregrine.app.falco;

import dev.peregrine.config.WebserverConfig;
import dev.peregrine.plugin.PluginException;
import dev.peregrine.plugin.SourceHost;
import dev.peregrine.web.PeregrineMetrics;
import dev.peregrine.web.PostRoute;
import dev.peregrine.web.WebServer;
import dev.peregrine.web.WebServerException;
import dev.peregrine.web.WebSettings;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What Peregrine offers a plugin's open event source: its log, the report and count (and Prometheus metric) of the
 * inputs it rejects, and web endpoints, on the web server or, for an address on another port, on a listener of
 * their own.
 */
final class PluginSourceHost implements SourceHost {
    private final String source;
    private final String plugin;
    private final AppState s;
    private final AtomicLong rejected = new AtomicLong();

    PluginSourceHost(String source, String plugin, AppState s) {
        this.source = source;
        this.plugin = plugin;
        this.s = s;
    }

    /** Inputs the source has rejected so far. */
    long rejected() {
        return rejected.get();
    }

    /**
     * Written on stderr whatever the log settings, as Falco's plugins write their own messages there (scripts
     * and Falco's regression specs look for them).
     */
    @Override
    public void rejected(String where, String why) {
        rejected.incrementAndGet();
        PeregrineMetrics metrics = s.services.metrics();
        if (metrics != null) {
            metrics.inputRejected(source);
        }
        s.err.println("[" + plugin + "] skipped " + where + ": " + why);
    }

    @Override
    public void info(String message) {
        s.log.info("Event source '" + source + "': " + message);
    }

    @Override
    public Endpoint serve(String endpoint, String certificate, PostHandler handler) throws PluginException {
        PostRoute adapter = (where, type, body) -> {
            Reply r = handler.post(new Request(where, type, body));
            return new PostRoute.Reply(r.status(), r.body());
        };
        WebServer web = s.services.web();
        if (endpoint.startsWith("/")) {
            if (web == null) {
                throw new PluginException("the endpoint " + endpoint + " is served by the web server, which is off "
                        + "(webserver.enabled: false); enable it, or give open_params an address such as "
                        + "http://:9765" + endpoint);
            }
            return route(web, endpoint, adapter, null);
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw new PluginException("bad endpoint address " + endpoint + ": " + e.getMessage());
        }
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        boolean https = "https".equals(uri.getScheme());
        if (uri.getPort() < 0) {
            throw new PluginException("endpoint address " + endpoint + " has no port");
        }
        if (web != null && web.port() == uri.getPort() && web.https() == https) {
            return route(web, path, adapter, null);
        }
        WebserverConfig w = s.config.webserver();
        String host = uri.getHost() == null || uri.getHost().isEmpty() ? "0.0.0.0" : uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        WebServer own;
        try {
            own = WebServer.start(new WebSettings(true, host, uri.getPort(), w.k8sHealthzEndpoint(), https,
                    https ? certificate : WebSettings.DEFAULT_CERTIFICATE, w.threadiness(), false), null, Map::of,
                    () -> true);
        } catch (WebServerException | IllegalArgumentException e) {
            throw new PluginException("cannot serve " + endpoint + ": " + e.getMessage());
        }
        return route(own, path, adapter, own);
    }

    private static Endpoint route(WebServer web, String path, PostRoute handler,
                                  WebServer own) throws PluginException {
        AutoCloseable served;
        try {
            served = web.post(path, handler);
        } catch (IllegalArgumentException e) {
            throw new PluginException("cannot serve " + path + ": " + e.getMessage());
        }
        String url = (web.https() ? "https://" : "http://") + web.address().getHostString() + ":" + web.port() + path;
        return new ServedEndpoint(url, served, own);
    }

    /** An endpoint's route, and the listener of its own it is served on, or null (the web server's). */
    private record ServedEndpoint(String url, AutoCloseable route, WebServer own) implements Endpoint {
        @Override
        public void close() {
            try {
                route.close();
            } catch (Exception e) {
                // removing a route cannot fail
            }
            if (own != null) {
                own.close();
            }
        }
    }
}
