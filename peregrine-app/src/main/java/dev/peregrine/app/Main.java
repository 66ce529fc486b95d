package dev.peregrine.app;

import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.rules.RulesLoader;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Supplier;

/** Entry point: runs the command line and exits with its status. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // answered before picocli reads its annotations, which takes longer than starting the JVM
        if (args.length == 1 && args[0].equals("--version")) {
            for (String line : new Version().getVersion()) {
                System.out.println(line);
            }
            return;
        }
        if (args.length > 0 && args[0].equals("events")) {
            int status = run(args);
            // a replay that worked ends by returning: System.exit first loads the JDK's logging framework for its
            // exit record, milliseconds of a command that users time (a live run may leave threads: it exits)
            if (status != 0 || !EventsCommand.readsCapture(args)) {
                System.exit(status);
            }
            return;
        }
        System.exit(run(System.out, System.err, System.getenv(), args));
    }

    static int run(String... args) {
        return run(new PrintWriter(System.err, true), args);
    }

    /**
     * Runs the command line in this JVM as the {@code peregrine} command would: alerts and reports to {@code out},
     * logs and errors to {@code err}, {@code env} standing for the environment (FALCO_HOSTNAME, ...).
     * Returns the exit status. Files and programs named by the configuration are real.
     */
    public static int run(PrintStream out, PrintStream err, Map<String, String> env, String... args) {
        CommandLine cli = new CommandLine(new PeregrineCommand(out, err, env));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("Error: " + ex.getMessage());
            err.println("Try 'peregrine --help' for more information.");
            return 1;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            err.println("Error: " + ex);
            return 1;
        });
        int status = cli.execute(args);
        cli.getOut().flush();
        cli.getErr().flush();
        return status;
    }

    /** Runs the command line with errors going to {@code err}; returns the exit status. */
    static int run(PrintWriter err, String... args) {
        // the events command's fields are built on another thread while its arguments are read
        Supplier<FieldRegistry> fields = RulesLoader.standardFieldsInBackground();
        if (args.length > 0 && args[0].equals("events")) {
            EventsCommand plain = EventsCommand.fromPlainArguments(args, 1, fields, err);
            if (plain != null) {
                return plain.call();
            }
        }
        IFactory eventsWithFields = new IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == EventsCommand.class ? type.cast(new EventsCommand(fields))
                        : CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine cli = new CommandLine(new PeregrineCommand(), eventsWithFields);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("peregrine: " + ex.getMessage());
            return 1;
        });
        return cli.execute(args);
    }
}
