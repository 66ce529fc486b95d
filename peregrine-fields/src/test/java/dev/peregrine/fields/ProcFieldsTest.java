package dev.peregrine.fields;

import dev.peregrine.scap.synthetic.ShellMachine;
import dev.peregrine.scap.synthetic.SyntheticCapture;
import dev.peregrine.state.Clone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.peregrine.scap.synthetic.ShellMachine.HOME;
import static dev.peregrine.scap.synthetic.ShellMachine.INIT;
import static dev.peregrine.scap.synthetic.ShellMachine.SHELL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The proc.* and thread.* fields (libsinsp e5c53d6 definitions, libs HEAD's for the fields added since) on a
 * process tree built by events: alice's login shell (pid 100, child of init) forks, the child runs make, and make
 * starts a second thread.
 */
class ProcFieldsTest {
    private static final long MAKE = 200, WORKER = 201;
    private static final long CAP_NET_ADMIN = 1L << 12, CAP_SYS_PTRACE = 1L << 19;

    @TempDir
    Path dir;

    /** Events: 1 bash forks make; 2-3 make's execve; 4 make starts a thread; 5 the thread reads; 6 make reads. */
    private static SyntheticCapture processTree() {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(SHELL, "clone").set("res", MAKE).set("exe", "-bash").set("tid", SHELL).set("pid", SHELL)
                .set("ptid", INIT).set("fdlimit", 1024L).set("comm", "bash").set("uid", 1000).set("gid", 1000)
                .set("vtid", SHELL).set("vpid", SHELL);
        c.enter(MAKE, "execve").set("filename", "/usr/bin/make");
        c.exit(MAKE, "execve").set("res", 0L).set("exe", "make").set("args", List.of("-j", "4", "all"))
                .set("tid", MAKE).set("pid", MAKE).set("ptid", SHELL).set("fdlimit", 20L).set("comm", "make")
                .set("env", List.of("CC=gcc", "PATH=/usr/bin")).set("tty", 34816).set("vpgid", MAKE)
                .set("pgid", MAKE).set("flags", 1).set("vm_size", 2048).set("vm_rss", 1024)
                .set("cap_permitted", CAP_NET_ADMIN | CAP_SYS_PTRACE).set("cap_effective", CAP_NET_ADMIN)
                .set("cgroups", List.of("cpuset=/", "memory=/user.slice/user-1000.slice"));
        c.exit(MAKE, "clone").set("res", WORKER).set("exe", "make").set("tid", MAKE).set("pid", MAKE)
                .set("ptid", SHELL).set("comm", "make").set("flags", Clone.CLONE_THREAD | Clone.CLONE_FILES)
                .set("uid", 1000).set("gid", 1000).set("vtid", MAKE).set("vpid", MAKE);
        c.exit(WORKER, "read").set("res", 1L).set("fd", 0L);
        c.exit(MAKE, "read").set("res", 1L).set("fd", 0L);
        return c;
    }

    @Test
    void namesAndCommandLines() throws Exception {
        try (FieldReplay r = FieldReplay.of(processTree(), dir)) {
            r.skip(6);
            assertThat(r.values("proc.name", "proc.exe", "proc.exepath", "proc.args", "proc.cmdline", "proc.exeline",
                    "proc.cmdnargs", "proc.cmdlenargs", "proc.args[1]", "proc.env", "proc.env[PATH]", "proc.cwd"))
                    .containsExactly(entry("proc.name", "make"), entry("proc.exe", "make"),
                            entry("proc.exepath", "/usr/bin/make"), entry("proc.args", "-j 4 all"),
                            entry("proc.cmdline", "make -j 4 all"), entry("proc.exeline", "make -j 4 all"),
                            entry("proc.cmdnargs", "3"), entry("proc.cmdlenargs", "6"), entry("proc.args[1]", "4"),
                            entry("proc.env", "CC=gcc PATH=/usr/bin"), entry("proc.env[PATH]", "/usr/bin"),
                            entry("proc.cwd", HOME + "/"));
            // a variable the environment lacks is empty, as libsinsp's get_env returns it
            assertThat(r.value("proc.env[HOME]")).isEmpty();
        }
    }

    @Test
    void parentsAndAncestors() throws Exception {
        try (FieldReplay r = FieldReplay.of(processTree(), dir)) {
            r.skip(6);
            assertThat(r.values("proc.pid", "proc.ppid", "proc.pname", "proc.pexe", "proc.pcmdline", "proc.apid[0]",
                    "proc.aname[0]", "proc.apid[1]", "proc.aname[1]", "proc.apid[2]", "proc.aname[2]",
                    "proc.aexepath[2]", "proc.aname[3]"))
                    .containsExactly(entry("proc.pid", "200"), entry("proc.ppid", "100"), entry("proc.pname", "bash"),
                            entry("proc.pexe", "-bash"), entry("proc.pcmdline", "bash"),
                            entry("proc.apid[0]", "200"), entry("proc.aname[0]", "make"),
                            entry("proc.apid[1]", "100"), entry("proc.aname[1]", "bash"),
                            entry("proc.apid[2]", "1"), entry("proc.aname[2]", "systemd"),
                            entry("proc.aexepath[2]", "/usr/lib/systemd/systemd"), entry("proc.aname[3]", null));
            // the oldest shell among the process and its ancestors; the session and its leader
            assertThat(r.values("proc.loginshellid", "proc.sid", "proc.sname", "proc.vpgid", "proc.vpgid.name",
                    "proc.pgid", "proc.is_sid_leader", "proc.is_vpgid_leader", "proc.is_pgid_leader"))
                    .containsExactly(entry("proc.loginshellid", "100"), entry("proc.sid", "100"),
                            entry("proc.sname", "bash"), entry("proc.vpgid", "200"), entry("proc.vpgid.name", "make"),
                            entry("proc.pgid", "200"), entry("proc.is_sid_leader", "false"),
                            entry("proc.is_vpgid_leader", "true"), entry("proc.is_pgid_leader", "true"));
        }
    }

    @Test
    void threadsAndTheirProcess() throws Exception {
        try (FieldReplay r = FieldReplay.of(processTree(), dir)) {
            r.skip(5);
            Map<String, String> worker = r.values("thread.tid", "thread.vtid", "thread.ismain", "thread.nametid",
                    "proc.pid", "proc.ppid", "proc.name", "proc.nthreads", "proc.nchilds", "thread.vmsize",
                    "proc.cwd");
            assertThat(worker).containsExactly(entry("thread.tid", "201"), entry("thread.vtid", "201"),
                    entry("thread.ismain", "false"), entry("thread.nametid", "make201"), entry("proc.pid", "200"),
                    entry("proc.ppid", "100"), entry("proc.name", "make"), entry("proc.nthreads", "2"),
                    entry("proc.nchilds", "0"), entry("thread.vmsize", "0"), entry("proc.cwd", HOME + "/"));
            r.next();
            assertThat(r.values("thread.tid", "thread.ismain", "proc.nthreads", "proc.nchilds", "thread.vmsize",
                    "thread.vmsize.b", "proc.vmsize", "proc.vmrss"))
                    .containsExactly(entry("thread.tid", "200"), entry("thread.ismain", "true"),
                            entry("proc.nthreads", "2"), entry("proc.nchilds", "1"), entry("thread.vmsize", "2048"),
                            entry("thread.vmsize.b", "2097152"), entry("proc.vmsize", "2048"),
                            entry("proc.vmrss", "1024"));
        }
    }

    @Test
    void resourcesTimesAndExecutable() throws Exception {
        try (FieldReplay r = FieldReplay.of(processTree(), dir)) {
            long cloneTs = r.next().timestamp();
            r.skip(4);
            long ts = r.next().timestamp();
            // five fds copied from the shell, of a limit of 20
            assertThat(r.values("proc.fdopencount", "proc.fdlimit", "proc.fdusage", "proc.tty"))
                    .containsExactly(entry("proc.fdopencount", "5"), entry("proc.fdlimit", "20"),
                            entry("proc.fdusage", "25.0"), entry("proc.tty", "34816"));
            assertThat(r.value("proc.duration")).isEqualTo(Long.toString(ts - cloneTs));
            assertThat(r.value("proc.pid.ts")).isEqualTo(Long.toString(cloneTs));
            // the shell came from the process list: its start is unknown
            assertThat(r.value("proc.ppid.duration")).isNull();
            assertThat(r.values("proc.is_exe_writable", "proc.is_exe_from_memfd", "proc.is_exe_upper_layer"))
                    .containsExactly(entry("proc.is_exe_writable", "true"), entry("proc.is_exe_from_memfd", "false"),
                            entry("proc.is_exe_upper_layer", "false"));
            assertThat(r.values("thread.cap_permitted", "thread.cap_effective", "thread.cap_inheritable"))
                    .containsExactly(entry("thread.cap_permitted", "CAP_NET_ADMIN CAP_SYS_PTRACE"),
                            entry("thread.cap_effective", "CAP_NET_ADMIN"), entry("thread.cap_inheritable", ""));
            assertThat(r.values("thread.cgroups", "thread.cgroup.memory", "thread.cgroup.blkio"))
                    .containsExactly(entry("thread.cgroups", "cpuset=/ memory=/user.slice/user-1000.slice"),
                            entry("thread.cgroup.memory", "/user.slice/user-1000.slice"),
                            entry("thread.cgroup.blkio", null));
            assertThat(r.values("proc.stdin.name", "proc.stdin.type"))
                    .containsExactly(entry("proc.stdin.name", "/dev/pts/0"), entry("proc.stdin.type", "file"));
        }
    }

    @Test
    void numericFieldsGiveFiltersTheirNumbers() throws Exception {
        try (FieldReplay r = FieldReplay.of(processTree(), dir)) {
            r.skip(6);
            for (String field : List.of("proc.pid", "proc.ppid", "thread.tid", "proc.vpid", "proc.fdopencount",
                    "proc.nthreads", "proc.apid[2]")) {
                assertThat(r.filterValue(field)).as(field).isEqualTo(r.value(field));
            }
        }
    }
}
