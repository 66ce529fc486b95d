package dev.peregrine.fields;

import dev.peregrine.scap.synthetic.ShellMachine;
import dev.peregrine.scap.synthetic.SyntheticCapture;
import dev.peregrine.scap.synthetic.SyntheticEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.peregrine.scap.synthetic.ShellMachine.INIT;
import static dev.peregrine.scap.synthetic.ShellMachine.SHELL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The parent and ancestor fields of a process whose parent exited: they name the reaper, as current Falco does
 * (sysdig 0.29.3 kept the dead parent's pid and printed {@literal <NA>} for its name). The shell forks make, make
 * forks cc, make exits.
 */
class OrphanFieldsTest {
    private static final long MAKE = 200, CC = 300;

    @TempDir
    Path dir;

    /** The clone exit in {@code parent}; the child starts with the image it names ({@code comm}). */
    private static SyntheticEvent fork(SyntheticCapture c, long parent, long child, String comm) {
        return c.exit(parent, "clone").set("res", child).set("exe", comm).set("tid", parent).set("pid", parent)
                .set("ptid", INIT).set("fdlimit", 1024L).set("comm", comm).set("uid", 1000).set("gid", 1000)
                .set("vtid", parent).set("vpid", parent);
    }

    private static SyntheticCapture orphan(long reaper) {
        SyntheticCapture c = ShellMachine.capture();
        fork(c, SHELL, MAKE, "make");
        fork(c, MAKE, CC, "cc");
        c.exit(CC, "read").set("res", 1L).set("fd", 0L);
        c.enter(MAKE, "procexit").set("status", 0L).set("ret", 0L).set("reaper_tid", reaper);
        c.exit(CC, "read").set("res", 1L).set("fd", 0L);
        return c;
    }

    @Test
    void theOrphanNamesTheReaperProcexitNamed() throws Exception {
        try (FieldReplay r = FieldReplay.of(orphan(SHELL), dir)) {
            r.skip(3);
            assertThat(r.values("proc.ppid", "proc.pname", "proc.aname[1]", "proc.aname[2]")).containsExactly(
                    entry("proc.ppid", "200"), entry("proc.pname", "make"), entry("proc.aname[1]", "make"),
                    entry("proc.aname[2]", "bash"));
            r.skip(2);
            assertThat(r.values("proc.ppid", "proc.pname", "proc.aname[1]", "proc.aname[2]", "proc.aname[3]"))
                    .containsExactly(entry("proc.ppid", "100"), entry("proc.pname", "bash"),
                            entry("proc.aname[1]", "bash"), entry("proc.aname[2]", "systemd"),
                            entry("proc.aname[3]", null));
        }
    }

    @Test
    void withoutAReaperTheOrphanGoesToInit() throws Exception {
        try (FieldReplay r = FieldReplay.of(orphan(0), dir)) {
            r.skip(5);
            assertThat(r.values("proc.ppid", "proc.pname", "proc.aname[1]", "proc.aname[2]")).containsExactly(
                    entry("proc.ppid", "1"), entry("proc.pname", "systemd"), entry("proc.aname[1]", "systemd"),
                    entry("proc.aname[2]", null));
        }
    }
}
