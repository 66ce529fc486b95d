package dev.peregrine.app.falco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peregrine.driver.LiveCapture;
import dev.peregrine.testkit.SharedData;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Peregrine on the live machine (the eBPF driver; needs root and BPF, which CI has). One run of the real command
 * line watches this JVM start real commands: cat reading /etc/shadow, a shell, a TCP connection to a local server,
 * chmod, a symlink, unshare and setns, ptrace, a three-level process tree. Each has a rule narrow enough to match
 * only the test's own process; each rule must fire exactly once, its JSON alert carrying the right process,
 * parent, ancestors, fd, socket, result, user and container fields.
 * <p>
 * Synchronisation is by what can be observed, never by a fixed sleep: the driver is attached once a rule on a
 * canary file this JVM keeps opening has fired; every scenario's events have been processed once a rule on a
 * sentinel file opened after the last scenario has fired (one ring buffer: events are processed in order).
 */
class LiveDetectionTest {
    private static final long JVM = ProcessHandle.current().pid();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The fields every scenario's alert prints. */
    private static final String COMMON = "pid=%proc.pid name=%proc.name cmdline=%proc.cmdline ppid=%proc.ppid"
            + " pname=%proc.pname aname2=%proc.aname[2] res=%evt.res user=%user.name uid=%user.uid"
            + " container=%container.id type=%evt.type";

    @TempDir
    Path dir;

    private Path scripts;

    /** A python script in a file named after its scenario, so that the process' command line names it. */
    private Path script(String name, String text) throws IOException {
        return Files.writeString(scripts.resolve(name + ".py"), text);
    }

