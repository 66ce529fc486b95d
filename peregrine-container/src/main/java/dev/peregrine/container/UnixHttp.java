package dev.peregrine.container;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 GET requests over a unix socket, as container runtimes serve their APIs (the JDK's HTTP client speaks
 * TCP only). Bodies come with a length, chunked, or up to the end of the connection.
 */
final class UnixHttp {
    /** Larger answers are refused: no container's inspection comes near. */
    static final int MAX_BODY = 16 << 20;

    private static final ScheduledExecutorService TIMEOUTS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "peregrine-container-timeouts");
        t.setDaemon(true);
        return t;
    });

    private UnixHttp() {
    }

    /** A response's status code and its whole body. */
    record Response(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** GETs {@code target} (path and query); the connection is closed after {@code timeout} whatever happens. */
    static Response get(Path socket, String target, Duration timeout) throws IOException {
        SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        ScheduledFuture<?> deadline = TIMEOUTS.schedule(() -> closeQuietly(channel), timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        try (channel) {
            InputStream body = request(channel, target);
            return new Response(lastStatus(body), readAll(body));
        } catch (IOException e) {
            if (deadline.isDone()) {
                throw new IOException("no answer within " + timeout.toMillis() + " ms", e);
            }
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    /**
     * Opens a GET whose body goes on as long as the server has things to say (an event stream): the returned
     * stream reads the body; closing it closes the connection.
     *
     * @throws IOException when the server answers with an error status (its message included)
     */
    static InputStream stream(Path socket, String target) throws IOException {
        SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        try {
            InputStream body = request(channel, target);
            int status = lastStatus(body);
            if (status != 200) {
                String text = new String(readAll(body), StandardCharsets.UTF_8).strip();
                throw new IOException("HTTP " + status + (text.isEmpty() ? "" : ": " + text));
            }
            return body;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** The body stream knows the status it was sent with. */
    private static int lastStatus(InputStream body) {
        return ((Body) body).status;
    }

    private static InputStream request(SocketChannel channel, String target) throws IOException {
        String request = "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: peregrine\r\n"
                + "Accept: application/json\r\nConnection: close\r\n\r\n";
        ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
        while (out.hasRemaining()) {
            channel.write(out);
        }
        InputStream in = Channels.newInputStream(channel);
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP answer: '" + statusLine + "'");
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status line: '" + statusLine + "'");
        }
        long length = -1;
        boolean chunked = false;
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                length = Long.parseLong(value);
            } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        return new Body(in, status, chunked, length);
    }

    /** One CRLF-ended header line, without its end. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("the connection closed in the middle of the HTTP headers");
            }
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                b.write(c);
            }
            if (b.size() > 16384) {
                throw new IOException("an HTTP header line longer than 16 KiB");
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            b.write(buf, 0, n);
            if (b.size() > MAX_BODY) {
                throw new IOException("an answer larger than " + (MAX_BODY >> 20) + " MiB");
            }
        }
        return b.toByteArray();
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing to give up: nothing more to do
        }
    }

    /** A response body: with a known length, chunked (RFC 9112 7.1), or up to the end of the connection. */
    private static final class Body extends InputStream {
        private final InputStream in;
        private final int status;
        private final boolean chunked;
        private long left;
        private boolean done;

        Body(InputStream in, int status, boolean chunked, long length) {
            this.in = in;
            this.status = status;
            this.chunked = chunked;
            this.left = chunked ? 0 : length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done || len == 0) {
                return done ? -1 : 0;
            }
            if (chunked && left == 0) {
                left = nextChunkSize();
                if (left == 0) {
                    done = true;
                    return -1;
                }
            }
            if (left == 0) {
                done = true;
                return -1;
            }
            int want = left < 0 ? len : (int) Math.min(len, left);
            int n = in.read(b, off, want);
            if (n < 0) {
                if (left > 0) {
                    throw new EOFException("the connection closed in the middle of an HTTP body");
                }
                done = true;
                return -1;
            }
            if (left > 0) {
                left -= n;
                if (chunked && left == 0) {
                    line(in); // the CRLF after the chunk's data
                }
            }
            return n;
        }

        private long nextChunkSize() throws IOException {
            int first = in.read();
            if (first < 0) {
                return 0; // the server closed the connection between two chunks: the body ends there
            }
            String size = (char) first + line(in);
            int ext = size.indexOf(';');
            try {
                return Long.parseLong((ext < 0 ? size : size.substring(0, ext)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("a bad HTTP chunk size: '" + size + "'");
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
