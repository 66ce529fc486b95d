package dev.peregrine.app.falco;

import dev.peregrine.driver.LiveCapture;
import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Peregrine on the live machine (the eBPF driver; needs root and BPF, which CI has): a real command reading
 * /etc/shadow makes the rule fire exactly once, with the process, its command line and its parent.
 */
class LiveDetectionTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void aRuleFiresOnceForARealCommand() throws Exception {
        String why = LiveCapture.unavailableReason();
        if (why != null) {
            SharedData.missing("live capture: " + why);
        }
        Path rules = Files.writeString(dir.resolve("rules.yaml"), """
                - rule: shadow_read_by_cat
                  desc: cat reads /etc/shadow
                  condition: evt.type in (open, openat) and fd.name=/etc/shadow and proc.name=cat
                  output: "shadow read (command=%proc.cmdline pid=%proc.pid parent=%proc.pname)"
                  priority: WARNING
                """);
        Path marker = dir.resolve("started");
        // -M stops after that much event time; the run's own log tells when the driver is attached
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.run("-r", rules.toString(),
                "-o", "engine.kind=modern_ebpf", "-M", "6", "-o", "log_stderr=true", "-P", marker.toString()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(marker) && System.nanoTime() < deadline && !run.isDone()) {
            Thread.sleep(50);
        }
        Thread.sleep(1000); // the pid file is written before the capture opens; give the driver time to attach
        Process cat = new ProcessBuilder("cat", "/etc/shadow").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(cat.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // keep events flowing (this JVM opening a file) so the event-time limit is reached
        while (!run.isDone() && System.nanoTime() < deadline) {
            Files.readString(rules);
            Thread.sleep(200);
        }
        CliRun r = run.join();
        assertThat(r.status()).as(r.err()).isZero();
        List<String> alerts = r.outLines().stream().filter(l -> l.contains("Warning shadow read")).toList();
        assertThat(alerts).as(r.out() + r.err()).singleElement().satisfies(a -> assertThat(a)
                .contains("(command=cat /etc/shadow pid=" + cat.pid() + " parent=java)"));
    }
}
