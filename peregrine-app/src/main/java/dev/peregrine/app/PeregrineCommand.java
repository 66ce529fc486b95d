package dev.peregrine.app;

import dev.peregrine.fields.FieldDef;
import dev.peregrine.fields.FieldRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The top-level command: Falco's flags (run rules on a capture, validate rules, list fields, ...); subcommands
 * hold Peregrine's own tools.
 */
@Command(name = "peregrine", versionProvider = Version.class,
        description = "Runtime security engine for Linux: Falco's rules, faster.",
        subcommands = {EventsCommand.class})
public final class PeregrineCommand implements Callable<Integer> {
    @Mixin
    FalcoOptions options = new FalcoOptions();

    // -V is Falco's --validate, so help and version get only their long names (and -h)
    @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @picocli.CommandLine.Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
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
        return new FalcoApp(options, out, err, env).run();
    }

    static void printFields(PrintStream out, boolean namesOnly) {
        for (FieldDef f : FieldRegistry.standard().all()) {
            String name = f.name() + (f.arg() == FieldDef.Arg.REQUIRED ? "[ARG]" : "");
            if (namesOnly) {
                out.println(name);
            } else {
                out.printf("%-40s %-8s %s%n", name, f.type(), f.description());
            }
        }
        out.flush();
    }
}
