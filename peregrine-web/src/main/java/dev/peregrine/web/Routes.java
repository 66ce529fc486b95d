package dev.peregrine.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The server's few paths, matched exactly (the JDK matches contexts by prefix, Falco's server by exact path). */
final class Routes implements HttpHandler {
    static final String JSON = "application/json";
    private static final String TEXT = "text/plain; charset=utf-8";

    private record Response(int status, String type, byte[] body) {
        static Response text(int status, String body) {
            return new Response(status, TEXT, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Bodies larger than this are refused (413) without being read whole. */
    static final int MAX_BODY = 64 * 1024 * 1024;

    private final String healthz;
    private final Map<String, PostRoute> posts = new ConcurrentHashMap<>();
    private final PeregrineMetrics metrics;
    private final Supplier<Map<String, String>> versions;
    private final BooleanSupplier healthy;

    Routes(WebSettings settings, PeregrineMetrics metrics, Supplier<Map<String, String>> versions,
           BooleanSupplier healthy) {
        this.healthz = settings.k8sHealthzEndpoint();
        this.metrics = settings.prometheusMetricsEnabled() ? metrics : null;
        this.versions = versions;
        this.healthy = healthy;
    }

    Map<String, PostRoute> posts() {
        return posts;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Response r;
            String path = ex.getRequestURI().getPath();
            PostRoute post = posts.get(path);
            try {
                r = post != null ? post(ex, path, post) : respond(ex.getRequestMethod(), path);
            } catch (RuntimeException | IOException e) {
                r = Response.text(500, "internal error: " + e + "\n");
            }
            if (r.status() == 405) {
                ex.getResponseHeaders().set("Allow", post != null ? "POST" : "GET, HEAD");
            }
            ex.getResponseHeaders().set("Content-Type", r.type());
            boolean head = ex.getRequestMethod().equals("HEAD");
            ex.sendResponseHeaders(r.status(), head || r.body().length == 0 ? -1 : r.body().length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(r.body());
                }
            }
        }
    }

    private static Response post(HttpExchange ex, String path, PostRoute handler) throws IOException {
        if (!ex.getRequestMethod().equals("POST")) {
            return Response.text(405, ex.getRequestMethod() + " method not allowed\n");
        }
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            return Response.text(413, "request body over " + MAX_BODY + " bytes\n");
        }
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        PostRoute.Reply reply = handler.post("POST " + path + " from " + ex.getRemoteAddress(),
                type == null ? "" : type, body);
        return Response.text(reply.status(), reply.body());
    }

    private Response respond(String method, String path) throws IOException {
        boolean known = path.equals(healthz) || path.equals("/versions") || (metrics != null && path.equals("/metrics"));
        if (!known) {
            return Response.text(404, "not found\n");
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return Response.text(405, "method not allowed\n");
        }
        if (path.equals(healthz)) {
            return health();
        }
        if (path.equals("/versions")) {
            return new Response(200, JSON, Json.object(versions.get()).getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        metrics.writeText(out);
        return new Response(200, metrics.contentType(), out.toByteArray());
    }

    private Response health() {
        boolean ok;
        try {
            ok = healthy.getAsBoolean();
        } catch (RuntimeException e) {
            ok = false; // a probe that cannot tell is not healthy
        }
        // Falco's exact body, so probes matching on it keep working
        return ok ? new Response(200, JSON, "{\"status\": \"ok\"}".getBytes(StandardCharsets.UTF_8))
                : new Response(503, JSON, "{\"status\": \"unhealthy\"}".getBytes(StandardCharsets.UTF_8));
    }
}
