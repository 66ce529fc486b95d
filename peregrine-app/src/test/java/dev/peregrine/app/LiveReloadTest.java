package dev.peregrine.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel's set of interesting syscalls follows the rules: memfd_create is not in the state set, so it is not
 * sent until a rule needs it; after a SIGHUP reload that adds such a rule the driver sends it and the rule fires.
 * Run with a ring buffer per CPU, so the whole command line also reads the merged stream of several rings.
 */
class LiveReloadTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void aReloadedRuleGetsTheSyscallsItNeeds() throws Exception {
        PeregrineJvm.requireLiveCapture();
        String token = "pgreload" + Long.toHexString(System.nanoTime());
        String canaryRule = """
                - rule: canary
                  desc: an open of the test's file
                  condition: evt.type=openat and fd.name=%s
                  output: "canary %%proc.pid"
                  priority: WARNING
                """.formatted(dir.resolve(token));
        Files.writeString(dir.resolve(token), "x");
        Path rules = Files.writeString(dir.resolve("rules.yaml"), canaryRule);
        Path config = Path.of(System.getProperty("peregrine.root"), "config", "falco.yaml");
        PeregrineJvm run = PeregrineJvm.start(dir, Map.of(), "-c", config.toString(), "-r", rules.toString(),
                "-o", "watch_config_files=false", "-o", "webserver.enabled=false", "-o", "log_syslog=false",
                "-o", "syslog_output.enabled=false",
                // a ring buffer per CPU: the reader merges them (the default, 2 CPUs a ring, gives one ring here)
                "-o", "engine.modern_ebpf.cpus_for_each_buffer=1");
        try {
            run.await("the driver attached", () -> run.err().contains("Tracing "));
            assertThat(run.err()).doesNotContain("memfd_create");
            memfd(token);

            Files.writeString(rules, canaryRule + """
                    - rule: memfd
                      desc: an in-memory file of the test
                      condition: evt.type=memfd_create and evt.arg.name=%s
                      output: "memfd %%proc.name %%evt.arg.name %%fd.type %%fd.name"
                      priority: WARNING
                    """.formatted(token));
            assertThat(new ProcessBuilder("kill", "-HUP", Long.toString(run.process().pid())).start().waitFor())
                    .isZero();
            run.await("the reload", () -> run.err().contains("Reloaded the configuration and 2 rules"));
            assertThat(run.err().substring(run.err().indexOf("SIGHUP"))).contains("Tracing ")
                    .contains(", memfd_create, ");
            long pid = memfd(token);
            // the new fd is a memfd named as the caller named it
            String expected = "memfd python3 " + token + " memfd " + token;
            run.await("the memfd alert", () -> run.out().contains(expected));
            run.interrupt();
            List<String> alerts = run.out().lines().filter(l -> l.contains(": Warning memfd ")).toList();
            assertThat(alerts).as(run.out()).singleElement().asString().endsWith(expected);
            assertThat(pid).isPositive();
        } finally {
            run.kill();
        }
    }

    private static long memfd(String name) throws Exception {
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Process p = new ProcessBuilder(python, "-c", "import os; os.memfd_create('" + name + "')")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return p.pid();
    }
}
