package dev.peregrine.state;

import dev.peregrine.scap.synthetic.ShellMachine;
import dev.peregrine.scap.synthetic.SyntheticCapture;
import dev.peregrine.scap.synthetic.SyntheticEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static dev.peregrine.scap.synthetic.ShellMachine.ALICE;
import static dev.peregrine.scap.synthetic.ShellMachine.HOME;
import static dev.peregrine.scap.synthetic.ShellMachine.HOME_FD;
import static dev.peregrine.scap.synthetic.ShellMachine.INIT;
import static dev.peregrine.scap.synthetic.ShellMachine.SHELL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * parse_execve_exit for execve and execveat exits: the new image replaces the thread's (libsinsp e5c53d6 for the
 * layouts it knew, libs HEAD for the parameters added since), the executable's path comes from the enter event
 * or, without one, from the exit's own parameters.
 */
class ParseExecveTest {
    /** PPM_EXE_* bits of execve's flags parameter. */
    private static final int EXE_WRITABLE = 1, EXE_UPPER_LAYER = 1 << 1, EXE_FROM_MEMFD = 1 << 2,
            EXE_LOWER_LAYER = 1 << 3;
    /** PPM_EXVAT_AT_EMPTY_PATH. */
    private static final int AT_EMPTY_PATH = 1;
    private static final long AT_FDCWD = -100;

    @TempDir
    Path dir;

    /** An execve-family exit of the shell, running ls, with the parameters its layout has. */
    private static SyntheticEvent execExit(SyntheticEvent e, long res) {
        e.set("res", res).set("exe", "ls").set("args", List.of("-l", "/tmp")).set("tid", SHELL).set("pid", SHELL)
                .set("ptid", 42L).set("cwd", HOME).set("fdlimit", 2048L);
        setIfPresent(e, "pgft_maj", 5L);
        setIfPresent(e, "pgft_min", 50L);
        setIfPresent(e, "vm_size", 1200);
        setIfPresent(e, "vm_rss", 800);
        setIfPresent(e, "vm_swap", 3);
        setIfPresent(e, "comm", "ls");
        setIfPresent(e, "env", List.of("PATH=/bin", "LANG=C"));
        setIfPresent(e, "tty", 34816);
        return e;
    }

    private static void setIfPresent(SyntheticEvent e, String param, Object value) {
        if (e.info().paramIndex(param) >= 0) {
            e.set(param, value);
        }
    }

