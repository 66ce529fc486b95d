package dev.peregrine.app;

import dev.peregrine.fields.FieldDef;
import dev.peregrine.fields.FieldRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** The top-level command, with Falco's flags; subcommands hold Peregrine's own tools. */
@Command(name = "peregrine", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Runtime security engine for Linux: Falco's rules, faster.",
        subcommands = {EventsCommand.class})
public final class PeregrineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--list", arity = "0..1", fallbackValue = "syscall", paramLabel = "SOURCE",
            description = "List the fields that conditions and formats can use (source: syscall).")
    String list;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (list != null) {
            printFields(out);
            return 0;
        }
        spec.commandLine().usage(out);
        return 0;
    }

    private static void printFields(PrintWriter out) {
        for (FieldDef f : FieldRegistry.standard().all()) {
            String name = f.name() + (f.arg() == FieldDef.Arg.REQUIRED ? "[ARG]" : "");
            out.printf("%-40s %-8s %s%n", name, f.type(), f.description());
        }
        out.flush();
    }
}
