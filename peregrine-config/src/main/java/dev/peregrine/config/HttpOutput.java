package dev.peregrine.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * http_output: alerts POSTed as JSON to a URL. Enabled, it needs a url.
 *
 * @param headers extra request headers (a Peregrine addition), in the file's order
 */
public record HttpOutput(boolean enabled, String url, String userAgent, Map<String, String> headers,
                         boolean insecure, boolean echo,
                         String caCert, String caBundle, String caPath, boolean mtls, String clientCert,
                         String clientKey, boolean compressUploads, boolean keepAlive,
                         int maxConsecutiveTimeouts) {

    static HttpOutput from(ConfigTree tree) {
        boolean enabled = tree.bool("http_output.enabled", false);
        String url = tree.string("http_output.url", "");
        if (enabled && url.isEmpty()) {
            throw ConfigException.reading(tree.name(), "http output enabled but no url in configuration block");
        }
        long timeouts = tree.unsignedLong("http_output.max_consecutive_timeouts", 5);
        if (timeouts > 255) { // a uint8_t in Falco
            throw tree.error("http_output.max_consecutive_timeouts", "expected an integer from 0 to 255, got "
                    + timeouts);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        tree.node("http_output.headers").ifPresent(n -> {
            if (n instanceof ConfigNode.Mapping m) {
                m.entries().forEach((k, v) -> headers.put(k, v.toString()));
            }
        });
        return new HttpOutput(enabled, url,
                tree.string("http_output.user_agent", "falcosecurity/falco"),
                Collections.unmodifiableMap(headers),
                tree.bool("http_output.insecure", false),
                tree.bool("http_output.echo", false),
                tree.string("http_output.ca_cert", ""),
                tree.string("http_output.ca_bundle", ""),
                tree.string("http_output.ca_path", "/etc/ssl/certs"),
                tree.bool("http_output.mtls", false),
                tree.string("http_output.client_cert", "/etc/ssl/certs/client.crt"),
                tree.string("http_output.client_key", "/etc/ssl/certs/client.key"),
                tree.bool("http_output.compress_uploads", false),
                tree.bool("http_output.keep_alive", false),
                (int) timeouts);
    }
}
