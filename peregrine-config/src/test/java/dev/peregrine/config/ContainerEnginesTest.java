package dev.peregrine.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** container_engines (Falco 0.40's section) and the container plugin's engines (Falco 0.41 on). */
class ContainerEnginesTest {
    @TempDir
    Path dir;

    private ContainerEngines engines(String yaml, String... overrides) throws IOException {
        Path p = dir.resolve("falco.yaml");
        Files.writeString(p, yaml);
        return FalcoConfig.from(ConfigLoader.load(p, List.of(overrides), dir, Map.of())).containerEngines();
    }

    @Test
    void everyEngineOnItsDefaultSocketsWithoutASection() throws IOException {
        ContainerEngines e = engines("");
        assertThat(e).isEqualTo(ContainerEngines.defaults());
        assertThat(e.docker()).isEqualTo(new ContainerEngines.Engine(true, List.of("/var/run/docker.sock")));
        assertThat(e.podman()).isEqualTo(new ContainerEngines.Engine(true, List.of("/run/podman/podman.sock")));
        assertThat(e.cri().sockets()).containsExactly("/run/containerd/containerd.sock", "/run/crio/crio.sock",
                "/run/k3s/containerd/containerd.sock", "/run/host-containerd/containerd.sock");
    }

    @Test
    void falco040sSectionWithSocketsForEveryEngine() throws IOException {
        ContainerEngines e = engines("""
                container_engines:
                  docker:
                    enabled: true
                    sockets: [/tmp/docker.sock]
                  cri:
                    enabled: true
                    sockets: ["/run/crio/crio.sock"]
                    disable_async: false
                  podman:
                    enabled: false
                  lxc:
                    enabled: true
                """);
        assertThat(e.docker()).isEqualTo(new ContainerEngines.Engine(true, List.of("/tmp/docker.sock")));
        assertThat(e.podman().enabled()).isFalse();
        // containerd's default socket serves the CRI too
        assertThat(e.cri()).isEqualTo(new ContainerEngines.Engine(true,
                List.of("/run/crio/crio.sock", "/run/host-containerd/containerd.sock")));
    }

    @Test
    void theContainerPluginsEnginesWhenThereIsNoSection() throws IOException {
        ContainerEngines e = engines("""
                plugins:
                  - name: json
                    library_path: libjson.so
                  - name: container
                    library_path: libcontainer.so
                    init_config:
                      engines:
                        podman:
                          enabled: true
                          sockets: ['unix:///tmp/podman.sock']
                        containerd:
                          enabled: false
                        cri:
                          enabled: false
                """);
        assertThat(e.podman()).isEqualTo(new ContainerEngines.Engine(true, List.of("/tmp/podman.sock")));
        assertThat(e.docker()).isEqualTo(ContainerEngines.defaults().docker());
        assertThat(e.cri().enabled()).isFalse();
    }

    @Test
    void overriddenFromTheCommandLine() throws IOException {
        ContainerEngines e = engines("", "container_engines.podman.sockets[]=/tmp/a.sock",
                "container_engines.docker.enabled=false");
        assertThat(e.podman().sockets()).containsExactly("/tmp/a.sock");
        assertThat(e.docker().enabled()).isFalse();
    }

    @Test
    void mistakesNameTheFileAndLine() {
        String file = dir.resolve("falco.yaml").toString();
        assertThatThrownBy(() -> engines("container_engines:\n  dokcer:\n    enabled: true\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":3: container_engines.dokcer: unknown container engine (known: docker, podman, "
                        + "cri, containerd, lxc, libvirt_lxc, bpm)");
        assertThatThrownBy(() -> engines("container_engines:\n  docker:\n    sockets: [docker.sock]\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":3: container_engines.docker.sockets: expected the absolute path of a unix "
                        + "socket, got 'docker.sock'");
        assertThatThrownBy(() -> engines("container_engines:\n  cri:\n    socket: /x\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":3: container_engines.cri.socket: unknown setting of a container engine "
                        + "(known: enabled, sockets)");
        assertThatThrownBy(() -> engines("container_engines:\n  podman:\n    enabled: perhaps\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":3: container_engines.podman.enabled: expected a boolean, got 'perhaps'");
    }
}
