package dev.peregrine.app;

import picocli.CommandLine;

/** Entry point: runs the command line and exits with its status. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cli = new CommandLine(new PeregrineCommand());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("peregrine: " + ex.getMessage());
            return 1;
        });
        return cli.execute(args);
    }
}
