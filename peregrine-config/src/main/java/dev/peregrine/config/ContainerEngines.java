package dev.peregrine.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The container runtimes asked for the metadata of the containers found live, and on which sockets: Falco 0.40's
 * {@code container_engines} section, with the {@code sockets} of the container plugin that replaced it in Falco
 * 0.41 for every runtime. Without that section, the container plugin's {@code init_config.engines} (in the
 * {@code plugins} entry named {@code container}) is read instead, then the plugin's defaults. Engines with no
 * socket (lxc, libvirt_lxc, bpm) are found from cgroups alone; their switches are accepted and have no effect.
 *
 * @param docker     the Docker Engine API
 * @param podman     podman's Docker-compatible API
 * @param cri        the CRI (RuntimeService) of containerd, CRI-O, k3s: {@code cri} and {@code containerd} sockets
 */
public record ContainerEngines(Engine docker, Engine podman, Engine cri) {
    /** One runtime: whether to ask it, and the unix sockets it may listen on (tried in order). */
    public record Engine(boolean enabled, List<String> sockets) {
    }

    static final List<String> DOCKER_SOCKETS = List.of("/var/run/docker.sock");
    static final List<String> PODMAN_SOCKETS = List.of("/run/podman/podman.sock");
    static final List<String> CRI_SOCKETS = List.of("/run/containerd/containerd.sock", "/run/crio/crio.sock",
            "/run/k3s/containerd/containerd.sock");
    static final List<String> CONTAINERD_SOCKETS = List.of("/run/host-containerd/containerd.sock");

    private static final Set<String> ENGINES =
            Set.of("docker", "podman", "cri", "containerd", "lxc", "libvirt_lxc", "bpm", "static");
    private static final Set<String> ENGINE_KEYS = Set.of("enabled", "sockets", "disable_async");

    /** Every engine enabled on its default sockets. */
    public static ContainerEngines defaults() {
        return new ContainerEngines(new Engine(true, DOCKER_SOCKETS), new Engine(true, PODMAN_SOCKETS),
                new Engine(true, concat(CRI_SOCKETS, CONTAINERD_SOCKETS)));
    }

    static ContainerEngines from(ConfigTree tree) {
        if (tree.has("container_engines")) {
            return read(tree, "container_engines");
        }
        Optional<String> plugin = pluginEngines(tree);
        return plugin.isPresent() ? read(tree, plugin.get()) : defaults();
    }

    /** The key path of the container plugin's engines in the plugins list, if it has one. */
    private static Optional<String> pluginEngines(ConfigTree tree) {
        if (!(tree.node("plugins").orElse(null) instanceof ConfigNode.Sequence plugins)) {
            return Optional.empty();
        }
        for (int i = 0; i < plugins.items().size(); i++) {
            String entry = "plugins[" + i + "]";
            if (plugins.items().get(i) instanceof ConfigNode.Mapping
                    && tree.string(entry + ".name", "").equals("container")
                    && tree.has(entry + ".init_config.engines")) {
                return Optional.of(entry + ".init_config.engines");
            }
        }
        return Optional.empty();
    }

    private static ContainerEngines read(ConfigTree tree, String section) {
        ConfigNode node = tree.node(section).orElseThrow();
        if (node.isNull()) {
            return defaults();
        }
        if (!(node instanceof ConfigNode.Mapping m)) {
            throw tree.error(section, "expected a map of container engines");
        }
        for (Map.Entry<String, ConfigNode> e : m.entries().entrySet()) {
            String key = section + "." + e.getKey();
            if (!ENGINES.contains(e.getKey())) {
                throw tree.error(key, "unknown container engine (known: docker, podman, cri, containerd, lxc, "
                        + "libvirt_lxc, bpm)");
            }
            if (!(e.getValue() instanceof ConfigNode.Mapping settings)) {
                if (e.getValue().isNull()) {
                    continue;
                }
                throw tree.error(key, "expected a map with enabled and sockets");
            }
            for (String k : settings.entries().keySet()) {
                if (!ENGINE_KEYS.contains(k) && !e.getKey().equals("static")) {
                    throw tree.error(key + "." + k, "unknown setting of a container engine (known: enabled, sockets)");
                }
            }
        }
        Engine cri = engine(tree, section + ".cri", CRI_SOCKETS);
        Engine containerd = engine(tree, section + ".containerd", CONTAINERD_SOCKETS);
        // containerd serves the CRI on its own socket: both lists are asked through the CRI
        List<String> criSockets = concat(cri.enabled() ? cri.sockets() : List.of(),
                containerd.enabled() ? containerd.sockets() : List.of());
        return new ContainerEngines(engine(tree, section + ".docker", DOCKER_SOCKETS),
                engine(tree, section + ".podman", PODMAN_SOCKETS),
                new Engine(cri.enabled() || containerd.enabled(), criSockets));
    }

    private static Engine engine(ConfigTree tree, String key, List<String> defaultSockets) {
        boolean enabled = tree.bool(key + ".enabled", true);
        if (!tree.has(key + ".sockets")) {
            return new Engine(enabled, defaultSockets);
        }
        List<String> sockets = new ArrayList<>();
        for (String socket : tree.stringList(key + ".sockets")) {
            // the container plugin also takes unix:// URLs
            String path = socket.startsWith("unix://") ? socket.substring("unix://".length()) : socket;
            if (!path.startsWith("/")) {
                throw tree.error(key + ".sockets", "expected the absolute path of a unix socket, got '" + socket
                        + "'");
            }
            sockets.add(path);
        }
        return new Engine(enabled, List.copyOf(sockets));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
