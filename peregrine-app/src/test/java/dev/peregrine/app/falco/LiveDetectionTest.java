package dev.peregrine.app.falco;

import com.fasterxml.jackson.databind.JsonNode;
import org.assertj.core.api.MapAssert;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.peregrine.app.falco.LiveRun.JVM;
import static dev.peregrine.app.falco.LiveRun.fields;
import static dev.peregrine.app.falco.LiveRun.printed;
import static dev.peregrine.app.falco.LiveRun.python;
import static dev.peregrine.app.falco.LiveRun.rule;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Peregrine on the live machine (the eBPF driver; needs root and BPF, which CI has). One run of the real command
 * line watches this JVM start real commands: cat opening /etc/shadow, a shell, a failed open, a TCP
 * connection to a local server (and this JVM accepting it), chmod, a symlink, unshare and setns, ptrace, a
 * three-level process tree, a fork, setuid, a python server accepting (accept4), a pipe duplicated (pipe2,
 * dup2), a relative open after chdir. Each has a rule narrow enough to match only the test's own process (a unique file name, port or script
 * name, and this JVM as the parent); each rule must fire exactly once, its JSON alert carrying the right process,
 * parent, ancestors, fd, socket, result, user and container fields.
 * <p>
 * Synchronisation and retries when the kernel dropped events: {@link LiveRun}. The syscalls traced are Peregrine's
 * default choice for these rules; none is a high-volume one (read and write: {@link LiveReadTest}), so that
 * another program's syscall storm on a shared machine does not overflow the ring buffer.
 */
class LiveDetectionTest {
    /** The fields every scenario's alert prints. */
    private static final String COMMON = "pid=%proc.pid tid=%thread.tid name=%proc.name cmdline=%proc.cmdline"
            + " ppid=%proc.ppid pname=%proc.pname aname2=%proc.aname[2] res=%evt.res user=%user.name uid=%user.uid"
            + " gid=%group.gid container=%container.id type=%evt.type";

    @TempDir
    Path dir;

    private String token;

    /** A file of this run, named after its scenario (the names are unique to the run). */
    private Path file(String scenario) {
        return dir.resolve(token + "-" + scenario);
    }

    /** A python script named after its scenario, so that the process' command line names it. */
    private Path script(String scenario, String text) throws IOException {
        return Files.writeString(dir.resolve(token + "-" + scenario + ".py"), text);
    }

    @Test
    @Timeout(400)
    void realCommandsFireTheirRuleOnceWithTheRightFields() throws Exception {
        LiveRun.onLiveMachine(this::scenarios);
    }

