package dev.peregrine.app;

import dev.peregrine.app.falco.FalcoApp;
import dev.peregrine.app.falco.FalcoOptions;
import dev.peregrine.app.ruletest.TestCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The top-level command: Falco's flags (run rules on a capture, validate rules, list fields, ...); subcommands
 * hold Peregrine's own tools.
 */
@Command(name = "peregrine", versionProvider = Version.class,
        description = "Runtime security engine for Linux: Falco's rules, faster.",
        subcommands = {EventsCommand.class, TestCommand.class})
public final class PeregrineCommand implements Callable<Integer> {
    @Mixin
    FalcoOptions options = new FalcoOptions();

    // -V is Falco's --validate, so help and version get only their long names (and -h)
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
    boolean version;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public PeregrineCommand() {
        this(System.out, System.err, System.getenv());
    }

    PeregrineCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    @Override
    public Integer call() {
        return FalcoApp.run(options, out, err, env);
    }
}
