package dev.peregrine.app;

import java.io.PrintStream;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Falco's log: messages at or above log_level go to stderr (when log_stderr) prefixed with the wall-clock time,
 * "Sun Nov 29 03:00:56 2026: " or, with time_format_iso_8601, "2026-11-29T03:00:56+0000: ".
 */
public final class FalcoLog {
    /** Syslog severities, most severe first, as falco.yaml's log_level names them. */
    public enum Level { EMERGENCY, ALERT, CRITICAL, ERROR, WARNING, NOTICE, INFO, DEBUG;

        public static Level parse(String s) {
            for (Level l : values()) {
                if (l.name().equalsIgnoreCase(s)) {
                    return l;
                }
            }
            throw new IllegalArgumentException("Unknown log level " + s);
        }
    }

    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss yyyy",
            Locale.ROOT);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx",
            Locale.ROOT);

    private static final java.util.concurrent.ExecutorService SYSLOG =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "peregrine-log-syslog");
                t.setDaemon(true);
                return t;
            });

    private final PrintStream err;
    private volatile boolean toStderr = true;
    private volatile boolean toSyslog;
    private volatile boolean iso8601;
    private volatile Level level = Level.INFO;

    public FalcoLog(PrintStream err) {
        this.err = err;
    }

    public void configure(boolean toStderr, Level level, boolean iso8601) {
        configure(toStderr, false, level, iso8601);
    }

    /** @param toSyslog falco.yaml's log_syslog: messages also go to the local syslog, as Falco sends them */
    public void configure(boolean toStderr, boolean toSyslog, Level level, boolean iso8601) {
        this.toStderr = toStderr;
        this.toSyslog = toSyslog;
        this.level = level;
        this.iso8601 = iso8601;
    }

    public boolean enabled(Level l) {
        return l.ordinal() <= level.ordinal();
    }

    public void log(Level l, String msg) {
        if (!enabled(l)) {
            return;
        }
        if (toSyslog) {
            String text = msg.endsWith("\n") ? msg.substring(0, msg.length() - 1) : msg;
            // on another thread, in order: linking libc's syslog would otherwise delay start-up
            SYSLOG.execute(() -> dev.peregrine.outputs.SyslogChannel.log(l.ordinal(), text));
        }
        if (!toStderr) {
            return;
        }
        String text = msg.endsWith("\n") ? msg : msg + "\n";
        String time = iso8601 ? ZonedDateTime.now(ZoneOffset.UTC).format(ISO)
                : ZonedDateTime.now(ZoneId.systemDefault()).format(CTIME);
        synchronized (err) {
            err.print(time + ": " + text);
            err.flush();
        }
    }

    /** Waits (a second at most) for the messages still on their way to syslog, before the process ends. */
    public static void drainSyslog() {
        try {
            SYSLOG.submit(() -> { }).get(1, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // a stuck syslog must not keep the process alive
        }
    }

    public void info(String msg) {
        log(Level.INFO, msg);
    }

    public void warning(String msg) {
        log(Level.WARNING, msg);
    }

    public void debug(String msg) {
        log(Level.DEBUG, msg);
    }
}
