package dev.peregrine.app.falco;

import dev.peregrine.app.FalcoLog;
import dev.peregrine.app.Version;
import dev.peregrine.config.ConfigException;
import dev.peregrine.config.ConfigLoader;
import dev.peregrine.config.ConfigTree;
import dev.peregrine.config.FalcoConfig;
import dev.peregrine.rules.EngineVersion;
import dev.peregrine.rules.engine.RuleSelection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the configuration (-c, else the default file) with -o overrides and the flags that stand for keys
 * (-e), and sets up logging as it says.
 */
final class LoadConfig implements Step {
    static final Path SYSTEM_CONFIG = Path.of("/etc/falco/falco.yaml");

    @Override
    public int run(AppState s) throws Fatal {
        FalcoOptions opts = s.opts;
        try {
            s.optionSelection = RuleSelection.fromOptions(opts.disabledRules, opts.disabledTags, opts.enabledTags);
        } catch (IllegalArgumentException e) {
            throw new Fatal(e.getMessage());
        }
        s.config = read(s);
        s.rulesFiles = rulesFiles(opts, s.config);
        configureLog(s.log, s.config);
        s.log.info("Peregrine version: " + Version.VERSION + " (Falco rules engine " + EngineVersion.CURRENT + ")");
        if (s.config.configFile() != null) {
            s.log.info("Peregrine initialized with configuration files:\n   " + s.config.configFile());
        }
        return CONTINUE;
    }

    /**
     * The configuration file used without -c: the installed package's (its launcher names it in the system
     * property peregrine.config: /etc/peregrine/peregrine.yaml), else Falco's usual place, else the source tree's.
     */
    static Path defaultConfig() {
        String installed = System.getProperty("peregrine.config");
        if (installed != null && Files.isRegularFile(Path.of(installed))) {
            return Path.of(installed);
        }
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

    /** Reads and checks the configuration; what Falco would warn about while reading goes to the log. */
    static FalcoConfig read(AppState s) throws Fatal {
        FalcoOptions opts = s.opts;
        List<String> overrides = new ArrayList<>(opts.overrides);
        if (opts.captureFile != null) {
            overrides.add("engine.kind=replay");
            overrides.add("engine.replay.capture_file=" + opts.captureFile);
        }
        FalcoConfig c;
        try {
            Path file = opts.configFile != null ? Path.of(opts.configFile) : defaultConfig();
            ConfigTree tree = file == null ? ConfigLoader.withoutFile(overrides)
                    : ConfigLoader.load(file, overrides, Path.of("").toAbsolutePath(), s.env);
            c = FalcoConfig.from(tree);
        } catch (ConfigException e) {
            throw new Fatal(e.getMessage());
        }
        for (String w : c.warnings()) {
            s.log.warning(w);
        }
        return c;
    }

    /** -r's paths (which must exist), else the configuration's rules files that exist, as Falco skips the others. */
    static List<String> rulesFiles(FalcoOptions opts, FalcoConfig c) {
        if (!opts.rulesFiles.isEmpty()) {
            return opts.rulesFiles;
        }
        return c.rulesFiles().stream().filter(f -> Files.exists(Path.of(f))).toList();
    }

    static void configureLog(FalcoLog log, FalcoConfig c) {
        log.configure(c.logging().stderr(), c.logging().syslog(),
                FalcoLog.Level.valueOf(c.logging().level().name()), c.timeFormatIso8601());
    }
}
