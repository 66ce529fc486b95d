package dev.peregrine.app.falco;

import dev.peregrine.scap.CaptureReader;
import dev.peregrine.scap.CaptureWriter;
import dev.peregrine.scap.EventView;
import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A running Peregrine (a real process) reading events from a named pipe the test feeds, so alerts keep flowing
 * while the test reloads with SIGHUP, with a changed rules file (watched), with an invalid rules file (the
 * running rules stay), reopens its output file with SIGUSR1 and stops it with SIGTERM.
 */
class ReloadAndSignalsTest {
    @TempDir
    Path dir;

    private static String rules(String tag) {
        return """
                - rule: open_from_cat
                  desc: cat opens a file
                  condition: evt.type=open and proc.name=cat
                  output: "%s %%fd.name"
                  priority: WARNING
                """.formatted(tag);
    }

    /** Writes cat_write.scap's events into the pipe once more (8 matching opens each time). */
    private static void feed(CaptureWriter w, Path capture) throws Exception {
        try (CaptureReader r = CaptureReader.open(capture)) {
            EventView e = new EventView();
            while (r.next(e)) {
                w.write(e);
            }
        }
        w.flush();
    }

    private static long count(Path file, String prefix) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        return Files.readAllLines(file).stream().filter(l -> l.contains(": Warning " + prefix + " ")).count();
    }

    private static void waitFor(String what, Predicate<Void> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.test(null)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static void signal(Process p, String sig) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start().waitFor()).isZero();
    }

    @Test
    @Timeout(120)
    void reloadsKeepAlertsFlowingAndBadFilesAreRefused() throws Exception {
        Path capture = SharedData.upstream("falco-legacy-tests/trace_files/cat_write.scap");
        Path fifo = dir.resolve("events.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Path rulesFile = dir.resolve("rules.yaml");
        Files.writeString(rulesFile, rules("v1"));
        Path alerts = dir.resolve("alerts.txt");
        Path errLog = dir.resolve("stderr.txt");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.peregrine.app.Main", "-c", CliRun.defaultConfig().toString(),
                "-o", "log_stderr=true", "-o", "stdout_output.enabled=false", "-o", "webserver.enabled=false",
                "-o", "file_output.enabled=true", "-o", "file_output.keep_alive=true",
                "-o", "file_output.filename=" + alerts, "-r", rulesFile.toString(), "-e", fifo.toString()));
        Process p = new ProcessBuilder(cmd).redirectError(errLog.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).start();
        CaptureWriter w = null;
        try (CaptureReader header = CaptureReader.open(capture)) {
            w = CaptureWriter.create(fifo, header);
            feed(w, capture);
            waitFor("8 v1 alerts", x -> uncheckedCount(alerts, "v1") == 8);

            // SIGHUP with a new rules file: the next events go to the new rules
            Files.writeString(rulesFile, rules("v2"));
            signal(p, "HUP");
            waitFor("the reload", x -> log(errLog).contains("Reloaded the configuration"));
            feed(w, capture);
            waitFor("8 v2 alerts", x -> uncheckedCount(alerts, "v2") == 8);

            // an invalid rules file is refused on reload; the running rules keep alerting
            Files.writeString(rulesFile, "- rule: broken\n  condition: evt.type=open and (\n");
            signal(p, "HUP");
            waitFor("the refused reload", x -> log(errLog).contains("Reload failed"));
            feed(w, capture);
            waitFor("16 v2 alerts", x -> uncheckedCount(alerts, "v2") == 16);
            assertThat(p.isAlive()).isTrue();

            // a watched rules file that changes is reloaded without a signal
            Files.writeString(rulesFile, rules("v3"));
            waitFor("the watched reload", x -> log(errLog).split("Reloaded the configuration", -1).length == 3);
            feed(w, capture);
            waitFor("8 v3 alerts", x -> uncheckedCount(alerts, "v3") == 8);

            // SIGUSR1 reopens the output file: after a rotation, alerts go to a new file
            Path rotated = dir.resolve("alerts.txt.1");
            Files.move(alerts, rotated);
            signal(p, "USR1");
            waitFor("the reopen", x -> log(errLog).contains("SIGUSR1 received"));
            Thread.sleep(200);
            feed(w, capture);
            waitFor("8 v3 alerts in the new file", x -> uncheckedCount(alerts, "v3") == 8);
            assertThat(count(rotated, "v3")).isEqualTo(8);

            // SIGTERM: the run ends at the next event (reading a pipe blocks until one comes), every alert
            // written, the statistics printed
            signal(p, "TERM");
            waitFor("the SIGTERM log", x -> log(errLog).contains("SIGTERM received"));
            CaptureWriter last = w;
            Thread more = new Thread(() -> {
                try {
                    feed(last, capture);
                    last.close();
                } catch (Exception e) {
                    // the reader is gone: expected once it stops
                }
            });
            more.setDaemon(true);
            more.start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(log(errLog)).isTrue();
            assertThat(count(alerts, "v3")).as("no alert after the stop").isEqualTo(8);
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).as(log(errLog)).isZero();
        assertThat(Files.readString(dir.resolve("stdout.txt"))).contains("Events detected:");
        assertThat(log(errLog)).doesNotContain("Exception");
    }

    private static long uncheckedCount(Path file, String prefix) {
        try {
            return count(file, prefix);
        } catch (IOException e) {
            return -1;
        }
    }

    private static String log(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
