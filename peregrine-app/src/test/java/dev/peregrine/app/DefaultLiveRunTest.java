package dev.peregrine.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code peregrine} with no arguments, as root: the default configuration (config/falco.yaml, found through the
 * project root as bin/peregrine passes it) and its default rules (rules/peregrine_rules.yaml, named in it through
 * PEREGRINE_ROOT) monitor the live machine until Ctrl-C.
 */
class DefaultLiveRunTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void noArgumentsMonitorsTheMachineWithTheDefaultRules() throws Exception {
        PeregrineJvm.requireLiveCapture();
        Path root = Path.of(System.getProperty("peregrine.root"));
        PeregrineJvm run = PeregrineJvm.start(dir, Map.of("PEREGRINE_ROOT", root.toString()));
        try {
            run.await("the driver attached", () -> run.err().contains("Tracing "));
            assertThat(run.err()).contains(root.resolve("config/falco.yaml").toString())
                    .contains("Loading rules from:\n   " + root.resolve("rules/peregrine_rules.yaml"));

            Process cat = new ProcessBuilder("cat", "/etc/shadow").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            assertThat(cat.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String expected = "command=cat /etc/shadow pid=" + cat.pid() + " ";
            run.await("the sensitive file rule", () -> run.out().contains(expected));
            run.interrupt();
        } finally {
            run.kill();
        }
        List<String> alerts = run.out().lines().filter(l -> l.contains("command=cat /etc/shadow")).toList();
        assertThat(alerts).as(run.out()).singleElement().satisfies(a -> assertThat(a)
                .contains(": Warning Sensitive file read by an untrusted program (file=/etc/shadow command=cat "
                        + "/etc/shadow pid=")
                .contains(" parent=java user=root uid=0 container=host id=host")); // cat's parent is this JVM
        assertThat(run.err()).contains("SIGINT received, exiting");
        assertThat(run.out()).contains("Sensitive file read by an untrusted program: 1");
    }
}
