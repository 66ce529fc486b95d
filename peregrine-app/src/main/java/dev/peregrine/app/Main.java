package dev.peregrine.app;

import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;

/** Entry point: runs the command line and exits with its status. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("events")) {
            System.exit(run(args));
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
        CommandLine cli = new CommandLine(new PeregrineCommand());
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("peregrine: " + ex.getMessage());
            return 1;
        });
        return cli.execute(args);
    }
}
