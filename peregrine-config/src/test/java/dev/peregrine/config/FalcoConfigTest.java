package dev.peregrine.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FalcoConfigTest {
    @TempDir
    Path dir;

    /** The settings of a falco.yaml holding {@code yaml}. */
    private FalcoConfig config(String yaml, String... overrides) throws IOException {
        Path p = dir.resolve("falco.yaml");
        Files.writeString(p, yaml);
        return FalcoConfig.from(ConfigLoader.load(p, List.of(overrides), dir, Map.of()));
    }

    private String name() {
        return dir.resolve("falco.yaml").toString();
    }

    private void assertError(String yaml, String message) {
        assertThatThrownBy(() -> config(yaml)).isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void defaultsWhenEveryKeyIsAbsent() throws IOException {
        FalcoConfig c = config("");
        assertThat(c.configName()).isEqualTo(name());
        assertThat(c.rulesFiles()).isEmpty();
        assertThat(c.json()).isEqualTo(new FalcoConfig.JsonOutput(false, true, true, false, true));
        assertThat(c.timeFormatIso8601()).isFalse();
        assertThat(c.priority()).isEqualTo("debug");
        assertThat(c.ruleMatching()).isEqualTo(RuleMatching.FIRST);
        assertThat(c.bufferedOutputs()).isFalse();
        assertThat(c.outputs()).isEqualTo(new FalcoConfig.OutputRate(0, 1000));
        assertThat(c.outputsQueueCapacity()).isEqualTo(FalcoConfig.UNBOUNDED_QUEUE);
        assertThat(c.outputTimeoutMs()).isEqualTo(2000);
        assertThat(c.appendOutput()).isEmpty();
        assertThat(c.stdoutOutput()).isFalse();
        assertThat(c.fileOutput()).isEqualTo(new FalcoConfig.FileOutput(false, false, ""));
        assertThat(c.programOutput()).isEqualTo(new FalcoConfig.ProgramOutput(false, false, ""));
        assertThat(c.syslogOutput()).isFalse();
        assertThat(c.httpOutput()).isEqualTo(new HttpOutput(false, "", "falcosecurity/falco", Map.of(), false, false, "", "",
                "/etc/ssl/certs", false, "/etc/ssl/certs/client.crt", "/etc/ssl/certs/client.key", false, false, 5));
        assertThat(c.grpcOutput()).isTrue();
        assertThat(c.grpc()).isEqualTo(new FalcoConfig.Grpc(false, "0.0.0.0:5060", 0,
                "/etc/falco/certs/server.key", "/etc/falco/certs/server.crt", "/etc/falco/certs/ca.crt"));
        assertThat(c.logging()).isEqualTo(new FalcoConfig.Logging(false, true, LogLevel.INFO));
        assertThat(c.baseSyscalls()).isEqualTo(new FalcoConfig.BaseSyscalls(List.of(), false, false));
        assertThat(c.syscallEventDrops())
                .isEqualTo(new SyscallEventDrops(java.util.Set.of(DropAction.IGNORE), .1, .03333, 1, false));
        assertThat(c.engine()).isEqualTo(new EngineConfig(EngineKind.KMOD, 4, false, 2, false, "", "", ""));
        assertThat(c.rules()).isEmpty();
        assertThat(c.loadPlugins()).isEmpty();
        assertThat(c.plugins()).isEmpty();
        assertThat(c.watchConfigFiles()).isTrue();
        assertThat(c.webserver()).isEqualTo(new WebserverConfig(false, 0, 8765, "0.0.0.0", "/healthz", false,
                "/etc/falco/falco.pem", false));
        assertThat(c.webserver().effectiveThreadiness()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(c.warnings()).isEmpty();
        assertThat(c.tree().name()).isEqualTo(name());
    }

    @Test
    void defaultsWithoutAFile() {
        FalcoConfig c = FalcoConfig.defaults();
        assertThat(c.configName()).isEqualTo("default");
        assertThat(c.engine().kind()).isEqualTo(EngineKind.KMOD);
        assertThat(c.logging().level()).isEqualTo(LogLevel.INFO);
    }

    @Test
    void explicitValues() throws IOException {
        FalcoConfig c = config("""
                rules_files:
                  - /etc/falco/falco_rules.yaml
                  - /etc/falco/rules.d
                json_output: true
                json_include_output_property: false
                json_include_tags_property: false
                json_include_message_property: true
                json_include_output_fields_property: false
                time_format_iso_8601: yes
                priority: Warning
                rule_matching: ALL
                buffered_outputs: on
                outputs:
                  rate: 2
                  max_burst: 50
                outputs_queue:
                  capacity: 1000
                output_timeout: 500
                append_output:
                  - match:
                      source: syscall
                    extra_output: "on CPU %evt.cpu"
                stdout_output:
                  enabled: true
                file_output:
                  enabled: true
                  keep_alive: true
                  filename: /var/log/falco.txt
                program_output:
                  enabled: true
                  keep_alive: "true"
                  program: "jq '{text: .output}' | curl -d @- -X POST https://hooks.slack.com/services/XXX"
                syslog_output:
                  enabled: true
                http_output:
                  enabled: true
                  url: http://localhost:2801/
                  user_agent: peregrine
                  insecure: true
                  echo: true
                  ca_cert: /ca.pem
                  ca_bundle: /bundle.pem
                  ca_path: /certs
                  mtls: true
                  client_cert: /c.crt
                  client_key: /c.key
                  compress_uploads: true
                  keep_alive: true
                  max_consecutive_timeouts: 9
                grpc_output:
                  enabled: false
                grpc:
                  enabled: true
                  bind_address: "unix:///tmp/falco/falco.sock"
                  threadiness: 8
                log_stderr: true
                log_syslog: false
                log_level: debug
                base_syscalls:
                  custom_set: [clone, execve, "!kill"]
                  repair: true
                  all: true
                syscall_event_drops:
                  threshold: 0.5
                  actions: [log, alert, exit]
                  rate: 1.5
                  max_burst: 10
                  simulate_drops: true
                engine:
                  kind: modern_ebpf
                  modern_ebpf:
                    cpus_for_each_buffer: 1
                    buf_size_preset: 6
                    drop_failed_exit: true
                    disable_iterators: true
                rules:
                  - disable:
                      tag: experimental
                  - enable:
                      rule: 'Terminal Shell in Container'
                  - enable:
                      rule: 'hello*'
                      tag: network
                load_plugins: [cloudtrail]
                plugins:
                  - name: cloudtrail
                    library_path: libcloudtrail.so
                watch_config_files: false
                webserver:
                  enabled: true
                  threadiness: 4
                  listen_port: 9876
                  listen_address: "::1"
                  k8s_healthz_endpoint: /health
                  ssl_enabled: true
                  ssl_certificate: /cert.pem
                  prometheus_metrics_enabled: true
                """);
        assertThat(c.rulesFiles()).containsExactly("/etc/falco/falco_rules.yaml", "/etc/falco/rules.d");
        assertThat(c.json()).isEqualTo(new FalcoConfig.JsonOutput(true, false, false, true, false));
        assertThat(c.timeFormatIso8601()).isTrue();
        assertThat(c.priority()).isEqualTo("Warning");
        assertThat(c.ruleMatching()).isEqualTo(RuleMatching.ALL);
        assertThat(c.bufferedOutputs()).isTrue();
        assertThat(c.outputs()).isEqualTo(new FalcoConfig.OutputRate(2, 50));
        assertThat(c.outputsQueueCapacity()).isEqualTo(1000);
        assertThat(c.outputTimeoutMs()).isEqualTo(500);
        assertThat(c.appendOutput()).get().isInstanceOf(ConfigNode.Sequence.class);
        assertThat(c.tree().string("append_output[0].extra_output", "")).isEqualTo("on CPU %evt.cpu");
        assertThat(c.stdoutOutput()).isTrue();
        assertThat(c.fileOutput()).isEqualTo(new FalcoConfig.FileOutput(true, true, "/var/log/falco.txt"));
        assertThat(c.programOutput()).isEqualTo(new FalcoConfig.ProgramOutput(true, true,
                "jq '{text: .output}' | curl -d @- -X POST https://hooks.slack.com/services/XXX"));
        assertThat(c.syslogOutput()).isTrue();
        assertThat(c.httpOutput()).isEqualTo(new HttpOutput(true, "http://localhost:2801/", "peregrine", Map.of(), true, true,
                "/ca.pem", "/bundle.pem", "/certs", true, "/c.crt", "/c.key", true, true, 9));
        assertThat(c.grpcOutput()).isFalse();
        assertThat(c.grpc()).isEqualTo(new FalcoConfig.Grpc(true, "unix:///tmp/falco/falco.sock", 8,
                "/etc/falco/certs/server.key", "/etc/falco/certs/server.crt", "/etc/falco/certs/ca.crt"));
        assertThat(c.logging()).isEqualTo(new FalcoConfig.Logging(true, false, LogLevel.DEBUG));
        assertThat(c.baseSyscalls())
                .isEqualTo(new FalcoConfig.BaseSyscalls(List.of("clone", "execve", "!kill"), true, true));
        assertThat(c.syscallEventDrops().actions())
                .containsExactly(DropAction.LOG, DropAction.ALERT, DropAction.EXIT);
        assertThat(c.syscallEventDrops().threshold()).isEqualTo(.5);
        assertThat(c.syscallEventDrops().rate()).isEqualTo(1.5);
        assertThat(c.syscallEventDrops().maxBurst()).isEqualTo(10);
        assertThat(c.syscallEventDrops().simulateDrops()).isTrue();
        assertThat(c.engine()).isEqualTo(new EngineConfig(EngineKind.MODERN_EBPF, 6, true, 1, true, "", "", ""));
        assertThat(c.rules()).containsExactly(
                new RuleToggle(RuleToggle.Operation.DISABLE, "", "experimental"),
                new RuleToggle(RuleToggle.Operation.ENABLE, "Terminal Shell in Container", ""),
                new RuleToggle(RuleToggle.Operation.ENABLE, "hello*", "network"));
        assertThat(c.loadPlugins()).contains(List.of("cloudtrail"));
        assertThat(c.plugins()).get().isInstanceOf(ConfigNode.Sequence.class);
        assertThat(c.tree().string("plugins[0].library_path", "")).isEqualTo("libcloudtrail.so");
        assertThat(c.watchConfigFiles()).isFalse();
        assertThat(c.webserver()).isEqualTo(new WebserverConfig(true, 4, 9876, "::1", "/health", true, "/cert.pem",
                true));
        assertThat(c.webserver().effectiveThreadiness()).isEqualTo(4);
    }

    @Test
    void legacyRulesFileKey() throws IOException {
        FalcoConfig c = config("rules_file: /etc/falco_rules.yaml\n");
        assertThat(c.rulesFiles()).containsExactly("/etc/falco_rules.yaml");
        assertThat(c.warnings()).singleElement().asString().contains("deprecated config key 'rules_file'");
        assertError("rules_files: [a]\nrules_file: [b]\n",
                "Error reading config file (" + name() + "): both 'rules_files' and 'rules_file' keys set");
    }

    @Test
    void keepAliveIsOnlyTheExactWordTrue() throws IOException {
        // Falco passes keep_alive on as text and its outputs compare it with "true".
        assertThat(config("file_output:\n  keep_alive: True\n").fileOutput().keepAlive()).isFalse();
        assertThat(config("program_output:\n  keep_alive: true\n").programOutput().keepAlive()).isTrue();
    }

    @Test
    void outputsQueueCapacityZeroIsUnbounded() throws IOException {
        assertThat(config("outputs_queue:\n  capacity: 0\n").outputsQueueCapacity())
                .isEqualTo(FalcoConfig.UNBOUNDED_QUEUE);
    }

    @Test
    void overridesReachTypedSettings() throws IOException {
        FalcoConfig c = config("json_output: true\nrules_files: [/a.yaml]\n", "json_output=False",
                "rules_files[]=/b.yaml", "syscall_event_drops.actions[]=exit",
                "rules[]={\"disable\": {\"tag\": \"maturity_incubating\"}}", "webserver.listen_port=1234");
        assertThat(c.json().enabled()).isFalse();
        assertThat(c.rulesFiles()).containsExactly("/a.yaml", "/b.yaml");
        assertThat(c.syscallEventDrops().actions()).containsExactly(DropAction.EXIT);
        assertThat(c.rules()).containsExactly(new RuleToggle(RuleToggle.Operation.DISABLE, "", "maturity_incubating"));
        assertThat(c.webserver().listenPort()).isEqualTo(1234);
    }

    // ---- validation, with Falco's messages

    @Test
    void ruleMatchingMustBeFirstOrAll() {
        assertError("rule_matching: some\n", "Unknown rule matching strategy \"some\"--must be one of first, all");
    }

    @Test
    void priorityMustBeAPriority() throws IOException {
        assertThat(config("priority: info\n").priority()).isEqualTo("info");
        assertThat(config("priority: INFORMATIONAL\n").priority()).isEqualTo("INFORMATIONAL");
        assertError("priority: loud\n", "Unknown priority \"loud\"--must be one of emergency, alert, critical, error, "
                + "warning, notice, informational, debug");
    }

    @ParameterizedTest
    @ValueSource(strings = {"emergency", "alert", "critical", "error", "warning", "notice", "info", "debug"})
    void logLevels(String level) throws IOException {
        assertThat(config("log_level: " + level + "\n").logging().level().name()).isEqualToIgnoringCase(level);
    }

    @Test
    void logLevelMustBeKnown() {
        assertError("log_level: verbose\n", "Unknown log level verbose");
        assertError("log_level: Info\n", "Unknown log level Info");
    }

    @Test
    void dropActionLogOrAlertAfterIgnore() {
        for (String action : List.of("log", "alert")) {
            assertError("syscall_event_drops:\n  actions: [ignore, " + action + "]\n",
                    "Error reading config file (" + name() + "): syscall event drop action \"" + action
                            + "\" does not make sense with the \"ignore\" action");
        }
    }

    @Test
    void dropActionIgnoreAfterLogIsAccepted() throws IOException {
        assertThat(config("syscall_event_drops:\n  actions: [log, ignore]\n").syscallEventDrops().actions())
                .containsExactly(DropAction.IGNORE, DropAction.LOG);
    }

    @Test
    void dropActionUnknown() {
        assertError("syscall_event_drops:\n  actions: [log, panic]\n", "Error reading config file (" + name()
                + "): available actions for syscall event drops are \"ignore\", \"log\", \"alert\", and \"exit\"");
    }

    @Test
    void dropActionsEmptyMeansIgnore() throws IOException {
        assertThat(config("syscall_event_drops:\n  actions: []\n").syscallEventDrops().actions())
                .containsExactly(DropAction.IGNORE);
        assertThat(config("syscall_event_drops:\n  actions: exit\n").syscallEventDrops().actions())
                .containsExactly(DropAction.EXIT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.1", "-0.0001", "2"})
    void dropThresholdOutOfRange(String threshold) {
        assertError("syscall_event_drops:\n  threshold: " + threshold + "\n", "Error reading config file (" + name()
                + "): syscall event drops threshold must be a double in the range [0, 1]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", ".5", "1.0"})
    void dropThresholdInRange(String threshold) throws IOException {
        assertThat(config("syscall_event_drops:\n  threshold: " + threshold + "\n").syscallEventDrops().threshold())
                .isEqualTo(Double.parseDouble(threshold));
    }

    @Test
    void dropMaxBurstKeepsTheIntegerPart() throws IOException {
        assertThat(config("syscall_event_drops:\n  max_burst: 2.9\n").syscallEventDrops().maxBurst()).isEqualTo(2);
    }

    @Test
    void outputsThatNeedATarget() {
        assertError("file_output:\n  enabled: true\n", "Error reading config file (" + name()
                + "): file output enabled but no filename in configuration block");
        assertError("program_output:\n  enabled: true\n  program: \"\"\n", "Error reading config file (" + name()
                + "): program output enabled but no program in configuration block");
        assertError("http_output:\n  enabled: true\n", "Error reading config file (" + name()
                + "): http output enabled but no url in configuration block");
    }

    @Test
    void engineKinds() throws IOException {
        for (EngineKind kind : EngineKind.values()) {
            String extra = switch (kind) {
                case REPLAY -> "  replay:\n    capture_file: /tmp/x.scap\n";
                case GVISOR -> "  gvisor:\n    config: /etc/runsc.json\n    root: /var/run/runsc\n";
                default -> "";
            };
            FalcoConfig c = config("engine:\n  kind: " + kind.yamlName() + "\n" + extra);
            assertThat(c.engine().kind()).isEqualTo(kind);
        }
        FalcoConfig replay = config("engine:\n  kind: replay\n  replay:\n    capture_file: /tmp/x.scap\n");
        assertThat(replay.engine().replayCaptureFile()).isEqualTo("/tmp/x.scap");
        FalcoConfig kmod = config("engine:\n  kind: kmod\n  kmod:\n    buf_size_preset: 2\n    drop_failed_exit: true\n"
                + "  modern_ebpf:\n    buf_size_preset: 7\n");
        assertThat(kmod.engine()).isEqualTo(new EngineConfig(EngineKind.KMOD, 2, true, 2, false, "", "", ""));
        assertThat(config("engine:\n  kind: gvisor\n  gvisor:\n    config: /c.json\n").warnings())
                .singleElement().asString().contains("deprecated engine 'gvisor'");
    }

    @Test
    void engineErrors() {
        assertError("engine:\n  kind: magic\n",
                "Error reading config file (" + name() + "): engine.kind 'magic' is not a valid kind.");
        assertError("engine:\n  kind: replay\n", "Error reading config file (" + name()
                + "): engine.kind is 'replay' but no engine.replay.capture_file specified.");
        assertError("engine:\n  kind: gvisor\n", "Error reading config file (" + name()
                + "): engine.kind is 'gvisor' but no engine.gvisor.config specified.");
    }

    @Test
    void ruleSelectionShapes() throws IOException {
        assertThat(config("rules:\n  enable:\n    rule: one\n").rules())
                .containsExactly(new RuleToggle(RuleToggle.Operation.ENABLE, "one", ""));
        assertError("priority: debug\nrules:\n  - enable:\n      rule: x\n  - enable: {}\n", name() + ":5: rules[1]: expected "
                + "{enable: {rule: NAME}} or {disable: {tag: TAG}} (rule, tag or both), got a mapping");
        assertError("rules:\n  - toggle:\n      rule: x\n", name() + ":2: rules[0]: expected "
                + "{enable: {rule: NAME}} or {disable: {tag: TAG}} (rule, tag or both), got a mapping");
        assertError("rules:\n  - just a string\n", name() + ":2: rules[0]: expected "
                + "{enable: {rule: NAME}} or {disable: {tag: TAG}} (rule, tag or both), got 'just a string'");
    }

    @Test
    void unknownTopLevelKeysAreErrorsWithASuggestion() {
        assertError("priority: debug\njson_ouput: true\n",
                name() + ":2: json_ouput: unknown configuration key (did you mean 'json_output'?)");
        assertError("completely_unrelated: 1\n", name() + ":1: completely_unrelated: unknown configuration key");
    }

    @Test
    void loadPluginsPresentButEmpty() throws IOException {
        assertThat(config("load_plugins: []\n").loadPlugins()).contains(List.of());
        assertThat(config("load_plugins:\n").loadPlugins()).contains(List.of());
    }

    @Test
    void webserverAddressAndPort() {
        assertError("webserver:\n  listen_address: 327.0.0.1\n", "Error reading config file (" + name()
                + "): webserver listen address \"327.0.0.1\" is not a valid IP address");
        assertError("webserver:\n  listen_port: 70000\n",
                name() + ":2: webserver.listen_port: expected a port number (0-65535), got 70000");
        assertError("webserver:\n  listen_port: -1\n",
                name() + ":2: webserver.listen_port: expected a non-negative integer, got '-1'");
    }

    @Test
    void wrongTypesNameFileAndLine() {
        assertError("stdout_output:\n  enabled: true\njson_output: maybe\n",
                name() + ":3: json_output: expected a boolean, got 'maybe'");
        assertError("syscall_event_drops:\n  rate: fast\n",
                name() + ":2: syscall_event_drops.rate: expected a number, got 'fast'");
        assertError("rules_files:\n  - a.yaml\n  - {b: c}\n",
                name() + ":3: rules_files[1]: expected a string, got a mapping");
        assertError("outputs:\n  max_burst: many\n",
                name() + ":2: outputs.max_burst: expected an integer, got 'many'");
        assertError("webserver: true\n", name() + ":1: webserver: expected a mapping, got 'true'");
    }

    @Test
    void wrongTypeFromTheCommandLine() {
        assertThatThrownBy(() -> config("", "json_output=maybe"))
                .hasMessage("-o json_output=maybe: json_output: expected a boolean, got 'maybe'");
    }

    @Test
    void kafkaOutputIsTypedWithItsDefaults() throws IOException {
        assertThat(config("").kafkaOutput()).isEqualTo(new KafkaOutput(false, "", "", "peregrine", "", "", "",
                10_000, new KafkaOutput.Tls(false, "", "", "", false), new KafkaOutput.Sasl("", "", "")));
        KafkaOutput k = config("""
                kafka_output:
                  enabled: true
                  hostport: broker1:9092,broker2:9092
                  topic: alerts
                  clientid: node-7
                  requiredacks: all
                  compression: zstd
                  key: rule
                  deliverytimeout: 2500
                  tls:
                    enabled: true
                    cacert: /ca.pem
                    clientcert: /c.pem
                    clientkey: /c.key
                    insecure: true
                  sasl:
                    mechanism: SCRAM-SHA-512
                    username: falco
                    password: secret
                """).kafkaOutput();
        assertThat(k).isEqualTo(new KafkaOutput(true, "broker1:9092,broker2:9092", "alerts", "node-7", "all", "zstd",
                "rule", 2500, new KafkaOutput.Tls(true, "/ca.pem", "/c.pem", "/c.key", true),
                new KafkaOutput.Sasl("SCRAM-SHA-512", "falco", "secret")));
        assertError("kafka_output:\n  deliverytimeout: soon\n",
                name() + ":2: kafka_output.deliverytimeout: expected an integer, got 'soon'");
    }

    @Test
    void httpHeadersKeepTheirOrderAndGrpcCertificatesAndMetricsAreRead() throws IOException {
        FalcoConfig c = config("""
                http_output:
                  headers:
                    X-Zone: b
                    Authorization: Bearer t
                grpc:
                  private_key: /k.pem
                  cert_chain: /chain.pem
                  root_certs: /roots.pem
                metrics:
                  enabled: true
                """);
        assertThat(c.httpOutput().headers()).containsExactly(Map.entry("X-Zone", "b"),
                Map.entry("Authorization", "Bearer t"));
        assertThat(c.grpc().privateKey()).isEqualTo("/k.pem");
        assertThat(c.grpc().certChain()).isEqualTo("/chain.pem");
        assertThat(c.grpc().rootCerts()).isEqualTo("/roots.pem");
        assertThat(c.metricsEnabled()).isTrue();
        assertThat(config("").metricsEnabled()).isFalse();
    }
}
