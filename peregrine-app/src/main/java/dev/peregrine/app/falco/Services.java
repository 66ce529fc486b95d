package dev.peregrine.app.falco;

import dev.peregrine.app.FalcoLog;
import dev.peregrine.app.Version;
import dev.peregrine.config.FalcoConfig;
import dev.peregrine.config.WebserverConfig;
import dev.peregrine.grpc.GrpcOutputServer;
import dev.peregrine.grpc.GrpcServerException;
import dev.peregrine.grpc.GrpcSettings;
import dev.peregrine.plugin.PluginApi;
import dev.peregrine.rules.EngineVersion;
import dev.peregrine.web.PeregrineMetrics;
import dev.peregrine.web.VersionKeys;
import dev.peregrine.web.WebServer;
import dev.peregrine.web.WebServerException;
import dev.peregrine.web.WebSettings;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The servers that live as long as the process, across reloads: the web server (health, versions, Prometheus
 * metrics) and Falco's gRPC outputs server. Changing their settings takes a restart, as in Falco.
 *
 * @param metrics null unless Prometheus metrics are served
 * @param web     null unless the web server runs
 * @param grpc    null unless the gRPC output is on
 */
record Services(PeregrineMetrics metrics, WebServer web, GrpcOutputServer grpc) implements AutoCloseable {
    /** No servers (a dry run). */
    static final Services NONE = new Services(null, null, null);

    /** @param live whether the event source is live (the web server only serves live sources) */
    static Services start(FalcoConfig c, FalcoLog log, boolean live) throws Fatal {
        GrpcOutputServer grpc = null;
        WebServer web = null;
        PeregrineMetrics metrics = null;
        try {
            if (c.grpc().enabled() && c.grpcOutput()) {
                FalcoConfig.Grpc g = c.grpc();
                grpc = new GrpcOutputServer().start(new GrpcSettings(g.bindAddress(), g.threadiness(),
                        Path.of(g.privateKey()), Path.of(g.certChain()), Path.of(g.rootCerts())));
                log.info("gRPC server listening on " + c.grpc().bindAddress());
            }
            WebserverConfig w = c.webserver();
            if (w.enabled() && live) {
                boolean prometheus = w.prometheusMetricsEnabled() && c.metricsEnabled();
                metrics = prometheus ? new PeregrineMetrics(Version.VERSION) : null;
                web = WebServer.start(new WebSettings(true, w.listenAddress(), w.listenPort(),
                        w.k8sHealthzEndpoint(), w.sslEnabled(), w.sslCertificate(), w.threadiness(), prometheus),
                        metrics, Services::versions, () -> true);
                log.info("Web server listening on " + w.listenAddress() + ":" + web.port());
            }
        } catch (GrpcServerException | WebServerException e) {
            if (grpc != null) {
                grpc.close();
            }
            throw new Fatal(e.getMessage());
        }
        return new Services(metrics, web, grpc);
    }

    private static Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("peregrine_version", Version.VERSION);
        v.put(VersionKeys.ENGINE_VERSION_SEMVER, EngineVersion.CURRENT);
        v.put(VersionKeys.PLUGIN_API_VERSION, PluginApi.VERSION);
        return v;
    }

    @Override
    public void close() {
        if (web != null) {
            web.close();
        }
        if (grpc != null) {
            grpc.close();
        }
    }
}
