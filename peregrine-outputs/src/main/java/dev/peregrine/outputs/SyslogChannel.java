package dev.peregrine.outputs;

import java.io.IOException;
import java.util.Objects;

/**
 * falco.yaml's syslog_output: each alert's line goes to libc's syslog(3) as {@code syslog(priority, "%s", line)},
 * as Falco does, with facility LOG_USER and the alert's severity (0 Emergency .. 7 Debug) as the level. Falco never
 * calls openlog, so its messages carry libc's default tag, the program name "falco"; a JVM's would be "java", so
 * this channel calls {@code openlog(ident, 0, LOG_USER)} with {@link #DEFAULT_IDENT} (no LOG_PID, no LOG_NDELAY:
 * libc connects to /dev/log lazily, as for Falco). openlog is process-wide: the last channel built sets the tag.
 *
 * <p>Construction does not need a syslog daemon: when nothing serves /dev/log, syslog(3) drops messages silently and
 * retries the connection on the next one, so alerts start arriving once a daemon is up. A line is cut at its first
 * NUL, as in C. Needs {@code --enable-native-access=ALL-UNNAMED} to run without a JVM warning.
 */
public final class SyslogChannel implements AlertChannel {

    /** The tag Falco's messages carry (its program name). */
    public static final String DEFAULT_IDENT = "falco";
    /** syslog.h's LOG_USER, the facility Falco's messages get (libc's default). */
    public static final int LOG_USER = 1 << 3;

    private final String ident;
    /** libc is reached on first use, on the outputs' worker thread: linking it costs start-up time otherwise. */
    private boolean opened;

    public SyslogChannel() throws OutputException {
        this(DEFAULT_IDENT);
    }

    /**
     * libc's syslog is linked on the first alert (on the outputs' worker thread); if it cannot be called at all
     * (e.g. native access denied), each write fails with that reason and the outputs count and report it.
     */
    public SyslogChannel(String ident) throws OutputException {
        this.ident = Objects.requireNonNull(ident, "ident");
        if (ident.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("syslog ident must not contain NUL");
        }
    }

    private void open() throws IOException {
        if (opened) {
            return;
        }
        String unavailable = SyslogLibc.unavailable();
        if (unavailable != null) {
            throw new IOException("syslog output unavailable: " + unavailable);
        }
        try {
            SyslogLibc.openlog(ident, 0, LOG_USER);
        } catch (RuntimeException e) {
            throw new IOException("syslog output unavailable: openlog failed: " + IoReason.of(e), e);
        }
        opened = true;
    }

    /**
     * Sends one message to the local syslog (facility user, the given severity 0..7) for Peregrine's own log
     * (falco.yaml's log_syslog); false when libc cannot be called.
     */
    public static boolean log(int severity, String message) {
        if (SyslogLibc.unavailable() != null) {
            return false;
        }
        SyslogLibc.openlog(DEFAULT_IDENT, 0, LOG_USER);
        SyslogLibc.syslog(LOG_USER | Math.max(0, Math.min(7, severity)), message);
        return true;
    }

    @Override
    public String name() {
        return "syslog";
    }

    public String ident() {
        return ident;
    }

    /** The priority argument for syslog(3): LOG_USER with the alert's severity as the level. */
    static int priority(Alert alert) {
        return LOG_USER | alert.severity();
    }

    @Override
    public void write(Alert alert) throws IOException {
        open();
        try {
            SyslogLibc.syslog(priority(alert), alert.line());
        } catch (RuntimeException e) {
            throw new IOException("syslog failed: " + IoReason.of(e), e);
        }
    }

    /**
     * Leaves libc's connection open: it is shared by the whole process, and closelog(3) would also reset the tag.
     */
    @Override
    public void close() {
    }
}
