package dev.peregrine.app;

import picocli.CommandLine;

import java.io.PrintWriter;

/** Entry point: runs the command line and exits with its status. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return run(new PrintWriter(System.err, true), args);
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
