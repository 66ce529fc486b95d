package dev.peregrine.app.ruletest;

import dev.peregrine.app.PeregrineJvm;
import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rule tests in real podman containers, watched live: Falco's stable rules Launch Privileged Container (falco_rules
 * 1.0.1) and Terminal shell in container (the current stable file) fire once each on the containers they are about
 * and never on a plain one; a program exec'd in a container and a container's shell
 * are seen with the container's id, name, image and privileged flag; a container event fires a
 * {@code container.privileged=true} rule once for a privileged container and never for another.
 */
class ContainerRuleTestsTest {
    @TempDir
    Path dir;

    /**
     * A container's programs over ten seconds: the container's metadata comes after its first process, as
     * podman answers about a container once it has started; from then on, its programs are seen with it.
     */
    private static final String CATS =
            "for i in $(seq 1 40); do sh -c 'exec cat /etc/hostname' > /dev/null; sleep 0.25; done";

    private static void requirePodman() {
        PeregrineJvm.requireLiveCapture();
        for (String tool : new String[]{"/usr/bin/podman", "/usr/sbin/runc", "/bin/busybox", "/usr/bin/script"}) {
            if (!Files.isExecutable(Path.of(tool))) {
                SharedData.missing(tool + " is missing (apt-get install -y podman runc busybox-static bsdutils)");
            }
        }
    }

    /** Runs {@code peregrine test FILE}; returns its exit status and what it printed. */
    private static Map.Entry<Integer, String> peregrineTest(Path file) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = new CommandLine(new TestCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(file.toString());
        return Map.entry(status, out + "\n--- stderr:\n" + err);
    }

    @Test
    @Timeout(900)
    void falcosStableContainerRulesFireOnceEachOnRealContainers() throws Exception {
        requirePodman();
        Path stable101 = SharedData.upstream("rules/falco_rules-1.0.1.yaml");
        Path stable = SharedData.upstream("rules/falco_rules.yaml");
        // 1.0.1's Terminal shell in container lets a shell through when its parent is a runtime (runc...) or gone
        // (no proc.pname). A container's shell is exec'd after `runc create` exited, and conmon took it in: current
        // Falco names conmon (as Peregrine, which reparents orphans), which 1.0.1 does not list, so the rule stays
        // silent; sysdig 0.29.3's libsinsp kept the dead runc as the parent, and the rule fired. The current stable
        // file lists conmon: it fires once below.
        Path tests = Files.writeString(dir.resolve("stable-container-rules.yaml"), """
                rules_files: [%s]
                tests:
                  - name: a privileged container starts
                    container: {run: "echo started", privileged: true}
                    expect: {Launch Privileged Container: 1}
                    silent: [Terminal shell in container]
                  - name: a shell with a terminal in a container
                    container: {run: "echo hi", interactive: true}
                    silent: [Launch Privileged Container, Terminal shell in container]
                  - name: a plain container
                    container: {run: "echo plain"}
                    silent: [Launch Privileged Container, Terminal shell in container]
                """.formatted(stable101));
        Map.Entry<Integer, String> run = peregrineTest(tests);
        assertThat(run.getValue()).contains("PASS  a privileged container starts", "PASS  a shell with a terminal",
                "PASS  a plain container", "3 tests, 3 passed, 0 failed");
        assertThat(run.getKey()).as(run.getValue()).isZero();

        Path current = Files.writeString(dir.resolve("current-stable.yaml"), """
                rules_files: [%s]
                tests:
                  - name: a shell with a terminal in a container
                    container: {run: "echo hi", interactive: true}
                    expect: {Terminal shell in container: 1}
                  - name: a shell without one
                    container: {run: "echo hi"}
                    silent: [Terminal shell in container]
                """.formatted(stable));
        Map.Entry<Integer, String> currentRun = peregrineTest(current);
        assertThat(currentRun.getValue()).contains("2 tests, 2 passed, 0 failed");
        assertThat(currentRun.getKey()).as(currentRun.getValue()).isZero();
    }

    @Test
    @Timeout(900)
    void processesInAContainerAndItsContainerEvent() throws Exception {
        requirePodman();
        Path rules = Files.writeString(dir.resolve("container-fields.yaml"), """
                - macro: in_test_container
                  condition: >
                    container.id regex '^[0-9a-f]{12}$' and container.type = podman
                    and container.image.repository = localhost/peregrine-test
                    and container.image.tag regex '^[0-9a-f]{12}$'
                    and container.image startswith localhost/peregrine-test:
                    and container.name exists
                - rule: privileged container event
                  desc: the container event of a privileged container
                  condition: evt.type = container and container.privileged = true and in_test_container
                  output: privileged %container.id %container.name
                  priority: NOTICE
                - rule: any container event
                  desc: a container event
                  condition: >
                    evt.type = container and in_test_container and proc.name startswith "container:"
                    and thread.tid = -1
                  output: container %container.id %container.name
                  priority: NOTICE
                - rule: shell as the container's first process
                  desc: the container's shell, its first process (vpid 1), its pid the host's
                  condition: >
                    evt.type = execve and proc.name = sh and proc.exe = /bin/sh and proc.vpid = 1 and proc.pid > 1
                    and proc.exepath = /bin/busybox and container.id regex '^[0-9a-f]{12}$'
                  output: shell %proc.cmdline %container.id
                  priority: NOTICE
                - rule: program exec'd in the container once it is known
                  desc: cat, exec'd by a shell in the container after its metadata came (the metadata comes late)
                  condition: >
                    evt.type = execve and proc.name = cat and proc.exe = cat and proc.cmdline = "cat /etc/hostname"
                    and proc.vpid < 100 and proc.pid > 1 and in_test_container
                  output: cat %container.id %container.name %container.privileged
                  priority: NOTICE
                - rule: busybox applet exec'd through its own executable
                  desc: busybox's shell execs an applet as /proc/self/exe with the applet's name as argv[0]
                  condition: >
                    evt.type = execve and proc.name = cat and proc.exe = cat and proc.cmdline = "cat /etc/hostname"
                    and proc.exepath endswith busybox and container.id = host
                  output: host cat %proc.pid
                  priority: NOTICE
                - rule: privileged program
                  desc: cat in a privileged container
                  condition: evt.type = execve and proc.name = cat and container.privileged = true
                  output: privileged cat %container.id
                  priority: NOTICE
                """);
        Path tests = Files.writeString(dir.resolve("containers.yaml"), """
                rules_files: [container-fields.yaml]
                tests:
                  - name: a privileged container
                    container: {run: "%1$s", privileged: true}
                    expect:
                      privileged container event: 1
                      any container event: 1
                      shell as the container's first process: 1
                      program exec'd in the container once it is known: ">= 1"
                      privileged program: ">= 1"
                  - name: a plain container
                    container: {run: "%1$s"}
                    expect:
                      any container event: 1
                      shell as the container's first process: 1
                      program exec'd in the container once it is known: ">= 1"
                    silent: [privileged container event, privileged program]
                  - name: a busybox applet on the host
                    run: busybox sh -c 'exec cat /etc/hostname'
                    expect:
                      busybox applet exec'd through its own executable: 1
                """.formatted(CATS));
        assertThat(rules).exists();
        Map.Entry<Integer, String> run = peregrineTest(tests);
        assertThat(run.getValue()).contains("3 tests, 3 passed, 0 failed");
        assertThat(run.getKey()).as(run.getValue()).isZero();
    }
}
