package dev.peregrine.app.falco;

import dev.peregrine.app.FalcoLog;
import dev.peregrine.config.ConfigException;
import dev.peregrine.config.ConfigLoader;
import dev.peregrine.config.FalcoConfig;
import dev.peregrine.rules.CompiledRule;
import dev.peregrine.rules.RulesLoader;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Falco's run: its steps in Falco's order (configuration, plugins, informational actions, rules validation, rules
 * loading, outputs and servers, events, statistics). A step that fails ends the run with "Error: ..." on stderr and status
 * 1; whatever the steps opened is closed first, so every alert is delivered before the error is printed.
 */
public final class FalcoApp {
    private static final List<Step> STEPS = List.of(new LoadConfig(), new ListPlugins(), new LoadPlugins(),
            new InitInspectors(), new ListFields(), new SelectSources(), new ValidateRulesFiles(),
            new LoadRulesFiles(), new DescribeRules(), new PrintSupport(), new CheckEventSource(),
            new StartServices(), new InitOutputs(), new WritePidFile(), new ProcessEvents(), new PrintStats());

    private FalcoApp() {
    }

    /**
     * Loads rules files as a run does (directories stand for their files; warnings logged to {@code err}).
     *
     * @return the rules, or null after writing Falco's report of the first error to {@code err}
     */
    public static List<CompiledRule> loadRules(List<String> paths, PrintStream err) {
        FalcoLog log = new FalcoLog(err);
        log.configure(true, FalcoLog.Level.WARNING, false);
        try {
            return LoadRulesFiles.load(paths, Map.of(RulesLoader.SYSCALL, RulesLoader.standardFieldsInBackground()),
                    Map.of(), log);
        } catch (Fatal f) {
            err.println("Error: " + f.getMessage());
            return null;
        }
    }

    /**
     * The rules files a run without -r and -c reads: the default configuration's rules_files that exist.
     *
     * @throws IllegalArgumentException when the default configuration cannot be read, with the reason
     */
    public static List<String> defaultRulesFiles(Map<String, String> env) {
        Path file = LoadConfig.defaultConfig();
        try {
            FalcoConfig c = file == null ? FalcoConfig.defaults()
                    : FalcoConfig.from(ConfigLoader.load(file, List.of(), Path.of("").toAbsolutePath(), env));
            return c.rulesFiles().stream().filter(f -> Files.exists(Path.of(f))).toList();
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** Runs Falco's steps with these options; {@code env} stands for the environment. Returns the exit status. */
    public static int run(FalcoOptions opts, PrintStream out, PrintStream err, Map<String, String> env) {
        AppState s = new AppState(opts, out, err, env);
        try {
            for (Step step : STEPS) {
                int status = step.run(s);
                if (status != Step.CONTINUE) {
                    return status;
                }
            }
            return 0;
        } catch (Fatal f) {
            s.cleanUp();
            out.flush();
            err.println("Error: " + f.getMessage());
            err.flush();
            return 1;
        } finally {
            s.cleanUp();
            FalcoLog.drainSyslog();
        }
    }
}
