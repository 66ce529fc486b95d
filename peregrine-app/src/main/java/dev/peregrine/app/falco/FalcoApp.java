package dev.peregrine.app.falco;

import dev.peregrine.app.FalcoLog;

import java.io.PrintStream;
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
