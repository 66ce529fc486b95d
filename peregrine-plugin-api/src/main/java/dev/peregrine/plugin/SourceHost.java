package dev.peregrine.plugin;

/** What the host offers an open event source. */
public interface SourceHost {
    /**
     * Reports one input the source skipped (a malformed event, a file line that is not JSON): the host writes it
     * on stderr and counts it, and the source goes on.
     *
     * @param where the input: a file and line ({@code audit.json:12}), a request ({@code POST /k8s-audit})
     * @param why   what was wrong with it
     */
    void rejected(String where, String why);

    /** Logs a line about the source (a file opened, a listener started) at info level. */
    void info(String message);

    /**
     * Serves HTTP POST requests: each request's body goes to {@code handler}, whose reply is sent back.
     *
     * @param endpoint a path on the host's web server ({@code /k8s-audit}), or an URL whose port is served by
     *                 its own listener when it is not the web server's ({@code http://:9765/k8s-audit};
     *                 {@code https} needs {@code certificate})
     * @param certificate a PEM file with the certificate and its key for {@code https}, or null
     * @return the endpoint, closed when the source closes
     * @throws PluginException when the endpoint cannot be served (no web server, a port in use)
     */
    Endpoint serve(String endpoint, String certificate, PostHandler handler) throws PluginException;

    /** A served endpoint; closing it stops serving it. */
    interface Endpoint extends AutoCloseable {
        /** The URL it is served at, with the actual port. */
        String url();

        @Override
        void close();
    }

    /** Handles one POST request on the server's thread; may block while the source is busy (back-pressure). */
    @FunctionalInterface
    interface PostHandler {
        Reply post(Request request);
    }

    /**
     * A POST request.
     *
     * @param where       the request for messages: {@code POST /k8s-audit from 10.0.0.5:41234}
     * @param contentType its Content-Type header, or empty
     */
    record Request(String where, String contentType, byte[] body) {
    }

    /** An HTTP status and a text body. */
    record Reply(int status, String body) {
        public static Reply ok() {
            return new Reply(200, "<html><body>Ok</body></html>");
        }
    }
}
