package dev.peregrine.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Docker Engine API on a unix socket: docker's own, or podman's compatible one (which names its containers'
 * type podman). A container's description comes from its inspection and its image's.
 *
 * @param name   docker or podman
 * @param socket the API's unix socket
 * @param type   the container type its containers get ({@link ContainerMetadata#DOCKER} or {@code PODMAN})
 */
record DockerApi(String name, Path socket, int type) implements Engine {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String CREATE_EVENTS = "/events?filters="
            + URLEncoder.encode("{\"type\":[\"container\"],\"event\":[\"create\"]}", StandardCharsets.UTF_8);

    static DockerApi docker(Path socket) {
        return new DockerApi("docker", socket, ContainerMetadata.DOCKER);
    }

    static DockerApi podman(Path socket) {
        return new DockerApi("podman", socket, ContainerMetadata.PODMAN);
    }

    @Override
    public ContainerMetadata describe(String id) throws IOException {
        JsonNode container = get("/containers/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/json");
        if (container == null) {
            return null;
        }
        String imageId = Json.text(container, "Image");
        JsonNode image = null;
        if (!imageId.isEmpty() && !imageId.equals("sha256:")) {
            image = get("/images/" + URLEncoder.encode(imageId, StandardCharsets.UTF_8) + "/json");
        }
        return describe(container, image, type);
    }

    /** The ids of every container the runtime has, running or not. */
    List<String> containerIds() throws IOException {
        JsonNode list = get("/containers/json?all=1");
        List<String> ids = new ArrayList<>();
        if (list != null) {
            for (JsonNode c : list) {
                String id = Json.text(c, "Id");
                if (!id.isEmpty()) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    /**
     * The runtime's container creations as they happen (a stream that lasts as long as the connection; close it
     * to stop): read it with {@link #readCreations}.
     */
    InputStream creations() throws IOException {
        return UnixHttp.stream(socket, CREATE_EVENTS);
    }

    /**
     * Reads an event stream of {@link #creations}: each new container's full id goes to {@code created} as soon
     * as the runtime creates it, before its first process starts. Returns when the stream ends or is closed.
     */
    void readCreations(InputStream events, Consumer<String> created) throws IOException {
        try (MappingIterator<JsonNode> it = Json.MAPPER.readerFor(JsonNode.class).readValues(events)) {
            while (it.hasNextValue()) {
                JsonNode e = it.nextValue();
                String id = Json.text(e.path("Actor"), "ID");
                if (id.isEmpty()) {
                    id = Json.text(e, "id");
                }
                String action = Json.text(e, "Action").isEmpty() ? Json.text(e, "status") : Json.text(e, "Action");
                if (!id.isEmpty() && action.equals("create")) {
                    created.accept(id);
                }
            }
        } catch (RuntimeException e) {
            throw new IOException("a bad event from " + name + " at " + socket + ": " + e.getMessage(), e);
        }
    }

    /** The JSON answer to a GET, or null for 404 (no such container or image). */
    private JsonNode get(String target) throws IOException {
        UnixHttp.Response r = UnixHttp.get(socket, target, TIMEOUT);
        if (r.status() == 404) {
            return null;
        }
        if (r.status() != 200) {
            throw new IOException(name + " at " + socket + " answered HTTP " + r.status() + " to " + target + ": "
                    + r.text().strip());
        }
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new IOException(name + " at " + socket + " sent bad JSON for " + target + ": " + e.getMessage());
        }
    }

    /** A container inspection (and its image's, or null) in libsinsp's terms, as the container plugin maps it. */
    static ContainerMetadata describe(JsonNode c, JsonNode image, int type) {
        String fullId = Json.text(c, "Id");
        String name = Json.text(c, "Name");
        if (name.startsWith("/")) {
            name = name.substring(1);
        }
        JsonNode config = c.path("Config");
        JsonNode host = c.path("HostConfig");
        List<ContainerMetadata.Mount> mounts = new ArrayList<>();
        for (JsonNode m : c.path("Mounts")) {
            mounts.add(new ContainerMetadata.Mount(Json.text(m, "Source"), Json.text(m, "Destination"),
                    Json.text(m, "Mode"), Json.bool(m, "RW"), Json.text(m, "Propagation")));
        }
        long shares = Json.number(host, "CpuShares");
        long period = Json.number(host, "CpuPeriod");
        ContainerMetadata.Limits limits = new ContainerMetadata.Limits(Json.number(host, "Memory"),
                Json.number(host, "MemorySwap"), shares > 0 ? shares : ContainerMetadata.Limits.DEFAULT_CPU_SHARES,
                Json.number(host, "CpuQuota"), period > 0 ? period : ContainerMetadata.Limits.DEFAULT_CPU_PERIOD,
                ContainerMetadata.cpusetCount(Json.text(host, "CpusetCpus")));
        ContainerMetadata.HostNamespaces ns = new ContainerMetadata.HostNamespaces(
                Json.text(host, "PidMode").equals("host"), Json.text(host, "NetworkMode").equals("host"),
                Json.text(host, "IpcMode").equals("host"));
        return new ContainerMetadata(ContainerMetadata.shortId(fullId), fullId, type, name,
                image(Json.text(config, "Image"), Json.text(c, "Image"), image), Json.text(config, "User"),
                Json.bool(host, "Privileged"), ns, ip(c.path("NetworkSettings")), List.copyOf(mounts),
                Json.strings(config.path("Labels")), List.of(), limits, createdSeconds(Json.text(c, "Created")),
                new ContainerMetadata.Pod("", Map.of(), "", name.contains("k8s_POD")));
    }

    /**
     * The image as the container names it ({@code Config.Image}), split into repository and tag; its digest from
     * the image's RepoDigests for that repository (or its only one); its id without "sha256:".
     */
    private static ContainerMetadata.Image image(String configured, String containerImageId, JsonNode image) {
        String nameText = configured;
        if ((nameText.isEmpty() || nameText.startsWith("sha256:")) && image != null
                && image.path("RepoTags").size() > 0) {
            nameText = image.path("RepoTags").get(0).asText();
        }
        ImageReference ref = ImageReference.parse(nameText.startsWith("sha256:") ? "" : nameText);
        String digest = ref.digest();
        String id = containerImageId;
        if (image != null) {
            List<String> digests = Json.stringList(image.path("RepoDigests"));
            for (String d : digests) {
                ImageReference r = ImageReference.parse(d);
                if (digest.isEmpty() && r.repository().equals(ref.repository())) {
                    digest = r.digest();
                }
            }
            if (digest.isEmpty() && digests.size() == 1) {
                digest = ImageReference.parse(digests.get(0)).digest();
            }
            if (!Json.text(image, "Id").isEmpty()) {
                id = Json.text(image, "Id");
            }
        }
        id = id.startsWith("sha256:") ? id.substring("sha256:".length()) : id;
        return new ContainerMetadata.Image(nameText, ref.repository(), ref.tag(), digest, id);
    }

    /** The container's IPv4 address on its default network, else on the first network that gave it one. */
    private static String ip(JsonNode network) {
        String ip = Json.text(network, "IPAddress");
        if (!ip.isEmpty()) {
            return ip;
        }
        for (JsonNode n : network.path("Networks")) {
            ip = Json.text(n, "IPAddress");
            if (!ip.isEmpty()) {
                return ip;
            }
        }
        return "";
    }

    private static long createdSeconds(String rfc3339) {
        try {
            return rfc3339.isEmpty() ? 0 : OffsetDateTime.parse(rfc3339).toEpochSecond();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }
}
