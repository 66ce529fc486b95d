package dev.peregrine.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real rsyslogd for syslog tests. libc's syslog(3) always writes to /dev/log, so the daemon owns /dev/log
 * (imuxsock's system socket) and writes what arrives with facility user to a file, one line per message:
 * {@code severity|facility|tag|message}. That needs root and a free /dev/log: where systemd-journald or another
 * daemon serves it, nothing is stopped and {@link #unavailable()} says why.
 */
public final class RsyslogDaemon implements AutoCloseable {
    private static final Path DEV_LOG = Path.of("/dev/log");

    private final Process process;
    private final Path received;

    private RsyslogDaemon(Process process, Path received) {
        this.process = process;
        this.received = received;
    }

    /** Why no daemon can be started here, or null when one can. */
    public static String unavailable() {
        if (rsyslogd().isEmpty()) {
            return "rsyslogd not found (install the Debian package rsyslog)";
        }
        try {
            if (!Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))) {
                return "syslog tests must run as root: their rsyslogd has to own /dev/log";
            }
        } catch (IOException | UnsupportedOperationException e) {
            return "cannot tell whether this runs as root: " + e.getMessage();
        }
        if (Files.exists(DEV_LOG, LinkOption.NOFOLLOW_LINKS)) {
            return "/dev/log already exists (systemd-journald, another syslog daemon, or a stale socket); "
                    + "the test needs its own rsyslogd there and stops nothing";
        }
        return null;
    }

    /** Starts a daemon whose files live in {@code dir}; waits until /dev/log exists. */
    public static RsyslogDaemon start(Path dir) throws IOException, InterruptedException {
        String why = unavailable();
        if (why != null) {
            throw new IllegalStateException(why);
        }
        Path received = dir.resolve("syslog.txt");
        Path work = Files.createDirectories(dir.resolve("rsyslog-work"));
        Path config = Files.writeString(dir.resolve("rsyslog.conf"), """
                global(workDirectory="%s")
                module(load="imuxsock" SysSock.Name="/dev/log" SysSock.RateLimit.Interval="0")
                template(name="peregrine" type="string"
                         string="%%syslogseverity-text%%|%%syslogfacility-text%%|%%syslogtag%%|%%msg%%\\n")
                if $syslogfacility-text == 'user' then {
                    action(type="omfile" file="%s" template="peregrine")
                }
                """.formatted(work, received));
        Path log = dir.resolve("rsyslogd.out");
        Process p = new ProcessBuilder(rsyslogd().orElseThrow().toString(), "-n", "-f", config.toString(),
                "-i", dir.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy)); // should close() never run
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(DEV_LOG) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (!Files.exists(DEV_LOG)) {
            p.destroyForcibly();
            throw new IllegalStateException("rsyslogd did not create /dev/log; its output: " + Files.readString(log));
        }
        return new RsyslogDaemon(p, received);
    }

    /**
     * The lines received so far, waiting up to {@code timeout} for at least {@code count}, with the space RFC 3164
     * puts after the tag removed.
     */
    public List<String> lines(int count, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> lines = read();
        while (lines.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
            lines = read();
        }
        return lines.stream().map(l -> l.replaceFirst("^([^|]*\\|[^|]*\\|[^|]*\\|) ", "$1")).toList();
    }

    private List<String> read() throws IOException {
        return Files.exists(received) ? Files.readAllLines(received) : List.of();
    }

    @Override
    public void close() throws InterruptedException, IOException {
        process.destroy(); // SIGTERM: rsyslogd flushes and unlinks its socket
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(DEV_LOG);
    }

    private static Optional<Path> rsyslogd() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(File.pathSeparator)), Stream.of("/usr/sbin", "/sbin"))
                .filter(d -> !d.isEmpty()).map(d -> Path.of(d, "rsyslogd")).filter(Files::isExecutable)
                .findFirst();
    }
}