    private void scenarios() throws Exception {
        token = "pgl" + Long.toHexString(System.nanoTime());
        for (String f : List.of("mode", "tree", "fork", "uid", "relative")) {
            Files.writeString(file(f), f);
        }
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = server.getLocalPort();
            // a thread of this JVM waits in accept() from before the start: the /proc scan knows it
            CompletableFuture<Socket> accepted = new CompletableFuture<>();
            Thread acceptor = new Thread(() -> {
                try {
                    accepted.complete(server.accept());
                } catch (IOException e) {
                    accepted.completeExceptionally(e);
                }
            }, "pg-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            try (LiveRun live = LiveRun.start(dir, token, rules(port))) {
                live.attach();

                Map<String, Long> pids = new LinkedHashMap<>();
                pids.put("shadow", run("cat", "/etc/shadow").pid());
                pids.put("exec", run("sh", "-c", ": " + token + "-exec").pid());
                pids.put("missing", run(1, "cat", file("missing").toString()).pid());
                pids.put("connect", run(python(), script("connect", """
                        import socket, sys
                        socket.create_connection(('127.0.0.1', int(sys.argv[1]))).close()
                        """).toString(), Integer.toString(port)).pid());
                accepted.get(60, TimeUnit.SECONDS).close();
                pids.put("chmod", run("chmod", "600", file("mode").toString()).pid());
                pids.put("symlink", run("ln", "-s", "/etc/hostname", file("link").toString()).pid());
                pids.put("ns", run(python(), script("ns", """
                        import ctypes, os, sys
                        libc = ctypes.CDLL(None, use_errno=True)
                        fd = os.open('/proc/self/ns/uts', os.O_RDONLY)
                        if libc.unshare(0x04000000) != 0:
                            sys.exit('unshare: errno %d' % ctypes.get_errno())
                        if libc.setns(fd, 0x04000000) != 0:
                            sys.exit('setns: errno %d' % ctypes.get_errno())
                        """).toString()).pid());
                Process tracer = run(python(), script("ptrace", """
                        import ctypes, os, signal, sys, time
                        libc = ctypes.CDLL(None, use_errno=True)
                        libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
                        child = os.fork()
                        if child == 0:
                            time.sleep(60)
                            os._exit(0)
                        if libc.ptrace(16, child, None, None) != 0:  # PTRACE_ATTACH
                            sys.exit('ptrace: errno %d' % ctypes.get_errno())
                        os.waitpid(child, 0)
                        os.kill(child, signal.SIGKILL)
                        os.waitpid(child, 0)
                        print(child)
                        """).toString());
                pids.put("ptrace", tracer.pid());
                long tracee = printed(tracer);
                pids.put("tree", run("sh", "-c", "sh -c \"cat " + file("tree") + "; true\"; true").pid());
                // a relative name, resolved against the directory chdir made current
                pids.put("cwd", run("sh", "-c", "cd " + dir + " && cat " + token + "-relative; true").pid());
                Process forker = run(python(), script("fork", """
                        import os, sys
                        child = os.fork()
                        if child == 0:
                            open(sys.argv[1]).close()
                            os._exit(0)
                        os.waitpid(child, 0)
                        print(child)
                        """).toString(), file("fork").toString());
                pids.put("fork", forker.pid());
                long forked = printed(forker);
                pids.put("setuid", run(python(), script("setuid", """
                        import os, sys
                        os.setgid(65534)
                        os.setuid(65534)
                        try:
                            open(sys.argv[1]).close()
                        except OSError:
                            pass  # this test's directory is root's: the open may be refused, it is seen all the same
                        """).toString(), file("uid").toString()).pid());
                Process acceptor4 = run(python(), script("accept4", """
                        import socket
                        s = socket.socket()
                        s.bind(('127.0.0.1', 0))
                        s.listen(1)
                        c = socket.create_connection(s.getsockname())
                        a, _ = s.accept()  # accept4, as glibc's accept is
                        print(s.getsockname()[1], c.getsockname()[1])
                        """).toString());
                pids.put("accept4", acceptor4.pid());
                String[] ports = new String(acceptor4.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()
                        .split(" ");
                Process piper = run(python(), script("pipe", """
                        import os
                        r, w = os.pipe()  # pipe2
                        os.dup2(w, 100)
                        print(os.fstat(w).st_ino)
                        """).toString());
                pids.put("pipe", piper.pid());
                long pipeIno = printed(piper);

                live.drain();
                live.stop();
                Files.delete(file("link"));

                Map<String, List<JsonNode>> alerts = live.alerts();
                String all = live.output();
                SoftAssertions soft = new SoftAssertions();
                for (String rule : List.of("shadow_open", "exec_shell", "open_missing",
                        "connect_local", "accept_local", "chmod", "symlink", "unshare", "setns", "ptrace", "tree",
                        "fork", "setuid", "open_as_nobody", "accept4", "dup_pipe",
                        "relative_open")) {
                    soft.assertThat(alerts.getOrDefault("live_" + rule, List.of()))
                            .as("alerts of live_" + rule + " in\n" + all).hasSize(1);
                }
                String cat = "cat";
                expect(soft, alerts, "live_shadow_open", pids.get("shadow"), JVM, cat, "cat /etc/shadow", "java")
                        .containsEntry("fd.name", "/etc/shadow");
                expect(soft, alerts, "live_exec_shell", pids.get("exec"), JVM, "sh", "sh -c : " + token + "-exec",
                        "java")
                        .containsEntry("evt.type", "execve").containsEntry("proc.exe", "sh")
                        // the path execve was given (/usr/bin/sh) or the file itself (dash), as a driver resolves it
                        .hasEntrySatisfying("proc.exepath", v -> assertThat(realPath(v)).as(v)
                                .isEqualTo(realPath("/bin/sh")));
                expect(soft, alerts, "live_open_missing", pids.get("missing"), JVM, cat, "cat " + file("missing"),
                        "java", "ENOENT")
                        .containsEntry("fd.name", file("missing").toString()).containsEntry("evt.rawres", "-2");
                Map<String, String> connect = fields(alerts, "live_connect_local");
                expect(soft, alerts, "live_connect_local", pids.get("connect"), JVM, null, "-connect.py", "java")
                        .containsEntry("fd.sip", "127.0.0.1").containsEntry("fd.sport", Integer.toString(port))
                        .containsEntry("fd.cip", "127.0.0.1").containsEntry("fd.l4proto", "tcp")
                        .containsEntry("fd.name", "127.0.0.1:" + connect.get("fd.cport") + "->127.0.0.1:" + port);
                soft.assertThat(fields(alerts, "live_accept_local")).as("live_accept_local")
                        .containsEntry("proc.pid", Long.toString(JVM)).containsEntry("proc.name", "pg-accept")
                        .containsEntry("evt.res", "SUCCESS").containsEntry("user.name", "root")
                        .containsEntry("container.id", "host")
                        .containsEntry("fd.sip", "127.0.0.1").containsEntry("fd.sport", Integer.toString(port))
                        .containsEntry("fd.cip", "127.0.0.1").containsEntry("fd.cport", connect.get("fd.cport"))
                        .containsEntry("fd.l4proto", "tcp")
                        .containsEntry("fd.name", "127.0.0.1:" + connect.get("fd.cport") + "->127.0.0.1:" + port);
                expect(soft, alerts, "live_chmod", pids.get("chmod"), JVM, "chmod", "chmod 600 " + file("mode"),
                        "java")
                        .containsEntry("evt.arg.filename", file("mode").toString())
                        .hasEntrySatisfying("evt.arg.mode", v -> assertThat(v).contains("S_IRUSR")
                                .contains("S_IWUSR").doesNotContain("S_IRGRP"));
                expect(soft, alerts, "live_symlink", pids.get("symlink"), JVM, "ln",
                        "ln -s /etc/hostname " + file("link"), "java")
                        .containsEntry("evt.arg.target", "/etc/hostname")
                        .containsEntry("evt.arg.linkpath", file("link").toString());
                expect(soft, alerts, "live_unshare", pids.get("ns"), JVM, null, "-ns.py", "java")
                        .containsEntry("evt.arg.flags", "CLONE_NEWUTS");
                expect(soft, alerts, "live_setns", pids.get("ns"), JVM, null, "-ns.py", "java")
                        .containsEntry("fd.name", "/proc/self/ns/uts").containsEntry("evt.arg.nstype", "CLONE_NEWUTS");
                expect(soft, alerts, "live_ptrace", pids.get("ptrace"), JVM, null, "-ptrace.py", "java")
                        .containsEntry("evt.rawarg.pid", Long.toString(tracee))
                        .containsEntry("evt.arg.request", "PTRACE_ATTACH");
                expect(soft, alerts, "live_tree", null, null, cat, "cat " + file("tree"), "sh")
                        .containsEntry("proc.aname[2]", "sh").containsEntry("proc.aname[3]", "java")
                        .containsEntry("proc.apid[2]", Long.toString(pids.get("tree")))
                        .containsEntry("proc.pcmdline", "sh -c cat " + file("tree") + "; true")
                        .containsEntry("fd.name", file("tree").toString());
                expect(soft, alerts, "live_fork", forked, pids.get("fork"), null, "-fork.py", null)
                        .hasEntrySatisfying("proc.pname", v -> assertThat(v).startsWith("python3"))
                        .containsEntry("proc.aname[2]", "java").containsEntry("fd.name", file("fork").toString());
                soft.assertThat(fields(alerts, "live_setuid")).as("live_setuid")
                        .containsEntry("proc.pid", Long.toString(pids.get("setuid")))
                        .containsEntry("evt.res", "SUCCESS").containsEntry("evt.rawarg.uid", "65534")
                        .containsEntry("user.uid", "65534").containsEntry("user.name", "nobody")
                        .containsEntry("group.gid", "65534");
                soft.assertThat(fields(alerts, "live_open_as_nobody")).as("live_open_as_nobody")
                        .containsEntry("proc.pid", Long.toString(pids.get("setuid")))
                        .containsEntry("user.uid", "65534").containsEntry("user.name", "nobody")
                        .containsEntry("group.gid", "65534").containsEntry("fd.name", file("uid").toString());
                expect(soft, alerts, "live_accept4", pids.get("accept4"), JVM, null, "-accept4.py", "java")
                        .containsEntry("evt.type", "accept4").containsEntry("fd.l4proto", "tcp")
                        .containsEntry("fd.sip", "127.0.0.1").containsEntry("fd.sport", ports[0])
                        .containsEntry("fd.cip", "127.0.0.1").containsEntry("fd.cport", ports[1])
                        .containsEntry("fd.name", "127.0.0.1:" + ports[1] + "->127.0.0.1:" + ports[0]);
                expect(soft, alerts, "live_dup_pipe", pids.get("pipe"), JVM, null, "-pipe.py", "java")
                        .containsEntry("evt.type", "dup2").containsEntry("fd.num", "100")
                        .containsEntry("fd.type", "pipe").containsEntry("fd.ino", Long.toString(pipeIno));
                expect(soft, alerts, "live_relative_open", null, pids.get("cwd"), cat, "cat " + token + "-relative",
                        "sh")
                        .containsEntry("fd.name", file("relative").toString())
                        .containsEntry("proc.cwd", dir + "/");
                soft.assertAll();
            }
        }
    }

