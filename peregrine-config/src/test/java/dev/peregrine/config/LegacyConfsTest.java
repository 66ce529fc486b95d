package dev.peregrine.config;

import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The configuration files of Falco's legacy regression tests (falco-legacy-tests/confs). */
class LegacyConfsTest {
    /** Files that Falco itself refuses, with the error it gives. */
    private static final Set<String> REFUSED =
            Set.of("drops_ignore_log.yaml", "drops_threshold_oor.yaml", "drops_threshold_neg.yaml");

    private static Path confs() {
        return SharedData.upstream("falco-legacy-tests/confs");
    }

    private static FalcoConfig load(Path file) {
        return FalcoConfig.from(ConfigLoader.load(file, List.of(), file.getParent(), Map.of()));
    }

    @Test
    void everyConfLoads() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(confs())) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(10);
        for (Path file : files) {
            if (REFUSED.contains(file.getFileName().toString())) {
                continue;
            }
            FalcoConfig c = load(file);
            assertThat(c.configName()).isEqualTo(file.toString());
        }
    }

    @Test
    void knownValues() {
        Path confs = confs();
        FalcoConfig drops = load(confs.resolve("drops_log.yaml"));
        assertThat(drops.syscallEventDrops()).isEqualTo(new SyscallEventDrops(Set.of(DropAction.LOG), .1, .03333,
                10, true));
        assertThat(drops.logging().level()).isEqualTo(LogLevel.DEBUG);
        assertThat(load(confs.resolve("drops_none.yaml")).syscallEventDrops().simulateDrops()).isFalse();
        assertThat(load(confs.resolve("drops_exit.yaml")).syscallEventDrops().actions())
                .containsExactly(DropAction.EXIT);

        FalcoConfig file = load(confs.resolve("file_output.yaml"));
        assertThat(file.rulesFiles()).containsExactly("/etc/falco_rules.yaml");
        assertThat(file.warnings()).hasSize(1);
        assertThat(file.fileOutput())
                .isEqualTo(new FalcoConfig.FileOutput(true, false, "/tmp/falco_outputs/file_output.txt"));
        assertThat(file.programOutput().program()).isEqualTo("mail -s \"Falco Notification\" someone@example.com");

        FalcoConfig grpc = load(confs.resolve("grpc_unix_socket.yaml"));
        assertThat(grpc.grpc()).isEqualTo(new FalcoConfig.Grpc(true, "unix:///tmp/falco/falco.sock", 8,
                "/etc/falco/certs/server.key", "/etc/falco/certs/server.crt", "/etc/falco/certs/ca.crt"));
        assertThat(grpc.grpcOutput()).isTrue();
        assertThat(grpc.stdoutOutput()).isFalse();

        FalcoConfig plugins = load(confs.resolve("plugins/cloudtrail_json_create_instances.yaml"));
        assertThat(plugins.loadPlugins()).contains(List.of("cloudtrail", "json"));
        assertThat(plugins.tree().string("plugins[1].name", "")).isEqualTo("json");
    }

    @Test
    void ignoreThenLog() {
        Path file = confs().resolve("drops_ignore_log.yaml");
        assertThatThrownBy(() -> load(file)).isInstanceOf(ConfigException.class).hasMessage("Error reading config file ("
                + file + "): syscall event drop action \"log\" does not make sense with the \"ignore\" action");
    }

    @Test
    void thresholdOutOfRange() {
        for (String name : List.of("drops_threshold_oor.yaml", "drops_threshold_neg.yaml")) {
            Path file = confs().resolve(name);
            assertThatThrownBy(() -> load(file)).isInstanceOf(ConfigException.class).hasMessage(
                    "Error reading config file (" + file
                            + "): syscall event drops threshold must be a double in the range [0, 1]");
        }
    }
}
