package dev.peregrine.app;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.HashMap;
import java.util.Map;

/**
 * Falco's signals: SIGHUP reloads configuration and rules, SIGUSR1 reopens file and program outputs (log
 * rotation), SIGINT and SIGTERM end the run cleanly (every output flushed). Handlers run on the JVM's signal
 * thread, so they only start work or set flags; closing puts the previous handlers back.
 */
public final class Signals implements AutoCloseable {
    private final Map<Signal, SignalHandler> previous = new HashMap<>();

    private Signals() {
    }

    public static Signals install(FalcoLog log, Runnable reload, Runnable reopen, Runnable stop) {
        Signals s = new Signals();
        s.handle("HUP", () -> {
            log.info("SIGHUP received, reloading configuration and rules");
            Thread t = new Thread(reload, "peregrine-reload");
            t.setDaemon(true);
            t.start();
        });
        s.handle("USR1", () -> {
            log.info("SIGUSR1 received, reopening outputs");
            reopen.run();
        });
        s.handle("INT", () -> {
            log.info("SIGINT received, exiting...");
            stop.run();
        });
        s.handle("TERM", () -> {
            log.info("SIGTERM received, exiting...");
            stop.run();
        });
        return s;
    }

    /** SIGINT and SIGTERM only, for commands without reloads or a log (peregrine events). */
    public static Signals onStop(Runnable stop) {
        Signals s = new Signals();
        s.handle("INT", stop);
        s.handle("TERM", stop);
        return s;
    }

    private void handle(String name, Runnable action) {
        try {
            Signal sig = new Signal(name);
            previous.put(sig, Signal.handle(sig, s -> action.run()));
        } catch (IllegalArgumentException e) {
            // the signal is reserved by the JVM on this platform: leave it alone
        }
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
