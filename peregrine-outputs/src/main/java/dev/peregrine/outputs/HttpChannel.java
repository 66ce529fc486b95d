package dev.peregrine.outputs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPOutputStream;

/**
 * falco.yaml's http_output: POSTs each alert's line to the URL, with Content-Type application/json when the line is
 * a JSON object (Falco's json_output) and text/plain otherwise. Like Falco's one curl handle, connections are
 * reused between alerts whatever keep_alive says (Falco's keep_alive only adds TCP keep-alive probes, which
 * java.net.http cannot set). Each attempt is bounded by the settings' timeout; an alert whose attempts time out is
 * retried up to max_consecutive_timeouts more times, as Falco does. Unlike Falco, which ignores the answer, a
 * status other than 2xx is a failure, so that the dispatcher counts and reports it; redirects are not followed.
 * Messages name the server as scheme://host:port only: webhook paths and queries often carry secrets.
 */
public final class HttpChannel extends NamedChannel {

    private static final byte[] NO_BODY = new byte[0];
    private static final int SNIPPET = 200;

    private final HttpSettings settings;
    private final URI uri;
    private final String where;
    private final HttpRequest.Builder base;
    private final OutputStream echo;
    private final HttpClient client;

    /** Echoes response bodies (if echo is set) to this process's stdout, as Falco's curl does. */
    public HttpChannel(HttpSettings settings) throws OutputException {
        this(settings, System.out);
    }

    /** Checks the URL, headers and (for https) the TLS files now: bad settings fail here, naming the culprit. */
    public HttpChannel(HttpSettings settings, OutputStream echo) throws OutputException {
        super("http");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.echo = Objects.requireNonNull(echo, "echo");
        URI given = parse(settings.url());
        String hostPort = given.getRawAuthority().substring(given.getRawAuthority().lastIndexOf('@') + 1);
        String scheme = given.getScheme().toLowerCase(Locale.ROOT);
        this.where = scheme + "://" + hostPort;
        // curl sends user:password in the URL as basic auth; java.net.http would ignore it
        this.uri = URI.create(where + Objects.requireNonNullElse(given.getRawPath(), "")
                + (given.getRawQuery() == null ? "" : "?" + given.getRawQuery()));
        this.base = baseRequest(given.getRawUserInfo());
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // curl's default; no h2c upgrade dance with the server
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.timeout());
        if (scheme.equals("https")) {
            builder.sslContext(HttpTls.context(settings));
        }
        this.client = builder.build();
    }

    @Override
    public void write(Alert alert) throws IOException {
        byte[] body = alert.line().getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = base.copy()
                .setHeader("Content-Type", alert.line().startsWith("{") ? "application/json" : "text/plain");
        if (settings.compressUploads()) {
            body = gzip(body);
            request.setHeader("Content-Encoding", "gzip");
        }
        settings.headers().forEach(request::setHeader); // last, so they can override the two above
        HttpResponse<byte[]> response = post(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        if (settings.echo() && response.body().length > 0) {
            echo.write(response.body());
            echo.flush();
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw new IOException("POST to " + where + " answered status " + status + snippet(response.body()));
        }
    }

    /** Drops pooled connections; every request has completed or been abandoned by the time write returned. */
    @Override
    public void close() {
        client.shutdownNow();
    }

    /** Up to 1 + max_consecutive_timeouts attempts; any failure other than a timeout ends them at once. */
    private HttpResponse<byte[]> post(HttpRequest request) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return attempt(request);
            } catch (HttpTimeoutException e) {
                if (attempt > settings.maxConsecutiveTimeouts()) {
                    throw new IOException("POST to " + where + " timed out " + attempt + " "
                            + ErrorThrottle.plural(attempt, "time") + " in a row (" + settings.timeout().toMillis()
                            + " ms each)", e);
                }
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                throw new IOException("POST to " + where + " failed: " + reason(e), e);
            }
        }
    }

    private HttpResponse<byte[]> attempt(HttpRequest request) throws IOException {
        // keep the body only when it is echoed or explains a failure
        HttpResponse.BodyHandler<byte[]> handler = info -> settings.echo() || info.statusCode() / 100 != 2
                ? HttpResponse.BodySubscribers.ofByteArray()
                : HttpResponse.BodySubscribers.replacing(NO_BODY);
        CompletableFuture<HttpResponse<byte[]>> pending = client.sendAsync(request, handler);
        try {
            // the request timeout covers the answer's headers only: this bounds reading its body too
            return pending.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new HttpTimeoutException("request timed out");
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while posting to " + where);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(IoReason.of(cause), cause);
        }
    }

    private HttpRequest.Builder baseRequest(String userInfo) throws OutputException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(settings.timeout());
        if (!settings.userAgent().isEmpty()) {
            builder.setHeader("User-Agent", settings.userAgent());
        }
        if (userInfo != null) {
            String credentials = URLDecoder.decode(userInfo.replace("+", "%2B"), StandardCharsets.UTF_8);
            builder.setHeader("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        for (Map.Entry<String, String> header : settings.headers().entrySet()) {
            try {
                builder.copy().setHeader(header.getKey(), header.getValue()); // a trial: restricted or malformed?
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new OutputException("http output cannot send header '" + header.getKey() + "': "
                        + IoReason.of(e), e);
            }
        }
        return builder;
    }

    private static URI parse(String url) throws OutputException {
        String text = unquote(url);
        if (text.isEmpty()) {
            throw new OutputException("http output needs a url", null);
        }
        URI parsed;
        try {
            parsed = new URI(text);
        } catch (URISyntaxException e) {
            throw new OutputException("invalid http output url " + text + ": " + e.getMessage(), e);
        }
        String scheme = parsed.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new OutputException("invalid http output url " + text + ": the scheme must be http or https", null);
        }
        if (parsed.getHost() == null) {
            throw new OutputException("invalid http output url " + text + ": no host", null);
        }
        return parsed;
    }

    // Falco removes one pair of surrounding quotes, which YAML would have kept inside the value
    static String unquote(String url) {
        if (url.length() >= 2) {
            char first = url.charAt(0);
            if ((first == '"' || first == '\'') && url.charAt(url.length() - 1) == first) {
                return url.substring(1, url.length() - 1);
            }
        }
        return url;
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 2 + 32);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        }
        return out.toByteArray();
    }

    /** The answer's first characters, on one line, to say why the server refused. */
    private static String snippet(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        if (text.isEmpty()) {
            return "";
        }
        return ": " + (text.length() > SNIPPET ? text.substring(0, SNIPPET) + "..." : text);
    }

    /** A short cause: java.net.http often wraps the useful message, or has none (a refused connection). */
    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException && (t.getMessage() == null || t.getMessage().isBlank())) {
                return "connection refused";
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                // JSSE nests exception class names in its messages ("...: sun.security...Exception: ..."): drop them
                return IoReason.of(t).replaceAll("\\b(?:[a-z0-9]+\\.)+[A-Za-z0-9]*Exception: ", "");
            }
        }
        return e.getClass().getSimpleName();
    }
}
