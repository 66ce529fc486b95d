package dev.peregrine.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** config/falco.yaml, Peregrine's shipped configuration, holds Falco's default values. */
class DefaultConfigTest {

    private static Path defaultConfig() {
        String root = System.getProperty("peregrine.root");
        Path base = root == null || root.isBlank() ? Path.of("..") : Path.of(root);
        Path file = base.resolve("config/falco.yaml").toAbsolutePath().normalize();
        assertThat(file).exists();
        return file;
    }

    @Test
    void loadsWithFalcosDefaults() {
        Path file = defaultConfig();
        // No config.d: the include directory is named explicitly so the machine's /etc/falco cannot interfere.
        ConfigTree tree = ConfigLoader.load(file, List.of("config_files=" + file.resolveSibling("none.d")),
                file.getParent(), Map.of("PEREGRINE_ROOT", "/opt/peregrine"));
        FalcoConfig c = FalcoConfig.from(tree);
        // Peregrine's own starter rules first (PEREGRINE_ROOT is set by bin/peregrine), then Falco's places
        assertThat(c.rulesFiles()).containsExactly("/opt/peregrine/rules/peregrine_rules.yaml",
                "/etc/falco/falco_rules.yaml", "/etc/falco/falco_rules.local.yaml", "/etc/falco/rules.d");
        assertThat(c.stdoutOutput()).isTrue();
        assertThat(c.syslogOutput()).isTrue();
        assertThat(c.logging()).isEqualTo(new FalcoConfig.Logging(true, true, LogLevel.INFO));
        assertThat(c.priority()).isEqualTo("debug");
        assertThat(c.json()).isEqualTo(new FalcoConfig.JsonOutput(false, true, true, false, true));
        assertThat(c.timeFormatIso8601()).isFalse();
        assertThat(c.bufferedOutputs()).isFalse();
        assertThat(c.ruleMatching()).isEqualTo(RuleMatching.FIRST);
        assertThat(c.outputsQueueCapacity()).isEqualTo(FalcoConfig.UNBOUNDED_QUEUE);
        assertThat(c.syscallEventDrops())
                .isEqualTo(new SyscallEventDrops(java.util.Set.of(DropAction.LOG, DropAction.ALERT), .1, .03333, 1,
                        false));
        assertThat(c.fileOutput()).isEqualTo(new FalcoConfig.FileOutput(false, false, "./events.txt"));
        assertThat(c.programOutput()).isEqualTo(new FalcoConfig.ProgramOutput(false, false,
                "jq '{text: .output}' | curl -d @- -X POST https://hooks.slack.com/services/XXX"));
        assertThat(c.httpOutput().enabled()).isFalse();
        assertThat(c.httpOutput().userAgent()).isEqualTo("falcosecurity/falco");
        assertThat(c.grpc().enabled()).isFalse();
        assertThat(c.grpcOutput()).isFalse();
        assertThat(c.webserver()).isEqualTo(new WebserverConfig(true, 0, 8765, "0.0.0.0", "/healthz", false,
                "/etc/falco/falco.pem", false));
        assertThat(c.engine()).isEqualTo(new EngineConfig(EngineKind.MODERN_EBPF, 4, false, 2, false, "", "", ""));
        assertThat(c.baseSyscalls()).isEqualTo(new FalcoConfig.BaseSyscalls(List.of(), false, false));
        assertThat(c.loadPlugins()).contains(List.of());
        assertThat(c.rules()).isEmpty();
        assertThat(c.watchConfigFiles()).isTrue();
        assertThat(c.outputTimeoutMs()).isEqualTo(2000);
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void loadsAsShippedToo() {
        Path file = defaultConfig();
        FalcoConfig c = FalcoConfig.from(ConfigLoader.load(file, List.of()));
        assertThat(c.configName()).isEqualTo(file.toString());
        assertThat(Files.isRegularFile(file)).isTrue();
    }
}
