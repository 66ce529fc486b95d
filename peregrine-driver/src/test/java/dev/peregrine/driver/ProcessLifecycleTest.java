package dev.peregrine.driver;

import dev.peregrine.driver.ChildProcesses.Run;
import dev.peregrine.testkit.TestCgroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static dev.peregrine.driver.Captured.collect;
import static dev.peregrine.driver.Captured.text;
import static dev.peregrine.driver.Captured.type;
import static dev.peregrine.driver.ChildProcesses.run;
import static dev.peregrine.scap.EventIds.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduler tracepoints and what they feed: procexit when a thread ends (status, signal, reaper), execve's
 * filename kept at sched_process_exec, and the cgroups parameter of process events (what container ids come from).
 * Same requirements and skipping rules as {@link LiveCaptureTest}.
 */
class ProcessLifecycleTest {

    @RegisterExtension
    static final LiveCaptureResource live = new LiveCaptureResource(Set.of("execve", "clone", "fork", "vfork", "clone3"));

    @Test
    void exitStatusAndSignalComeWithProcexit() throws Exception {
        Run exited = run(null, "sh", "-c", "exit 3");
        assertThat(exited.status()).isEqualTo(3);
        Captured e = collect(live.capture(), exited.pid(), Map.of("exit", type(PROCEXIT_1_E, x -> true))).get("exit");
        assertThat(e.num("status")).isEqualTo(3 << 8);
        assertThat(e.num("ret")).isEqualTo(3);
        assertThat(e.num("sig")).isZero();
        assertThat(e.num("core")).isZero();
        assertThat(e.num("reaper_tid")).isZero(); // no children to hand over

        Run killed = run(null, "sh", "-c", "kill -9 $$");
        assertThat(killed.status()).isEqualTo(128 + 9);
        e = collect(live.capture(), killed.pid(), Map.of("exit", type(PROCEXIT_1_E, x -> true))).get("exit");
        assertThat(e.num("status")).isEqualTo(9);
        assertThat(e.num("ret")).isZero();
        assertThat(e.num("sig")).isEqualTo(9);
        assertThat(e.num("core")).isZero();
    }

    @Test
    void procexitNamesTheReaperOfOrphans() throws Exception {
        // the parent exits at once; its child, orphaned, reports the parent the kernel gave it
        Run r = run(null, "python3", "-c", """
                import os, time
                parent = os.getpid()
                if os.fork() == 0:
                    while os.getppid() == parent:
                        time.sleep(0.01)
                    os.write(1, b'reaper %d\\n' % os.getppid())
                    os._exit(0)
                os._exit(0)
                """);
        assertThat(r.out()).as("the orphan's output").matches("(?s)reaper \\d+\\s*");
        long reaper = Long.parseLong(r.out().strip().split(" ")[1]);
        Captured e = collect(live.capture(), r.pid(), Map.of("exit", type(PROCEXIT_1_E, x -> true))).get("exit");
        assertThat(e.num("status")).isZero();
        assertThat(e.num("reaper_tid")).isEqualTo(reaper);
    }

    @Test
    void execveFilenameIsWhatTheCallerPassed(@TempDir Path dir) throws Exception {
        Files.createSymbolicLink(dir.resolve("mytrue"), Path.of("/bin/true"));
        Run ok = run(dir, "sh", "-c", "exec ./mytrue one");
        assertThat(ok.status()).isZero();
        Captured e = collect(live.capture(), ok.pid(), Map.of("exec", type(SYSCALL_EXECVE_19_X,
                x -> x.num("res") == 0 && "mytrue".equals(x.str("comm"))))).get("exec"); // comm: the link's name
        assertThat(e.str("filename")).isEqualTo("./mytrue");
        assertThat(e.str("exe")).isEqualTo("./mytrue");

        // a failed execve: read from the caller's argument at exit (its memory is still there)
        // (the shell forks a child for the command, so the event is matched by its unique filename)
        String missing = "./peregrine-missing-" + System.nanoTime();
        run(dir, "sh", "-c", missing + "; exit 0");
        java.util.List<Captured> seen = Captured.until(live.capture(), x -> x.type() == SYSCALL_EXECVE_19_X
                && x.num("res") == -2 && missing.equals(x.str("filename")), 20_000);
        assertThat(seen).as("the failed execve of %s", missing).isNotEmpty();
        e = seen.getLast();
        assertThat(e.str("filename")).isEqualTo(missing);
        assertThat(e.str("exe")).isEqualTo(missing); // argv[0], from the caller's memory
    }

