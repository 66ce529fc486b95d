package dev.peregrine.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The settings Peregrine reads from falco.yaml, typed, with Falco's built-in default for every absent key (these
 * are not always the values of Falco's shipped falco.yaml: without the key, stdout_output is off and the engine is
 * kmod). Validation and its messages are Falco's. {@link #tree()} reaches every other key.
 *
 * @param rulesFiles     rules_files (or the legacy rules_file), as written: files or directories
 * @param appendOutput   append_output as written, for the outputs to interpret
 * @param loadPlugins    load_plugins when the key is present (then only those plugins load, in that order)
 * @param plugins        plugins as written
 * @param pluginsToLoad  the plugins entries load_plugins selects, typed, in load order
 * @param warnings       what Falco would log as warnings while reading (deprecated keys)
 */
public record FalcoConfig(
        ConfigTree tree,
        List<String> rulesFiles,
        JsonOutput json,
        boolean timeFormatIso8601,
        String priority,
        RuleMatching ruleMatching,
        boolean bufferedOutputs,
        OutputRate outputs,
        long outputsQueueCapacity,
        long outputTimeoutMs,
        Optional<ConfigNode> appendOutput,
        boolean stdoutOutput,
        FileOutput fileOutput,
        ProgramOutput programOutput,
        boolean syslogOutput,
        HttpOutput httpOutput,
        KafkaOutput kafkaOutput,
        boolean grpcOutput,
        Grpc grpc,
        Logging logging,
        BaseSyscalls baseSyscalls,
        SyscallEventDrops syscallEventDrops,
        EngineConfig engine,
        List<RuleToggle> rules,
        Optional<List<String>> loadPlugins,
        Optional<ConfigNode> plugins,
        List<PluginConfig> pluginsToLoad,
        boolean watchConfigFiles,
        WebserverConfig webserver,
        boolean metricsEnabled,
        ContainerEngines containerEngines,
        List<String> warnings) {

    /** outputs_queue.capacity when unbounded (0 in the file): the largest signed 64-bit size, as in Falco. */
    public static final long UNBOUNDED_QUEUE = Long.MAX_VALUE;

    /** json_output and the json_include_* switches that shape each JSON alert. */
    public record JsonOutput(boolean enabled, boolean includeOutputProperty, boolean includeTagsProperty,
                             boolean includeMessageProperty, boolean includeOutputFieldsProperty) {
    }

    /** outputs.rate and outputs.max_burst: the legacy alert token bucket (0 rate: no limit). */
    public record OutputRate(long rate, long maxBurst) {
    }

    /** file_output. Enabled, it needs a filename. keepAlive only for exactly "true", as Falco compares it. */
    public record FileOutput(boolean enabled, boolean keepAlive, String filename) {
    }

    /** program_output. Enabled, it needs a program (a shell command line). */
    public record ProgramOutput(boolean enabled, boolean keepAlive, String program) {
    }

    /**
     * grpc: the legacy gRPC server (gone from current Falco); threadiness 0 means one thread per CPU. The key,
     * certificate chain and root certificates serve mutual TLS on a TCP address.
     */
    public record Grpc(boolean enabled, String bindAddress, int threadiness, String privateKey, String certChain,
                       String rootCerts) {
    }

    /** log_stderr, log_syslog and log_level for Peregrine's own messages. */
    public record Logging(boolean stderr, boolean syslog, LogLevel level) {
    }

    /** base_syscalls: the syscalls always traced, and whether to add those the state engine needs. */
    public record BaseSyscalls(List<String> customSet, boolean repair, boolean all) {
    }

    /** Every setting at its default, as with no configuration file. */
    public static FalcoConfig defaults() {
        return from(ConfigLoader.empty());
    }

    /** Reads and validates the settings, in Falco's order so the first problem reported is the same. */
    public static FalcoConfig from(ConfigTree tree) {
        List<String> warnings = new ArrayList<>();
        KnownKeys.check(tree);
        LogLevel level = LogLevel.from(tree);
        Logging logging = new Logging(tree.bool("log_stderr", false), tree.bool("log_syslog", true), level);
        EngineConfig engine = EngineConfig.from(tree);
        if (engine.kind() == EngineKind.EBPF || engine.kind() == EngineKind.GVISOR) {
            warnings.add("Using deprecated engine '" + engine.kind().yamlName()
                    + "'. Please consider switching to another engine.");
        }
        List<String> rulesFiles = rulesFiles(tree, warnings);
        JsonOutput json = new JsonOutput(tree.bool("json_output", false),
                tree.bool("json_include_output_property", true),
                tree.bool("json_include_tags_property", true),
                tree.bool("json_include_message_property", false),
                tree.bool("json_include_output_fields_property", true));
        FileOutput file = keptAliveOutput(tree, "file", "filename", FileOutput::new);
        boolean stdout = tree.bool("stdout_output.enabled", false);
        boolean syslog = tree.bool("syslog_output.enabled", false);
        ProgramOutput program = keptAliveOutput(tree, "program", "program", ProgramOutput::new);
        HttpOutput http = HttpOutput.from(tree);
        KafkaOutput kafka = KafkaOutput.from(tree);
        Grpc grpc = new Grpc(tree.bool("grpc.enabled", false), tree.string("grpc.bind_address", "0.0.0.0:5060"),
                (int) Math.min(Integer.MAX_VALUE, tree.unsignedLong("grpc.threadiness", 0)),
                tree.string("grpc.private_key", "/etc/falco/certs/server.key"),
                tree.string("grpc.cert_chain", "/etc/falco/certs/server.crt"),
                tree.string("grpc.root_certs", "/etc/falco/certs/ca.crt"));
        boolean grpcOutput = tree.bool("grpc_output.enabled", true);
        long outputTimeout = tree.unsignedLong("output_timeout", 2000);
        OutputRate rate = new OutputRate(tree.unsignedLong("outputs.rate", 0),
                tree.unsignedLong("outputs.max_burst", 1000));
        RuleMatching ruleMatching = RuleMatching.from(tree);
        String priority = priority(tree);
        boolean buffered = tree.bool("buffered_outputs", false);
        long capacity = tree.unsignedLong("outputs_queue.capacity", 0);
        boolean iso8601 = tree.bool("time_format_iso_8601", false);
        WebserverConfig webserver = WebserverConfig.from(tree);
        SyscallEventDrops drops = SyscallEventDrops.from(tree);
        BaseSyscalls base = new BaseSyscalls(tree.stringList("base_syscalls.custom_set"),
                tree.bool("base_syscalls.repair", false), tree.bool("base_syscalls.all", false));
        List<RuleToggle> rules = RuleToggle.from(tree);
        Optional<ConfigNode> appendOutput = present(tree, "append_output");
        Optional<List<String>> loadPlugins = tree.has("load_plugins")
                ? Optional.of(tree.stringList("load_plugins")) : Optional.empty();
        Optional<ConfigNode> plugins = present(tree, "plugins");
        List<PluginConfig> pluginsToLoad = PluginConfig.selected(tree, loadPlugins);
        boolean watch = tree.bool("watch_config_files", true);
        boolean metrics = tree.bool("metrics.enabled", false);
        ContainerEngines containerEngines = ContainerEngines.from(tree);
        return new FalcoConfig(tree, rulesFiles, json, iso8601, priority, ruleMatching, buffered, rate,
                capacity == 0 ? UNBOUNDED_QUEUE : capacity, outputTimeout, appendOutput, stdout, file, program,
                syslog, http, kafka, grpcOutput, grpc, logging, base, drops, engine, rules, loadPlugins, plugins,
                pluginsToLoad, watch, webserver, metrics, containerEngines, List.copyOf(warnings));
    }

    /** The name of the configuration file as given, or "default" without one. */
    public String configName() {
        return tree.name();
    }

    /** The configuration file as given, or null when every setting came from defaults and -o. */
    public String configFile() {
        return tree.files().isEmpty() ? null : tree.name();
    }

    private static List<String> rulesFiles(ConfigTree tree, List<String> warnings) {
        boolean plural = tree.has("rules_files");
        boolean singular = tree.has("rules_file");
        if (singular) {
            warnings.add("Using deprecated config key 'rules_file' (singular form). Please use new 'rules_files' "
                    + "config key (plural form).");
        }
        if (plural && singular) {
            throw ConfigException.reading(tree.name(), "both 'rules_files' and 'rules_file' keys set");
        }
        return tree.stringList(singular ? "rules_file" : "rules_files");
    }

    /** What {@link #keptAliveOutput} makes: FileOutput or ProgramOutput. */
    private interface KeptAliveOutput<T> {
        T of(boolean enabled, boolean keepAlive, String target);
    }

    /**
     * {@code KIND_output}'s enabled, keep_alive and {@code target} key (the file or the program), which Falco
     * requires when the output is enabled.
     */
    private static <T> T keptAliveOutput(ConfigTree tree, String kind, String target, KeptAliveOutput<T> output) {
        String section = kind + "_output.";
        boolean enabled = tree.bool(section + "enabled", false);
        String value = tree.string(section + target, "");
        if (enabled && value.isEmpty()) {
            throw ConfigException.reading(tree.name(),
                    kind + " output enabled but no " + target + " in configuration block");
        }
        return output.of(enabled, tree.string(section + "keep_alive", "").equals("true"), value);
    }

    private static final Set<String> PRIORITIES =
            Set.of("emergency", "alert", "critical", "error", "warning", "notice", "informational", "info", "debug");

    /** The minimum rule priority, as written; Falco's names, case-insensitive, "info" for informational. */
    private static String priority(ConfigTree tree) {
        String text = tree.string("priority", "debug");
        if (!PRIORITIES.contains(text.toLowerCase(Locale.ROOT))) {
            throw new ConfigException("Unknown priority \"" + text + "\"--must be one of emergency, alert, "
                    + "critical, error, warning, notice, informational, debug");
        }
        return text;
    }

    private static Optional<ConfigNode> present(ConfigTree tree, String key) {
        return tree.node(key).filter(n -> !n.isNull());
    }
}
