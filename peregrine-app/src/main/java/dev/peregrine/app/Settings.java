package dev.peregrine.app;

import dev.peregrine.config.ConfigException;
import dev.peregrine.config.ConfigLoader;
import dev.peregrine.config.ConfigTree;
import dev.peregrine.config.DropAction;
import dev.peregrine.config.EngineKind;
import dev.peregrine.config.FalcoConfig;
import dev.peregrine.config.RuleMatching;
import dev.peregrine.config.RuleSelection.Operation;
import dev.peregrine.rules.Priority;
import dev.peregrine.rules.engine.RuleSelection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the configuration (-c, else the default file) with -o overrides and the flags that stand for keys. */
final class Settings {
    static final Path SYSTEM_CONFIG = Path.of("/etc/falco/falco.yaml");

    private Settings() {
    }

    /** The configuration file used without -c: Falco's usual place, else Peregrine's own default. */
    static Path defaultConfig() {
        if (Files.isRegularFile(SYSTEM_CONFIG)) {
            return SYSTEM_CONFIG;
        }
        String root = System.getProperty("peregrine.root");
        if (root != null) {
            Path p = Path.of(root, "config", "falco.yaml");
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    static RunSettings load(FalcoOptions opts, Map<String, String> env, FalcoLog log) throws FalcoApp.Fatal {
        List<String> overrides = new ArrayList<>(opts.overrides);
        if (opts.captureFile != null) {
            overrides.add("engine.kind=replay");
            overrides.add("engine.replay.capture_file=" + opts.captureFile);
        }
        FalcoConfig c;
        try {
            Path file = opts.configFile != null ? Path.of(opts.configFile) : defaultConfig();
            ConfigTree tree = file == null ? ConfigLoader.withoutFile(overrides)
                    : ConfigLoader.load(file, overrides, Path.of("").toAbsolutePath(), env);
            c = FalcoConfig.from(tree);
        } catch (ConfigException e) {
            throw new FalcoApp.Fatal(e.getMessage());
        }
        Priority min = Priority.parse(c.priority());
        if (min == null) {
            throw new FalcoApp.Fatal("Unknown priority value: " + c.priority());
        }
        // as Falco: the config's rules_files entries that do not exist are skipped; -r paths must exist
        List<String> rulesFiles = opts.rulesFiles.isEmpty()
                ? c.rulesFiles().stream().filter(f -> java.nio.file.Files.exists(java.nio.file.Path.of(f))).toList()
                : opts.rulesFiles;
        Set<DropMonitor.Action> drops = EnumSet.noneOf(DropMonitor.Action.class);
        for (DropAction a : c.syscallEventDrops().actions()) {
            drops.add(DropMonitor.Action.valueOf(a.name()));
        }
        List<RuleSelection.Step> selection = new ArrayList<>();
        for (dev.peregrine.config.RuleSelection r : c.rules()) {
            boolean enable = r.operation() == Operation.ENABLE;
            if (!r.rule().isEmpty()) {
                selection.add(new RuleSelection.Step(enable, RuleSelection.By.NAME_WILDCARD, r.rule()));
            }
            if (!r.tag().isEmpty()) {
                selection.add(new RuleSelection.Step(enable, RuleSelection.By.TAG, r.tag()));
            }
        }
        for (String w : c.warnings()) {
            log.warning(w);
        }
        var json = c.json();
        return new RunSettings(c.tree().files().isEmpty() ? null : c.configName(), rulesFiles,
                json.enabled(), json.includeOutputProperty(), json.includeTagsProperty(),
                json.includeMessageProperty(), json.includeOutputFieldsProperty(), c.timeFormatIso8601(),
                min, c.ruleMatching() == RuleMatching.FIRST, c.bufferedOutputs(),
                c.stdoutOutput(),
                c.fileOutput().enabled(), c.fileOutput().keepAlive(), c.fileOutput().filename(),
                c.programOutput().enabled(), c.programOutput().keepAlive(), c.programOutput().program(),
                c.logging().stderr(), FalcoLog.Level.valueOf(c.logging().level().name()),
                drops, c.syscallEventDrops().threshold(), c.syscallEventDrops().rate(),
                c.syscallEventDrops().maxBurst(), c.syscallEventDrops().simulateDrops(),
                c.engine().kind().yamlName(),
                c.engine().kind() == EngineKind.REPLAY ? c.engine().replayCaptureFile() : null,
                selection, appendOutput(opts), c.watchConfigFiles(), AppendOutput.from(c.appendOutput()),
                (int) Math.min(Integer.MAX_VALUE, c.outputsQueueCapacity()), c);
    }

    /** -p: c/container and k/kubernetes stand for Falco's container and Kubernetes details. */
    private static String appendOutput(FalcoOptions opts) {
        String p = opts.printAdditional;
        if (p == null) {
            return null;
        }
        return switch (p) {
            case "c", "container" -> "container_id=%container.id container_name=%container.name";
            case "k", "kubernetes" -> "container_id=%container.id container_name=%container.name "
                    + "k8s_ns=%k8s.ns.name k8s_pod_name=%k8s.pod.name";
            default -> p;
        };
    }
}
