package dev.peregrine.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * syscall_event_drops on the live machine, with the kernel's own counter: Peregrine is stopped (SIGSTOP) while a
 * syscall storm fills its smallest ring (buf_size_preset 1: 1 MiB), so the kernel drops events; once resumed it
 * must notice within a second of event time and take the configured actions (log and alert), then count the
 * occurrence in its statistics at exit.
 */
class LiveDropsTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void kernelDropsAreDetectedAndActedOn() throws Exception {
        PeregrineJvm.requireLiveCapture();
        // the rule makes read and write traced (the storm's syscalls) and never fires
        Path rules = Files.writeString(dir.resolve("rules.yaml"), """
                - rule: read_by_nobody
                  desc: never fires
                  condition: evt.type=read and proc.name=no-such-process-name
                  output: "read (%fd.name)"
                  priority: WARNING
                """);
        PeregrineJvm run = PeregrineJvm.start(dir, Map.of(), "-r", rules.toString(),
                "-o", "engine.kind=modern_ebpf", "-o", "engine.modern_ebpf.buf_size_preset=1",
                "-o", "syscall_event_drops.threshold=0", "-o", "syscall_event_drops.actions[0]=log",
                "-o", "syscall_event_drops.actions[1]=alert", "-o", "syscall_event_drops.rate=100",
                "-o", "syscall_event_drops.max_burst=10", "-o", "webserver.enabled=false",
                "-o", "log_syslog=false", "-o", "syslog_output.enabled=false", "-o", "log_stderr=true");
        try {
            run.await("the driver attached", () -> run.err().contains("Tracing "));
            signal("STOP", run.process().pid());
            try {
                Process dd = new ProcessBuilder("dd", "if=/dev/zero", "of=/dev/null", "bs=1", "count=500000")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                assertThat(dd.waitFor(120, TimeUnit.SECONDS)).isTrue();
            } finally {
                signal("CONT", run.process().pid());
            }
            // keep events coming so that event time passes the monitor's next one-second check
            run.await("the drop alert", () -> {
                try {
                    new ProcessBuilder("true").start().waitFor();
                    Thread.sleep(100);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return run.out().contains("Falco internal: syscall event drop");
            });
            run.interrupt();
        } finally {
            run.kill();
        }
        Matcher alert = Pattern.compile("Falco internal: syscall event drop\\. (\\d+) system calls dropped in last "
                + "second\\.").matcher(run.out());
        assertThat(alert.find()).as(run.out()).isTrue();
        assertThat(Long.parseLong(alert.group(1))).isPositive();
        assertThat(run.out()).contains(": Debug Falco internal: syscall event drop. ") // Falco emits it at DEBUG
                .contains("n_drops=\"" + alert.group(1) + "\"");
        Matcher stats = Pattern.compile("event drop detected: (\\d+) occurrences").matcher(run.out() + run.err());
        assertThat(stats.find()).as(run.out() + run.err()).isTrue();
        assertThat(Long.parseLong(stats.group(1))).isPositive();
    }

    private static void signal(String name, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor()).isZero();
    }
}
