package dev.peregrine.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peregrine.testkit.SharedData;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery through a real rsyslogd. libc's syslog(3) always writes to /dev/log, so the test runs its own rsyslogd
 * that owns /dev/log (imuxsock's system socket) and writes what arrives to a file in a temp dir. That needs root
 * and a free /dev/log: a machine where systemd-journald or another daemon already serves it is left alone (nothing
 * is stopped) and the test is skipped, or fails when CI=true, saying why.
 */
class SyslogChannelRsyslogTest {

    private static final Path DEV_LOG = Path.of("/dev/log");
    private static final List<String> SEVERITY_NAMES =
            List.of("emerg", "alert", "crit", "err", "warning", "notice", "info", "debug");

    @TempDir
    static Path dir;

    private static Process daemon;
    private static boolean createdDevLog;
    private static Path received;
    // why the daemon cannot run here; each test reports it, so the skip is counted and shown
    private static String unavailable;

    @BeforeAll
    static void startRsyslogd() throws Exception {
        Optional<Path> rsyslogd = findRsyslogd();
        if (rsyslogd.isEmpty()) {
            unavailable = "rsyslogd not found (install the Debian package rsyslog)";
        } else if (!Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))) {
            unavailable = "the syslog test must run as root: its rsyslogd has to own /dev/log";
        } else if (Files.exists(DEV_LOG, LinkOption.NOFOLLOW_LINKS)) {
            unavailable = "/dev/log already exists (systemd-journald, another syslog daemon, or a stale socket); "
                    + "the test needs its own rsyslogd there and stops nothing";
        } else {
            start(rsyslogd.get());
        }
    }

    private static void start(Path rsyslogd) throws Exception {
        received = dir.resolve("syslog.txt");
        Path work = Files.createDirectory(dir.resolve("work"));
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
        daemon = new ProcessBuilder(rsyslogd.toString(), "-n", "-f", config.toString(),
                "-i", dir.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::destroy)); // should @AfterAll never run
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(DEV_LOG) && daemon.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        createdDevLog = Files.exists(DEV_LOG);
        assertThat(createdDevLog)
                .as("rsyslogd did not create /dev/log; its output: %s", Files.readString(log))
                .isTrue();
    }

    @AfterAll
    static void stopRsyslogd() throws Exception {
        if (daemon != null) {
            daemon.destroy(); // SIGTERM: rsyslogd flushes and unlinks its socket
            if (!daemon.waitFor(10, TimeUnit.SECONDS)) {
                daemon.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (createdDevLog) {
            Files.deleteIfExists(DEV_LOG); // ours, if the daemon left it behind
        }
    }

    @Test
    void alertsOfEverySeverityArriveInOrderWithTheirLevelAndText() throws Exception {
        if (unavailable != null) {
            SharedData.missing(unavailable);
        }
        String run = UUID.randomUUID().toString();
        List<Alert> alerts = new ArrayList<>();
        for (int severity = 7; severity >= 0; severity--) {
            // % sequences must arrive as they are: the line is an argument to "%s", never a format
            alerts.add(Alert.of(1L, severity, "r", "syscall", "h", List.of(),
                    "12:00:00.000000000: " + Alert.priorityName(severity) + " run " + run + " 100%s %n %d done"));
        }
        alerts.add(Alert.of(1L, 4, "r", "syscall", "h", List.of(), "{\"output\":\"json " + run + "\",\"n\":1}"));

        SyslogChannel channel = new SyslogChannel();
        for (Alert alert : alerts) {
            channel.write(alert);
        }
        channel.close();

        List<String> lines = awaitLines(alerts.size());
        List<String> expected = alerts.stream()
                .map(a -> SEVERITY_NAMES.get(a.severity()) + "|user|falco:|" + a.line())
                .toList();
        assertThat(lines).isEqualTo(expected);
    }

    /** The received lines, with the space that RFC 3164 puts after the tag removed from each message. */
    private static List<String> awaitLines(int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> lines = Alerts.readLines(received);
        while (lines.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
            lines = Alerts.readLines(received);
        }
        return lines.stream().map(l -> l.replaceFirst("^([^|]*\\|[^|]*\\|[^|]*\\|) ", "$1")).toList();
    }

    private static Optional<Path> findRsyslogd() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(File.pathSeparator)), Stream.of("/usr/sbin", "/sbin"))
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, "rsyslogd"))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
