package dev.peregrine.app.falco;

import dev.peregrine.app.PeregrineJvm;
import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Falco's stable, incubating and sandbox rules, live: every rule can see events (no "cannot be produced" warning),
 * while a rule on an event type no live source produces is named in one; and the stable rule on fileless execution
 * fires on a program run from a memfd (execve's exe flags).
 */
class LiveRulesCoverageTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void falcosRulesAreNotBlindAndABlindRuleIsNamed() throws Exception {
        PeregrineJvm.requireLiveCapture();
        Path blind = Files.writeString(dir.resolve("blind.yaml"), """
                - rule: pg_context_switches
                  desc: context switches, which no live source sends
                  condition: evt.type=switch and proc.name=pgnone
                  output: "switch %proc.name"
                  priority: WARNING
                """);
        String marker = "pgmemfd" + Long.toHexString(System.nanoTime());
        List<String> args = new java.util.ArrayList<>(List.of("-c", CliRun.defaultConfig().toString(),
                "-o", "engine.kind=modern_ebpf", "-o", "webserver.enabled=false", "-o", "log_stderr=true",
                "-o", "json_output=false", "-o", "watch_config_files=false"));
        for (String f : List.of("falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml")) {
            args.add("-r");
            args.add(SharedData.upstream("rules/" + f).toString());
        }
        args.add("-r");
        args.add(blind.toString());
        Path out = dir.resolve("peregrine.out");
        Path err = dir.resolve("peregrine.err");
        Process run = new ProcessBuilder(PeregrineJvm.command(List.of(), args.toArray(new String[0])))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            await(run, err, "the driver attached", () -> Files.readString(err).contains("Tracing "));
            await(run, err, "the fileless execution alert", () -> {
                memfdExec(marker);
                String alerts = Files.readString(out);
                return alerts.contains("Fileless execution via memfd_create") && alerts.contains(marker);
            });
            assertThat(new ProcessBuilder("kill", "-INT", Long.toString(run.pid())).start().waitFor()).isZero();
            assertThat(run.waitFor(120, TimeUnit.SECONDS)).isTrue();
        } finally {
            run.destroyForcibly();
        }
        String logged = Files.readString(err);
        List<String> warnings = logged.lines().filter(l -> l.contains("cannot be produced")).toList();
        assertThat(warnings).as(logged).singleElement().asString()
                .contains("Rule pg_context_switches").contains("(no source sends switch)");
        assertThat(Files.readString(out).lines().filter(l -> l.contains("Fileless execution via memfd_create")))
                .anyMatch(l -> l.contains("exe_flags=") && l.contains("EXE_FROM_MEMFD") && l.contains(marker));
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    /** Waits (generously: other builds share the machine) until the check holds while Peregrine runs. */
    private static void await(Process run, Path err, String what, Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!check.holds()) {
            assertThat(run.isAlive()).as("peregrine ended before %s: %s", what, Files.readString(err)).isTrue();
            assertThat(System.nanoTime()).as("timed out waiting for %s: %s", what, Files.readString(err))
                    .isLessThan(deadline);
            Thread.sleep(500);
        }
    }
    /** A program (a copy of /bin/true) run from a memfd, with the marker as its argument. */
    private static void memfdExec(String marker) {
        try {
            Process p = new ProcessBuilder("python3", "-c", """
                    import os, sys
                    fd = os.memfd_create('pgmemfd', 0)
                    os.write(fd, open('/bin/true', 'rb').read())
                    os.execv('/proc/self/fd/%d' % fd, ['pgmemfd', sys.argv[1]])
                    """, marker).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
