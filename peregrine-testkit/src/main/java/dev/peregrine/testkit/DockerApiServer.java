package dev.peregrine.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.URLDecoder;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for a Docker daemon, for machines without one: an HTTP/1.1 server on a unix socket that answers the
 * Docker Engine API's GETs with the JSON a test gives it ({@link #answer}; 404 with Docker's error body
 * otherwise), and streams {@code /events} with chunked encoding, each event a test {@link #publish}es going to
 * every client following them. It records the paths asked ({@link #requests}).
 */
public final class DockerApiServer implements AutoCloseable {
    private final Path socket;
    private final ServerSocketChannel server;
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<OutputStream> followers = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private DockerApiServer(Path socket) throws IOException {
        this.socket = socket;
        Files.deleteIfExists(socket);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        this.acceptor = new Thread(this::acceptLoop, "docker-api-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on {@code socket} (replacing a file left there). */
    public static DockerApiServer start(Path socket) throws IOException {
        return new DockerApiServer(socket);
    }

    public Path socket() {
        return socket;
    }

    /** Answers GET {@code path} (without the query, as docker's API paths are written) with {@code json}. */
    public DockerApiServer answer(String path, String json) {
        answers.put(path, json);
        return this;
    }

    /** Sends an event (one JSON object) to every client following {@code /events}. */
    public void publish(String eventJson) {
        byte[] data = (eventJson + "\n").getBytes(StandardCharsets.UTF_8);
        for (OutputStream out : followers) {
            try {
                synchronized (out) {
                    out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(data);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException e) {
                followers.remove(out);
            }
        }
    }

    /** How many clients follow /events now. */
    public int followers() {
        return followers.size();
    }

    /** The paths of the GETs received so far, decoded, with their queries. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                Thread t = new Thread(() -> serve(client), "docker-api-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            InputStream in = Channels.newInputStream(client);
            OutputStream out = Channels.newOutputStream(client);
            String requestLine = line(in);
            while (!line(in).isEmpty()) {
                // headers: not needed
            }
            String[] parts = requestLine.split(" ");
            String target = URLDecoder.decode(parts.length > 1 ? parts[1] : "/", StandardCharsets.UTF_8);
            requests.add(target);
            String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
            if (path.endsWith("/events")) {
                // a follower before the client sees the headers: what is published once it has them reaches it
                synchronized (out) {
                    followers.add(out);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                while (in.read() >= 0) {
                    // held open until the client goes away
                }
                followers.remove(out);
                return;
            }
            String body = answers.get(path);
            int status = body == null ? 404 : 200;
            if (body == null) {
                body = "{\"message\":\"No such object: " + path + "\"}";
            }
            byte[] data = body.getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 " + status + (status == 200 ? " OK" : " Not Found")
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + data.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(data);
            out.flush();
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (OutputStream out : followers) {
            out.close();
        }
        Files.deleteIfExists(socket);
    }
}