    @Test
    void aSuccessfulExecveReplacesTheImage() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.enter(SHELL, "execve").set("filename", "./bin/ls");
        execExit(c.exit(SHELL, "execve"), 0)
                .set("env", List.of("PATH=/bin", "LANG=C", "", ""))
                .set("vpgid", 300L).set("loginuid", 1001).set("flags", EXE_WRITABLE | EXE_FROM_MEMFD)
                .set("cap_inheritable", 1L).set("cap_permitted", 0x3L).set("cap_effective", 0x2L)
                .set("exe_ino", 99L).set("exe_ino_ctime", 10L).set("exe_ino_mtime", 20L)
                .set("uid", 0).set("gid", 0).set("pgid", 300L)
                .set("cgroups", List.of("cpuset=/", "memory=/user.slice"));
        try (StateReplay r = StateReplay.of(c, dir)) {
            ThreadInfo shell = r.thread(SHELL);
            int keptFlags = shell.flags() & (Clone.PIPE_SRC | Clone.PIPE_DST);
            r.skip(2);
            assertThat(r.thread(SHELL)).isSameAs(shell);
            assertThat(shell.exe()).isEqualTo("ls");
            assertThat(shell.comm()).isEqualTo("ls");
            assertThat(shell.args()).containsExactly("-l", "/tmp");
            // the NUL padding after the last variable is no variable
            assertThat(shell.env()).containsExactly("PATH=/bin", "LANG=C");
            assertThat(shell.exepath()).isEqualTo(HOME + "/bin/ls");
            assertThat(shell.pid()).isEqualTo(SHELL);
            // a known parent is kept: only an unknown one (-1) is taken from the event
            assertThat(shell.ptid()).isEqualTo(INIT);
            assertThat(shell.fdlimit()).isEqualTo(2048);
            assertThat(List.of(shell.pfMajor(), shell.pfMinor(), shell.vmsizeKb(), shell.vmrssKb(), shell.vmswapKb()))
                    .containsExactly(5L, 50L, 1200L, 800L, 3L);
            assertThat(shell.tty()).isEqualTo(34816);
            assertThat(shell.vpgid()).isEqualTo(300);
            assertThat(shell.loginuid()).isEqualTo(1001);
            assertThat(shell.exeWritable()).isTrue();
            assertThat(shell.exeFromMemfd()).isTrue();
            assertThat(shell.exeUpperLayer()).isFalse();
            assertThat(shell.exeLowerLayer()).isFalse();
            assertThat(List.of(shell.capInheritable(), shell.capPermitted(), shell.capEffective()))
                    .containsExactly(1L, 3L, 2L);
            assertThat(List.of(shell.exeIno(), shell.exeInoCtime(), shell.exeInoMtime()))
                    .containsExactly(99L, 10L, 20L);
            assertThat(shell.uid()).isZero();
            assertThat(shell.gid()).isZero();
            assertThat(shell.pgid()).isEqualTo(300);
            assertThat(shell.cgroups()).containsExactly("cpuset=/", "memory=/user.slice");
            assertThat(shell.flags()).isEqualTo(Clone.ACTIVE | Clone.NAME_CHANGED | keptFlags);
            // the fds stay
            assertThat(shell.fds().size()).isEqualTo(5);
        }
    }

    @Test
    void overlayLayersOfTheExecutable() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        execExit(c.exit(SHELL, "execve"), 0).set("flags", EXE_UPPER_LAYER);
        execExit(c.exit(SHELL, "execve"), 0).set("flags", EXE_LOWER_LAYER);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            assertThat(r.thread(SHELL).exeUpperLayer()).isTrue();
            assertThat(r.thread(SHELL).exeLowerLayer()).isFalse();
            assertThat(r.thread(SHELL).exeWritable()).isFalse();
            r.next();
            assertThat(r.thread(SHELL).exeUpperLayer()).isFalse();
            assertThat(r.thread(SHELL).exeLowerLayer()).isTrue();
        }
    }

    @Test
    void aFailedExecveChangesNothing() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.enter(SHELL, "execve").set("filename", "/usr/bin/nope");
        execExit(c.exit(SHELL, "execve"), -2);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(2);
            ThreadInfo shell = r.thread(SHELL);
            assertThat(shell.comm()).isEqualTo("bash");
            assertThat(shell.exe()).isEqualTo("-bash");
            assertThat(shell.exepath()).isEqualTo("/usr/bin/bash");
            assertThat(shell.fdlimit()).isEqualTo(1024);
        }
    }

    @Test
    void theExecutablePathComesFromTheEnterEventFirst() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        // with its enter event: the filename the caller gave, resolved against the cwd
        c.enter(SHELL, "execve").set("filename", "../bob/run");
        execExit(c.exit(SHELL, "execve"), 0).set("trusted_exepath", "/usr/bin/other").set("filename", "x");
        // exits only (a live driver): the kernel's path of the executable ...
        execExit(c.exit(SHELL, "execve"), 0).set("trusted_exepath", "/usr/bin/ls").set("filename", "x");
        // ... or, from drivers without it, the filename the exit carries
        execExit(c.exit(SHELL, "execve"), 0).set("filename", "bin/ls");
        // an enter event whose filename the driver could not read
        c.enter(SHELL, "execve").set("filename", "<NA>");
        execExit(c.exit(SHELL, "execve"), 0);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.skip(2);
            assertThat(r.thread(SHELL).exepath()).isEqualTo("/home/bob/run");
            r.next();
            assertThat(r.thread(SHELL).exepath()).isEqualTo("/usr/bin/ls");
            r.next();
            assertThat(r.thread(SHELL).exepath()).isEqualTo(HOME + "/bin/ls");
            r.skip(2);
            assertThat(r.thread(SHELL).exepath()).isEqualTo("<NA>");
        }
    }

    @Test
    void execveatResolvesThePathAgainstItsDirectoryFd() throws Exception {
        SyntheticCapture c = ShellMachine.capture().file(SHELL, 7, "/usr/bin/true", 1);
        // relative to a directory fd
        c.enter(SHELL, "execveat").set("dirfd", HOME_FD).set("pathname", "bin/tool").set("flags", 0);
        execExit(c.exit(SHELL, "execveat"), 0);
        // relative to the cwd
        c.enter(SHELL, "execveat").set("dirfd", AT_FDCWD).set("pathname", "tool").set("flags", 0);
        execExit(c.exit(SHELL, "execveat"), 0);
        // absolute: the dirfd does not matter
        c.enter(SHELL, "execveat").set("dirfd", HOME_FD).set("pathname", "/sbin/tool").set("flags", 0);
        execExit(c.exit(SHELL, "execveat"), 0);
        // AT_EMPTY_PATH: the fd is the executable
        c.enter(SHELL, "execveat").set("dirfd", 7L).set("pathname", "").set("flags", AT_EMPTY_PATH);
        execExit(c.exit(SHELL, "execveat"), 0);
        // a dirfd the state does not know: libsinsp e5c53d6 puts its placeholder in front of the name
        c.enter(SHELL, "execveat").set("dirfd", 55L).set("pathname", "tool").set("flags", 0);
        execExit(c.exit(SHELL, "execveat"), 0);
        // a pathname the driver could not read
        c.enter(SHELL, "execveat").set("dirfd", HOME_FD).set("pathname", "<NA>").set("flags", 0);
        execExit(c.exit(SHELL, "execveat"), 0);
        List<String> expected = List.of(HOME + "/bin/tool", HOME + "/tool", "/sbin/tool", "/usr/bin/true",
                "<UNKNOWN>tool", "<NA>");
        try (StateReplay r = StateReplay.of(c, dir)) {
            for (String path : expected) {
                r.skip(2);
                assertThat(r.thread(SHELL).exepath()).isEqualTo(path);
                assertThat(r.thread(SHELL).comm()).isEqualTo("ls");
            }
        }
    }

    /** Every execve exit layout: comm, environment, cgroups and tty where the layout has them. */
    @ParameterizedTest(name = "{0} parameters")
    @CsvSource({"8, false, false", "13, false, false", "14, false, true", "15, true, true", "16, true, true",
            "-1, true, true"})
    void everyLayoutReplacesTheImage(int paramCount, boolean hasComm, boolean hasEnv) throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        SyntheticEvent e = c.exit(SHELL, "execve");
        if (paramCount >= 0) {
            e.withParamCount(paramCount);
        }
        execExit(e, 0).set("exe", "/bin/ls");
        boolean hasCgroups = e.info().paramIndex("cgroups") >= 0;
        String id = "0123456789ab0123456789ab0123456789ab0123456789ab0123456789abcdef";
        if (hasCgroups) {
            e.set("cgroups", List.of("cpuset=/kubepods/crio-" + id));
        }
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            ThreadInfo shell = r.thread(SHELL);
            assertThat(shell.exe()).isEqualTo("/bin/ls");
            assertThat(shell.comm()).isEqualTo(hasComm ? "ls" : "/bin/ls");
            assertThat(shell.args()).containsExactly("-l", "/tmp");
            assertThat(shell.fdlimit()).isEqualTo(2048);
            assertThat(shell.env()).isEqualTo(hasEnv ? List.of("PATH=/bin", "LANG=C") : List.of("HOME=" + HOME,
                    "USER=alice"));
            assertThat(shell.vmsizeKb()).isEqualTo(paramCount == 8 ? 0 : 1200);
            assertThat(shell.containerId()).isEqualTo(hasCgroups ? id.substring(0, 12) : "");
            assertThat(shell.tty()).isEqualTo(e.info().paramIndex("tty") >= 0 ? 34816 : 0);
        }
    }

    @Test
    void aThreadFirstSeenAtItsExecveTakesItsParentFromTheEvent() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        execExit(c.exit(500, "execve"), 0).set("tid", 500L).set("pid", 500L).set("ptid", SHELL).set("uid", ALICE)
                .set("gid", ALICE);
        try (StateReplay r = StateReplay.of(c, dir)) {
            r.next();
            ThreadInfo t = r.thread(500);
            assertThat(t.ptid()).isEqualTo(SHELL);
            assertThat(t.comm()).isEqualTo("ls");
            assertThat(t.uid()).isEqualTo(ALICE);
            assertThat(t.incomplete()).isFalse();
        }
    }

    @Test
    void inodeTimesOfTheExecutableAreMeasuredFromTheProcessStart() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        long child = 200;
        c.exit(SHELL, "clone").set("res", child).set("tid", SHELL).set("pid", SHELL).set("ptid", INIT)
                .set("comm", "bash").set("vtid", SHELL).set("vpid", SHELL);
        SyntheticEvent exec = execExit(c.exit(child, "execve"), 0).set("tid", child).set("pid", child)
                .set("exe_ino", 5L).set("exe_ino_ctime", 1_000L).set("exe_ino_mtime", 900L);
        try (StateReplay r = StateReplay.of(c, dir)) {
            long cloneTs = r.next().timestamp();
            r.next();
            ThreadInfo t = r.thread(child);
            assertThat(t.exeInoCtimeDurationCloneTs()).isEqualTo(cloneTs - 1_000L);
            assertThat(exec.timestamp()).isGreaterThan(cloneTs);
        }
    }
}