    private static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    @Test
    @Timeout(400)
    void realCommandsFireTheirRuleOnceWithTheRightFields() throws Exception {
        String why = LiveCapture.unavailableReason();
        if (why != null) {
            SharedData.missing("live capture: " + why);
        }
        String token = "pgl" + Long.toHexString(System.nanoTime());
        Path canary = Files.writeString(dir.resolve(token + "-canary"), "canary");
        Path sentinel = Files.writeString(dir.resolve(token + "-sentinel"), "sentinel");
        Path modeFile = Files.writeString(dir.resolve(token + "-mode"), "mode");
        Path link = dir.resolve(token + "-link");
        Path treeFile = Files.writeString(dir.resolve(token + "-tree"), "tree");
        scripts = dir;

        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = server.getLocalPort();
            Path rules = Files.writeString(dir.resolve("rules.yaml"), rules(token, canary, sentinel, modeFile,
                    link, treeFile, port));
            try (Peregrine live = Peregrine.start(dir, rules)) {
                live.await("the driver attached (the canary rule fired)", () -> live.fired("live_canary"),
                        () -> Files.readString(canary));

                Map<String, Long> pids = new LinkedHashMap<>();
                pids.put("shadow", run("cat", "/etc/shadow").pid());
                pids.put("exec", run("sh", "-c", ": " + token + "-exec").pid());
                pids.put("missing", run(1, "cat", dir.resolve(token + "-missing").toString()).pid());
                pids.put("connect", run(python(), script(token + "-connect", """
                        import socket, sys
                        socket.create_connection(('127.0.0.1', int(sys.argv[1]))).close()
                        """).toString(), Integer.toString(port)).pid());
                pids.put("chmod", run("chmod", "600", modeFile.toString()).pid());
                pids.put("symlink", run("ln", "-s", "/etc/hostname", link.toString()).pid());
                pids.put("ns", run(python(), script(token + "-ns", """
                        import ctypes, os, sys
                        libc = ctypes.CDLL(None, use_errno=True)
                        fd = os.open('/proc/self/ns/uts', os.O_RDONLY)
                        if libc.unshare(0x04000000) != 0:
                            sys.exit('unshare: errno %d' % ctypes.get_errno())
                        if libc.setns(fd, 0x04000000) != 0:
                            sys.exit('setns: errno %d' % ctypes.get_errno())
                        """).toString()).pid());
                Process tracer = run(python(), script(token + "-ptrace", """
                        import ctypes, os, signal, sys, time
                        libc = ctypes.CDLL(None, use_errno=True)
                        libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
                        child = os.fork()
                        if child == 0:
                            time.sleep(60)
                            os._exit(0)
                        if libc.ptrace(16, child, None, None) != 0:
                            sys.exit('ptrace: errno %d' % ctypes.get_errno())
                        os.waitpid(child, 0)
                        os.kill(child, signal.SIGKILL)
                        os.waitpid(child, 0)
                        print(child)
                        """).toString());
                pids.put("ptrace", tracer.pid());
                long tracee = Long.parseLong(new String(tracer.getInputStream().readAllBytes(),
                        StandardCharsets.UTF_8).strip());
                pids.put("tree", run("sh", "-c", "sh -c \"cat " + treeFile + "; true\"; true").pid());

                live.await("every scenario's events processed (the sentinel rule fired)",
                        () -> live.fired("live_sentinel"), () -> Files.readString(sentinel));
                live.stop();
                Files.delete(link);

                Map<String, List<JsonNode>> alerts = live.alerts();
                String all = live.output();
                SoftAssertions soft = new SoftAssertions();
                for (String rule : List.of("shadow_open", "shadow_read", "exec_shell", "open_missing", "connect_local", "chmod",
                        "symlink", "unshare", "setns", "ptrace", "tree")) {
                    soft.assertThat(alerts.getOrDefault("live_" + rule, List.of())).as("alerts of live_" + rule
                            + " in\n" + all).hasSize(1);
                }
                host(soft, alerts, "live_shadow_open", pids.get("shadow"), "cat", "cat /etc/shadow", "java")
                        .containsEntry("fd.name", "/etc/shadow");
                host(soft, alerts, "live_shadow_read", pids.get("shadow"), "cat", "cat /etc/shadow", "java")
                        .containsEntry("fd.name", "/etc/shadow")
                        .hasEntrySatisfying("evt.rawres", v -> assertThat(Long.parseLong(v)).isPositive());
                host(soft, alerts, "live_exec_shell", pids.get("exec"), "sh", "sh -c : " + token + "-exec", "java")
                        .containsEntry("evt.type", "execve").containsEntry("proc.exe", "sh")
                        .hasEntrySatisfying("proc.exepath", v -> assertThat(v).endsWith("/sh"));
                host(soft, alerts, "live_open_missing", pids.get("missing"), "cat",
                        "cat " + dir.resolve(token + "-missing"), "java", "ENOENT")
                        .containsEntry("fd.name", dir.resolve(token + "-missing").toString())
                        .containsEntry("evt.rawres", "-2");
                host(soft, alerts, "live_connect_local", pids.get("connect"), null, token + "-connect.py", "java")
                        .containsEntry("fd.sip", "127.0.0.1").containsEntry("fd.sport", Integer.toString(port))
                        .containsEntry("fd.cip", "127.0.0.1").containsEntry("fd.l4proto", "tcp")
                        .hasEntrySatisfying("fd.name", v -> assertThat(v).endsWith("->127.0.0.1:" + port));
                host(soft, alerts, "live_chmod", pids.get("chmod"), "chmod", "chmod 600 " + modeFile, "java")
                        .hasEntrySatisfying("evt.arg.filename", v -> assertThat(v).endsWith(token + "-mode"))
                        .hasEntrySatisfying("evt.arg.mode", v -> assertThat(v).contains("S_IRUSR").contains("S_IWUSR")
                                .doesNotContain("S_IRGRP"));
                host(soft, alerts, "live_symlink", pids.get("symlink"), "ln",
                        "ln -s /etc/hostname " + link, "java")
                        .containsEntry("evt.arg.target", "/etc/hostname")
                        .hasEntrySatisfying("evt.arg.linkpath", v -> assertThat(v).endsWith(token + "-link"));
                host(soft, alerts, "live_unshare", pids.get("ns"), null, token + "-ns.py", "java")
                        .hasEntrySatisfying("evt.arg.flags", v -> assertThat(v).contains("CLONE_NEWUTS"));
                host(soft, alerts, "live_setns", pids.get("ns"), null, token + "-ns.py", "java")
                        .containsEntry("fd.name", "/proc/self/ns/uts")
                        .hasEntrySatisfying("evt.arg.nstype", v -> assertThat(v).contains("CLONE_NEWUTS"));
                host(soft, alerts, "live_ptrace", pids.get("ptrace"), null, token + "-ptrace.py", "java")
                        .containsEntry("evt.rawarg.pid", Long.toString(tracee))
                        .hasEntrySatisfying("evt.arg.request", v -> assertThat(v).contains("PTRACE_ATTACH"));
                host(soft, alerts, "live_tree", null, "cat", "cat " + treeFile, "sh")
                        .containsEntry("proc.aname[2]", "sh").containsEntry("proc.aname[3]", "java")
                        .containsEntry("proc.apid[2]", Long.toString(pids.get("tree")))
                        .containsEntry("proc.pcmdline", "sh -c cat " + treeFile + "; true")
                        .containsEntry("fd.name", treeFile.toString());
                soft.assertAll();
            }
        }
    }

    /**
     * Asserts the fields every scenario prints (a null expectation is not checked): a host process of root,
     * child of this JVM unless it is the process tree's leaf, with a successful syscall.
     */
    private static org.assertj.core.api.MapAssert<String, String> host(SoftAssertions soft,
            Map<String, List<JsonNode>> alerts, String rule, Long pid, String name, String cmdline, String pname) {
        return host(soft, alerts, rule, pid, name, cmdline, pname, "SUCCESS");
    }

    private static org.assertj.core.api.MapAssert<String, String> host(SoftAssertions soft,
            Map<String, List<JsonNode>> alerts, String rule, Long pid, String name, String cmdline, String pname,
            String res) {
        List<JsonNode> got = alerts.getOrDefault(rule, List.of());
        Map<String, String> f = new LinkedHashMap<>();
        if (!got.isEmpty()) {
            got.getFirst().path("output_fields").properties().forEach(e -> f.put(e.getKey(),
                    e.getValue().isNull() ? "<null>" : e.getValue().asText()));
        }
        var a = soft.assertThat(f).as(rule + " " + f);
        if (pid != null) {
            a.containsEntry("proc.pid", Long.toString(pid));
            if (!rule.equals("live_tree")) {
                a.containsEntry("proc.ppid", Long.toString(JVM));
            }
        }
        if (name != null) {
            a.containsEntry("proc.name", name);
        } else {
            a.hasEntrySatisfying("proc.name", v -> assertThat(v).startsWith("python3"));
        }
        if (cmdline != null && name == null) {
            // python: the interpreter's name may vary (python3, python3.11), the script's path is ours
            a.hasEntrySatisfying("proc.cmdline", v -> assertThat(v).startsWith("python3").contains(cmdline));
        } else if (cmdline != null) {
            a.containsEntry("proc.cmdline", cmdline);
        }
        a.containsEntry("proc.pname", pname).containsEntry("evt.res", res).containsEntry("user.name", "root")
                .containsEntry("user.uid", "0").containsEntry("container.id", "host");
        return a;
    }

    /** Runs a command to its end (output discarded, errors kept for the message); it must succeed. */
    private static Process run(String... command) throws Exception {
        return run(0, command);
    }

    /** Runs a command to its end; it must exit with this status. */
    private static Process run(int status, String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", List.of(command),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(status);
        return p;
    }

    private static String rules(String token, Path canary, Path sentinel, Path modeFile, Path link, Path treeFile,
                                int port) {
        String child = " and proc.ppid=" + JVM;
        StringBuilder y = new StringBuilder();
        rule(y, "live_canary", "evt.type in (open, openat) and evt.dir=< and fd.name=" + canary, "%proc.pid");
        rule(y, "live_sentinel", "evt.type in (open, openat) and evt.dir=< and fd.name=" + sentinel, "%proc.pid");
        rule(y, "live_shadow_open", "evt.type in (open, openat) and evt.dir=< and fd.name=/etc/shadow"
                + " and proc.name=cat" + child, COMMON + " fd=%fd.name");
        rule(y, "live_shadow_read", "evt.type=read and evt.dir=< and fd.name=/etc/shadow and evt.rawres > 0"
                + " and proc.name=cat" + child, COMMON + " fd=%fd.name bytes=%evt.rawres");
        rule(y, "live_exec_shell", "evt.type=execve and evt.dir=< and proc.name=sh and proc.cmdline contains \""
                + token + "-exec\"" + child, COMMON + " exe=%proc.exe exepath=%proc.exepath");
        rule(y, "live_open_missing", "evt.type in (open, openat) and evt.dir=< and fd.name=" + canary.resolveSibling(token
                + "-missing") + child, COMMON + " fd=%fd.name rawres=%evt.rawres");
        rule(y, "live_connect_local", "evt.type=connect and evt.dir=< and fd.sport=" + port + child,
                COMMON + " fd=%fd.name sip=%fd.sip sport=%fd.sport cip=%fd.cip proto=%fd.l4proto");
        rule(y, "live_chmod", "evt.type in (chmod, fchmodat) and evt.dir=< and evt.arg.filename contains \""
                + token + "-mode\"" + child, COMMON + " file=%evt.arg.filename mode=%evt.arg.mode");
        rule(y, "live_symlink", "evt.type in (symlink, symlinkat) and evt.dir=< and evt.arg.linkpath contains \""
                + token + "-link\"" + child, COMMON + " target=%evt.arg.target link=%evt.arg.linkpath");
        rule(y, "live_unshare", "evt.type=unshare and evt.dir=< and proc.cmdline contains \"" + token + "-ns\""
                + child, COMMON + " flags=%evt.arg.flags");
        rule(y, "live_setns", "evt.type=setns and evt.dir=< and proc.cmdline contains \"" + token + "-ns\""
                + child, COMMON + " fd=%fd.name nstype=%evt.arg.nstype");
        rule(y, "live_ptrace", "evt.type=ptrace and evt.dir=< and proc.cmdline contains \"" + token + "-ptrace\""
                + child, COMMON + " request=%evt.arg.request target=%evt.rawarg.pid");
        rule(y, "live_tree", "evt.type in (open, openat) and evt.dir=< and fd.name=" + treeFile
                + " and proc.name=cat", COMMON + " fd=%fd.name aname3=%proc.aname[3] apid2=%proc.apid[2]"
                + " pcmdline=%proc.pcmdline");
        return y.toString();
    }

    private static void rule(StringBuilder y, String name, String condition, String output) {
        y.append("- rule: ").append(name).append('\n')
                .append("  desc: ").append(name).append('\n')
                .append("  condition: '").append(condition.replace("'", "''")).append("'\n")
                .append("  output: '").append(name).append(' ').append(output.replace("'", "''")).append("'\n")
                .append("  priority: WARNING\n");
    }

    /** An action that may throw, repeated while waiting. */
    private interface Nudge {
        void run() throws Exception;
    }

    /**
     * The real command line in its own JVM (so that a stop is a real SIGINT): JSON alerts to a file read while it
     * runs, logs on stderr.
     */
    private record Peregrine(Process process, Path out, Path err) implements AutoCloseable {
        static Peregrine start(Path dir, Path rules) throws IOException {
            Path out = dir.resolve("peregrine.out");
            Path err = dir.resolve("peregrine.err");
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                    "-Dperegrine.root=" + System.getProperty("peregrine.root"),
                    "-cp", System.getProperty("java.class.path"), "dev.peregrine.app.Main",
                    "-c", CliRun.defaultConfig().toString(), "-r", rules.toString(),
                    "-o", "engine.kind=modern_ebpf", "-o", "json_output=true", "-o", "log_stderr=true",
                    "-o", "webserver.enabled=false", "-o", "rule_matching=all"));
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            return new Peregrine(p, out, err);
        }

        String output() {
            try {
                return Files.readString(out) + "\n--- stderr:\n" + Files.readString(err);
            } catch (IOException e) {
                return e.toString();
            }
        }

        boolean fired(String rule) throws IOException {
            return Files.readString(out).contains("\"rule\":\"" + rule + "\"");
        }

        /** Waits (generously: other builds share the machine) until the condition holds, nudging meanwhile. */
        void await(String what, Check condition, Nudge nudge) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (!condition.holds()) {
                assertThat(process.isAlive()).as("peregrine ended before " + what + ":\n" + output()).isTrue();
                assertThat(System.nanoTime()).as("timed out waiting for " + what + ":\n" + output())
                        .isLessThan(deadline);
                nudge.run();
                Thread.sleep(100);
            }
        }

        interface Check {
            boolean holds() throws Exception;
        }

        /** Stops the run as Ctrl-C does; it must end cleanly, every alert written. */
        void stop() throws Exception {
            assertThat(new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor()).isZero();
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("peregrine stopped:\n" + output()).isTrue();
            assertThat(process.exitValue()).as(output()).isZero();
        }

        /** The JSON alerts by rule. */
        Map<String, List<JsonNode>> alerts() throws IOException {
            Map<String, List<JsonNode>> byRule = new LinkedHashMap<>();
            for (String line : Files.readAllLines(out)) {
                if (line.startsWith("{")) {
                    JsonNode n = JSON.readTree(line);
                    byRule.computeIfAbsent(n.path("rule").asText(), k -> new ArrayList<>()).add(n);
                }
            }
            return byRule;
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }
}
