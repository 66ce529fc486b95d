package dev.peregrine.web;

import java.util.Objects;

/**
 * Falco's {@code webserver.*} settings, with Falco's defaults ({@link #defaults()}).
 *
 * @param enabled                  {@code webserver.enabled}: whether the app starts the server at all
 * @param listenAddress            {@code webserver.listen_address}: an IPv4 or IPv6 literal, never a host name
 * @param listenPort               {@code webserver.listen_port}; 0 picks a free port (tests)
 * @param k8sHealthzEndpoint       {@code webserver.k8s_healthz_endpoint}
 * @param sslEnabled               {@code webserver.ssl_enabled}
 * @param sslCertificate           {@code webserver.ssl_certificate}: one PEM file holding the certificate (chain)
 *                                 and its unencrypted private key, as Falco's
 * @param threadiness              {@code webserver.threadiness}: request threads, 0 for one per CPU
 * @param prometheusMetricsEnabled {@code webserver.prometheus_metrics_enabled}; Falco serves /metrics only when
 *                                 {@code metrics.enabled} is on too, so the caller passes both and-ed together
 */
public record WebSettings(boolean enabled, String listenAddress, int listenPort, String k8sHealthzEndpoint,
                          boolean sslEnabled, String sslCertificate, int threadiness,
                          boolean prometheusMetricsEnabled) {

    public static final String DEFAULT_ADDRESS = "0.0.0.0";
    public static final int DEFAULT_PORT = 8765;
    public static final String DEFAULT_HEALTHZ = "/healthz";
    public static final String DEFAULT_CERTIFICATE = "/etc/falco/falco.pem";

    public WebSettings {
        Objects.requireNonNull(listenAddress, "listenAddress");
        Objects.requireNonNull(k8sHealthzEndpoint, "k8sHealthzEndpoint");
        Objects.requireNonNull(sslCertificate, "sslCertificate");
        if (listenPort < 0 || listenPort > 65535) {
            throw new IllegalArgumentException("webserver.listen_port " + listenPort + " is not in 0..65535");
        }
        if (threadiness < 0) {
            throw new IllegalArgumentException("webserver.threadiness " + threadiness + " is negative");
        }
        if (!k8sHealthzEndpoint.startsWith("/")) {
            throw new IllegalArgumentException(
                    "webserver.k8s_healthz_endpoint \"" + k8sHealthzEndpoint + "\" does not start with /");
        }
    }

    /** Falco's defaults: disabled, 0.0.0.0:8765, /healthz, no TLS, one thread per CPU, no /metrics. */
    public static WebSettings defaults() {
        return new WebSettings(false, DEFAULT_ADDRESS, DEFAULT_PORT, DEFAULT_HEALTHZ, false, DEFAULT_CERTIFICATE, 0,
                false);
    }

    /** The request threads: threadiness, or the CPUs when it is 0 (as Falco's hardware_concurrency). */
    public int threads() {
        return threadiness > 0 ? threadiness : Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    public WebSettings withEnabled(boolean value) {
        return new WebSettings(value, listenAddress, listenPort, k8sHealthzEndpoint, sslEnabled, sslCertificate,
                threadiness, prometheusMetricsEnabled);
    }

    public WebSettings withListen(String address, int port) {
        return new WebSettings(enabled, address, port, k8sHealthzEndpoint, sslEnabled, sslCertificate, threadiness,
                prometheusMetricsEnabled);
    }

    public WebSettings withHealthz(String endpoint) {
        return new WebSettings(enabled, listenAddress, listenPort, endpoint, sslEnabled, sslCertificate, threadiness,
                prometheusMetricsEnabled);
    }

    public WebSettings withSsl(boolean on, String certificate) {
        return new WebSettings(enabled, listenAddress, listenPort, k8sHealthzEndpoint, on, certificate, threadiness,
                prometheusMetricsEnabled);
    }

    public WebSettings withThreadiness(int value) {
        return new WebSettings(enabled, listenAddress, listenPort, k8sHealthzEndpoint, sslEnabled, sslCertificate,
                value, prometheusMetricsEnabled);
    }

    public WebSettings withPrometheusMetrics(boolean on) {
        return new WebSettings(enabled, listenAddress, listenPort, k8sHealthzEndpoint, sslEnabled, sslCertificate,
                threadiness, on);
    }
}
