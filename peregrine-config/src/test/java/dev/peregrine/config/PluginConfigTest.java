package dev.peregrine.config;

import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** plugins and load_plugins typed as Falco reads them: selection, init_config as JSON, file:line errors. */
class PluginConfigTest {
    private static FalcoConfig config(String yaml) {
        return FalcoConfig.from(ConfigTree.parse(yaml, "falco.yaml"));
    }

    @Test
    void theLegacyK8sAuditConfigurationSelectsBothPluginsInOrder() {
        Path file = SharedData.upstream("falco-legacy-tests/confs/plugins/k8s_audit.yaml");
        FalcoConfig c = FalcoConfig.from(ConfigLoader.load(file, List.of("plugins[0].open_params= audit.json "),
                file.getParent(), Map.of()));
        assertThat(c.pluginsToLoad()).extracting(PluginConfig::name).containsExactly("k8saudit", "json");
        PluginConfig k8s = c.pluginsToLoad().getFirst();
        assertThat(k8s.libraryPath()).endsWith("libk8saudit.so");
        assertThat(k8s.initConfig()).isEmpty();
        assertThat(k8s.openParams()).isEqualTo("audit.json");
        assertThat(k8s.origin().where()).isEqualTo(file + ":21");
    }

    @Test
    void anInitConfigMappingBecomesJsonAndLoadPluginsChoosesAndOrders() {
        FalcoConfig c = config("""
                plugins:
                  - name: a
                    library_path: /opt/a.jar
                    init_config:
                      maxEventSize: 1024
                      useAsync: false
                      sslCertificate: /etc/falco/falco.pem
                      ratio: 0.5
                      tags: [x, "y z"]
                  - name: b
                    library_path: libb.so
                    init_config: '{"raw": true}'
                load_plugins: [b, a]
                """);
        assertThat(c.pluginsToLoad()).extracting(PluginConfig::name).containsExactly("b", "a");
        assertThat(c.pluginsToLoad().get(0).initConfig()).isEqualTo("{\"raw\": true}");
        assertThat(c.pluginsToLoad().get(1).initConfig()).isEqualTo("{\"maxEventSize\":1024,\"useAsync\":false,"
                + "\"sslCertificate\":\"/etc/falco/falco.pem\",\"ratio\":0.5,\"tags\":[\"x\",\"y z\"]}");
        assertThat(config("plugins:\n  - name: a\n    library_path: a.jar\n").pluginsToLoad()).hasSize(1);
        assertThat(config("plugins:\n  - name: a\n    library_path: a.jar\nload_plugins: []\n").pluginsToLoad())
                .isEmpty();
    }

    @Test
    void badEntriesAreReportedWithTheirFileAndLine() {
        assertThatThrownBy(() -> config("plugins:\n  - name: a\n    library_path: a.jar\nload_plugins: [b]\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("falco.yaml:4: load_plugins: Cannot load plugin 'b': plugin config not found for given name");
        assertThatThrownBy(() -> config("plugins:\n  - name: a\n"))
                .hasMessage("falco.yaml:2: plugins[0]: a plugin entry needs 'library_path'");
        assertThatThrownBy(() -> config("plugins: yes\n")).hasMessageContaining("falco.yaml:1: plugins: expected a sequence");
    }
}