    private static MapAssert<String, String> expect(SoftAssertions soft, Map<String, List<JsonNode>> alerts,
            String rule, Long pid, Long ppid, String name, String cmdline, String pname) {
        return expect(soft, alerts, rule, pid, ppid, name, cmdline, pname, "SUCCESS");
    }

    /**
     * Asserts the fields every scenario prints: a host process of root with this pid, parent pid, name, command
     * line (for python, the interpreter's name may vary and only the script's name is checked) and parent name
     * (a null expectation is not checked), and the syscall's result.
     */
    private static MapAssert<String, String> expect(SoftAssertions soft, Map<String, List<JsonNode>> alerts,
            String rule, Long pid, Long ppid, String name, String cmdline, String pname, String res) {
        Map<String, String> f = fields(alerts, rule);
        MapAssert<String, String> a = soft.assertThat(f).as(rule + " " + f);
        if (pid != null) {
            a.containsEntry("proc.pid", Long.toString(pid));
        }
        if (ppid != null) {
            a.containsEntry("proc.ppid", Long.toString(ppid));
        }
        if (name != null) {
            a.containsEntry("proc.name", name).containsEntry("proc.cmdline", cmdline);
        } else {
            a.hasEntrySatisfying("proc.name", v -> assertThat(v).startsWith("python3"))
                    .hasEntrySatisfying("proc.cmdline", v -> assertThat(v).startsWith("python3").contains(cmdline));
        }
        if (pname != null) {
            a.containsEntry("proc.pname", pname);
        }
        return a.containsEntry("evt.res", res).containsEntry("user.name", "root").containsEntry("user.uid", "0")
                .containsEntry("group.gid", "0").containsEntry("container.id", "host");
    }

