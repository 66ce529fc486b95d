package dev.peregrine.app;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * The packaging's training run for the JVM's ahead-of-time cache (bin/package runs it once, through the installed
 * launcher, with -XX:AOTCacheOutput): the commands users time, in one JVM, so that the cache holds the classes they
 * load, linked, and the profiles of their hot methods. Output is discarded.
 * <p>
 * Arguments: the configuration file, the rules file, then captures to replay (none: start-up work only); or
 * {@code --replay} and captures, for the cache of {@code events -r} alone (the launcher's choice for replays: the
 * JVM loads every class of its cache at start-up, and a replay needs half of the whole one's).
 */
public final class AotTraining {
    private AotTraining() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("--replay")) {
            for (int i = 1; i < args.length; i++) {
                Main.run("events", "-r", args[i]);
                Main.run("events", "-r", args[i], "-p", "%evt.time %proc.cmdline %fd.name %container.id",
                        "evt.type in (open, openat, execve) and fd.name startswith /etc or proc.name=sh");
            }
            return;
        }
        if (args.length < 2) {
            System.err.println("usage: AotTraining CONFIG RULES [CAPTURE...] | AotTraining --replay CAPTURE...");
            System.exit(2);
        }
        String config = args[0];
        String rules = args[1];
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        Map<String, String> env = System.getenv();
        Main.run(discard, discard, env, "--version");
        Main.run(discard, discard, env, "--list");
        Main.run(discard, discard, env, "-c", config, "-V", rules);
        Main.run(discard, discard, env, "-c", config, "-r", rules, "-L");
        for (int i = 2; i < args.length; i++) {
            Main.run(discard, discard, env, "-c", config, "-r", rules, "-e", args[i]);
            Main.run(discard, discard, env, "-c", config, "-r", rules, "-e", args[i], "-o", "json_output=true");
            // events prints through standard output, which the training run sends to /dev/null
            Main.run("events", "-r", args[i]);
        }
    }
}
