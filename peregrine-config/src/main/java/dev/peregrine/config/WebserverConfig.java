package dev.peregrine.config;

/**
 * webserver: the embedded HTTP server (health endpoint, Prometheus metrics). A threadiness of 0 means one thread
 * per CPU ({@link #effectiveThreadiness()}).
 */
public record WebserverConfig(boolean enabled, int threadiness, int listenPort, String listenAddress,
                              String k8sHealthzEndpoint, boolean sslEnabled, String sslCertificate,
                              boolean prometheusMetricsEnabled) {

    public int effectiveThreadiness() {
        return threadiness == 0 ? Runtime.getRuntime().availableProcessors() : threadiness;
    }

    static WebserverConfig from(ConfigTree tree) {
        boolean enabled = tree.bool("webserver.enabled", false);
        int threadiness = (int) Math.min(Integer.MAX_VALUE, tree.unsignedLong("webserver.threadiness", 0));
        long port = tree.unsignedLong("webserver.listen_port", 8765);
        if (port > 65535) {
            throw tree.error("webserver.listen_port", "expected a port number (0-65535), got " + port);
        }
        String address = tree.string("webserver.listen_address", "0.0.0.0");
        if (!IpAddress.isValid(address)) {
            throw ConfigException.reading(tree.name(),
                    "webserver listen address \"" + address + "\" is not a valid IP address");
        }
        return new WebserverConfig(enabled, threadiness, (int) port, address,
                tree.string("webserver.k8s_healthz_endpoint", "/healthz"),
                tree.bool("webserver.ssl_enabled", false),
                tree.string("webserver.ssl_certificate", "/etc/falco/falco.pem"),
                tree.bool("webserver.prometheus_metrics_enabled", false));
    }
}