    private static Path realPath(String path) {
        try {
            return Path.of(path).toRealPath();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs a command to its end (errors kept for the message); it must succeed. */
    private static Process run(String... command) throws Exception {
        return LiveRun.run(0, command);
    }

    private static Process run(int status, String... command) throws Exception {
        return LiveRun.run(status, command);
    }

    private String rules(int port) {
        String child = " and proc.ppid=" + JVM;
        String open = "evt.type in (open, openat) and fd.name=";
        StringBuilder y = new StringBuilder();
        rule(y, "live_shadow_open", open + "/etc/shadow and proc.name=cat" + child, COMMON + " fd=%fd.name");
        rule(y, "live_exec_shell", "evt.type=execve and proc.name=sh and proc.cmdline contains \""
                + token + "-exec\"" + child, COMMON + " exe=%proc.exe exepath=%proc.exepath");
        rule(y, "live_open_missing", open + file("missing") + child, COMMON + " fd=%fd.name rawres=%evt.rawres");
        String socket = " fd=%fd.name sip=%fd.sip sport=%fd.sport cip=%fd.cip cport=%fd.cport proto=%fd.l4proto";
        rule(y, "live_connect_local", "evt.type=connect and fd.sport=" + port + child,
                COMMON + socket);
        rule(y, "live_accept_local", "evt.type in (accept, accept4) and fd.sport=" + port
                + " and proc.pid=" + JVM, COMMON + socket);
        rule(y, "live_chmod", "evt.type in (chmod, fchmodat) and evt.arg.filename contains \""
                + token + "-mode\"" + child, COMMON + " file=%evt.arg.filename mode=%evt.arg.mode");
        rule(y, "live_symlink", "evt.type in (symlink, symlinkat) and evt.arg.linkpath contains \""
                + token + "-link\"" + child, COMMON + " target=%evt.arg.target link=%evt.arg.linkpath");
        rule(y, "live_unshare", "evt.type=unshare and proc.cmdline contains \"" + token + "-ns\""
                + child, COMMON + " flags=%evt.arg.flags");
        rule(y, "live_setns", "evt.type=setns and proc.cmdline contains \"" + token + "-ns\""
                + child, COMMON + " fd=%fd.name nstype=%evt.arg.nstype");
        rule(y, "live_ptrace", "evt.type=ptrace and proc.cmdline contains \"" + token + "-ptrace\""
                + child, COMMON + " request=%evt.arg.request target=%evt.rawarg.pid");
        rule(y, "live_tree", open + file("tree") + " and proc.name=cat", COMMON
                + " fd=%fd.name aname3=%proc.aname[3] apid2=%proc.apid[2] pcmdline=%proc.pcmdline");
        rule(y, "live_fork", open + file("fork"), COMMON + " fd=%fd.name");
        rule(y, "live_setuid", "evt.type=setuid and proc.cmdline contains \"" + token + "-setuid\""
                + child, COMMON + " newuid=%evt.rawarg.uid");
        rule(y, "live_open_as_nobody", open + file("uid"), COMMON + " fd=%fd.name");
        rule(y, "live_relative_open", open + file("relative"), COMMON + " fd=%fd.name cwd=%proc.cwd");
        rule(y, "live_accept4", "evt.type in (accept, accept4) and proc.cmdline contains \"" + token
                + "-accept4.py\"" + child, COMMON + socket);
        rule(y, "live_dup_pipe", "evt.type in (dup, dup2, dup3) and proc.cmdline contains \"" + token + "-pipe.py\""
                + child, COMMON + " fd=%fd.name num=%fd.num fdtype=%fd.type ino=%fd.ino");
        return y.toString();
    }
}