    @Test
    void execveCarriesProcessGroupTerminalMemoryAndExeTimes() throws Exception {
        // python makes itself a process group leader, prints what it sees, then becomes /bin/true
        String marker = "peregrine-pg-" + System.nanoTime();
        Run r = run(null, "python3", "-c", """
                import os, sys
                os.setpgid(0, 0)
                print('pgid', os.getpgid(0), flush=True)
                os.execv('/bin/true', ['true', sys.argv[1]])
                """, marker);
        assertThat(r.status()).as(r.out()).isZero();
        Captured e = collect(live.capture(), r.pid(), Map.of("exec", type(SYSCALL_EXECVE_19_X,
                x -> x.num("res") == 0 && text(x, "args").startsWith(marker)))).get("exec");
        assertThat(r.out()).contains("pgid " + r.pid());
        assertThat(e.num("pgid")).isEqualTo(r.pid());
        assertThat(e.num("vpgid")).isEqualTo(r.pid());
        assertThat(e.num("tty")).isZero(); // no controlling terminal under the test runner
        // (vm_rss: the per-CPU counters' central value, 0 this early in a small process; checked in SyscallResultsTest)
        assertThat(e.num("vm_rss")).isBetween(0L, e.num("vm_size"));
        Path exe = Path.of("/bin/true").toRealPath();
        assertThat(e.num("exe_ino")).isEqualTo(((Number) Files.getAttribute(exe, "unix:ino")).longValue());
        assertThat(e.str("trusted_exepath")).isEqualTo(exe.toString()); // the file's own path, links resolved
        assertThat(e.num("exe_ino_mtime")).isEqualTo(nanos(Files.getAttribute(exe, "unix:lastModifiedTime")));
        assertThat(e.num("exe_ino_ctime")).isEqualTo(nanos(Files.getAttribute(exe, "unix:ctime")));
    }

    private static long nanos(Object fileTime) {
        java.time.Instant i = ((java.nio.file.attribute.FileTime) fileTime).toInstant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void execveUnderAPseudoTerminalCarriesIt() throws Exception {
        // script(1) gives its child a pty as controlling terminal; python prints the terminal's device number
        String marker = "peregrine-tty-" + System.nanoTime();
        Run r = run(null, "script", "-qec", "python3 -c \"import os, sys; print('tty', os.stat(os.ttyname(0)).st_rdev,"
                + " flush=True); os.execv('/bin/true', ['true', sys.argv[1]])\" " + marker, "/dev/null");
        assertThat(r.status()).as(r.out()).isZero();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("tty (\\d+)").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        long tty = Long.parseLong(m.group(1));
        java.util.List<Captured> seen = Captured.until(live.capture(), x -> x.type() == SYSCALL_EXECVE_19_X
                && x.num("res") == 0 && text(x, "args").startsWith(marker), 20_000);
        assertThat(seen).as("the exec of /bin/true %s", marker).isNotEmpty();
        assertThat(seen.getLast().num("tty")).isEqualTo(tty).isNotZero();
    }

    @Test
    void cloneIntoANewPidNamespaceIsFlagged() throws Exception {
        Run r = run(null, "unshare", "--pid", "--fork", "/bin/true");
        assertThat(r.status()).as(r.out()).isZero();
        long pid = r.pid();
        Predicate<Captured> clone = x -> x.type() == SYSCALL_CLONE_20_X || x.type() == SYSCALL_FORK_20_X
                || x.type() == SYSCALL_CLONE3_X;
        Map<String, Captured> e = collect(live.capture(), null, Map.of(
                "parent", x -> clone.test(x) && x.tid() == pid && x.num("res") > 0,
                "child", x -> clone.test(x) && x.num("res") == 0 && x.num("ptid") == pid));
        // PPM_CL_CHILD_IN_PIDNS: the parent's pid_ns_for_children is the new namespace, the child lives in it
        assertThat(e.get("parent").num("flags") & (1 << 29)).isEqualTo(1 << 29);
        Captured child = e.get("child");
        assertThat(child.num("flags") & (1 << 29)).isEqualTo(1 << 29);
        assertThat(child.num("tid")).isEqualTo(e.get("parent").num("res"));
        assertThat(child.num("vtid")).isEqualTo(1); // the init of its namespace
        assertThat(child.num("vpid")).isEqualTo(1);
    }

    @Test
    void execveCarriesTheContainersCgroup() throws Exception {
        try (TestCgroup cg = TestCgroup.dockerLike(Long.toString(ProcessHandle.current().pid()))) {
            Run r = run(null, "sh", "-c", "echo $$ > " + cg.dir().resolve("cgroup.procs") + " && exec /bin/true");
            assertThat(r.status()).as(r.out()).isZero();
            Captured e = collect(live.capture(), r.pid(), Map.of("exec", type(SYSCALL_EXECVE_19_X,
                    x -> x.num("res") == 0 && "true".equals(x.str("comm"))))).get("exec");
            String cgroups = text(e, "cgroups");
            // one "subsys=/path" string per controller, NUL-separated; the cpu controller sees the test cgroup
            assertThat(cgroups).endsWith("\0");
            assertThat(cgroups.split("\0")).allMatch(s -> s.matches("[a-z_]+=/.*"))
                    .contains("cpu=" + cg.path());
        }
    }
}
