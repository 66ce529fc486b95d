package dev.peregrine.outputs;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * falco.yaml's http_output options, named and defaulted as there (see {@link #of(String)}); an empty string means
 * "not set". {@link HttpChannel} checks the values (URL, files) when it is built. TLS options apply to https URLs
 * only, as with curl.
 *
 * @param url                    where alerts are POSTed; surrounding quotes are removed as Falco does
 * @param userAgent              the User-Agent header
 * @param headers                extra request headers, sent after (so overriding) Content-Type and User-Agent
 * @param insecure               skip server certificate and host name verification
 * @param echo                   copy each response body to the echo stream (Falco: its stdout)
 * @param caCert                 a PEM file of trusted CA certificates; replaces every other trust source
 * @param caBundle               the same, used when caCert is empty
 * @param caPath                 a directory of PEM files trusted besides the JDK's CAs, when both above are empty
 * @param mtls                   present clientCert/clientKey to the server
 * @param clientCert             PEM certificate (chain) for mtls
 * @param clientKey              PEM private key for mtls: PKCS#8, PKCS#1 RSA or SEC1 EC, unencrypted
 * @param compressUploads        gzip each body and send Content-Encoding: gzip
 * @param keepAlive              Falco turns on TCP keep-alive probes; connections are reused either way
 * @param maxConsecutiveTimeouts how many timed-out attempts of one alert are retried (0..255, as Falco's uint8)
 * @param timeout                bound on one attempt: connecting, sending and reading the answer
 */
public record HttpSettings(String url, String userAgent, Map<String, String> headers, boolean insecure,
                           boolean echo, String caCert, String caBundle, String caPath, boolean mtls,
                           String clientCert, String clientKey, boolean compressUploads, boolean keepAlive,
                           int maxConsecutiveTimeouts, Duration timeout) {

    public static final String DEFAULT_USER_AGENT = "falcosecurity/falco";
    public static final String DEFAULT_CA_PATH = "/etc/ssl/certs";
    public static final String DEFAULT_CLIENT_CERT = "/etc/ssl/certs/client.crt";
    public static final String DEFAULT_CLIENT_KEY = "/etc/ssl/certs/client.key";
    public static final int DEFAULT_MAX_CONSECUTIVE_TIMEOUTS = 5;
    /** Falco sets no curl timeout; a bound keeps a hung server from stalling every other channel for long. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public HttpSettings {
        Objects.requireNonNull(url, "url");
        userAgent = Objects.requireNonNullElse(userAgent, "");
        headers = headers == null || headers.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        caCert = Objects.requireNonNullElse(caCert, "");
        caBundle = Objects.requireNonNullElse(caBundle, "");
        caPath = Objects.requireNonNullElse(caPath, "");
        clientCert = Objects.requireNonNullElse(clientCert, "");
        clientKey = Objects.requireNonNullElse(clientKey, "");
        if (maxConsecutiveTimeouts < 0 || maxConsecutiveTimeouts > 255) {
            throw new IllegalArgumentException("max_consecutive_timeouts must be 0..255, was " + maxConsecutiveTimeouts);
        }
        timeout = Objects.requireNonNullElse(timeout, DEFAULT_TIMEOUT);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("http timeout must be positive, was " + timeout);
        }
    }

    /** Falco's defaults for everything but the URL. */
    public static HttpSettings of(String url) {
        return of(url, options -> { });
    }

    /** Falco's defaults for everything but the URL, as {@code changes} leaves them: e.g. {@code o -> o.echo = true}. */
    public static HttpSettings of(String url, Consumer<Options> changes) {
        Options o = new Options();
        changes.accept(o);
        return new HttpSettings(url, o.userAgent, o.headers, o.insecure, o.echo, o.caCert, o.caBundle, o.caPath, o.mtls,
                o.clientCert, o.clientKey, o.compressUploads, o.keepAlive, o.maxConsecutiveTimeouts, o.timeout);
    }

    /** The components but the URL, at Falco's defaults, for {@link #of(String, Consumer)} to change. */
    public static final class Options {
        public String userAgent = DEFAULT_USER_AGENT;
        public Map<String, String> headers = Map.of();
        public boolean insecure;
        public boolean echo;
        public String caCert = "";
        public String caBundle = "";
        public String caPath = DEFAULT_CA_PATH;
        public boolean mtls;
        public String clientCert = DEFAULT_CLIENT_CERT;
        public String clientKey = DEFAULT_CLIENT_KEY;
        public boolean compressUploads;
        public boolean keepAlive;
        public int maxConsecutiveTimeouts = DEFAULT_MAX_CONSECUTIVE_TIMEOUTS;
        public Duration timeout = DEFAULT_TIMEOUT;

        private Options() {
        }
    }
}
