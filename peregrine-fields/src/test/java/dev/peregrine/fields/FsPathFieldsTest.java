package dev.peregrine.fields;

import dev.peregrine.scap.synthetic.ShellMachine;
import dev.peregrine.scap.synthetic.SyntheticCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.peregrine.scap.synthetic.ShellMachine.HOME;
import static dev.peregrine.scap.synthetic.ShellMachine.SHELL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The fs.path.* fields (libs HEAD): the path a successful filesystem syscall acted on, or its source and target,
 * as given (raw) and resolved against the cwd or the directory fd.
 */
class FsPathFieldsTest {
    private static final String[] ALL = {"fs.path.name", "fs.path.nameraw", "fs.path.source", "fs.path.sourceraw",
            "fs.path.target", "fs.path.targetraw"};

    @TempDir
    Path dir;

    @Test
    void onePathSyscalls() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(SHELL, "mkdir").set("res", 0L).set("path", "build/../out").set("mode", 0755);
        c.exit(SHELL, "mkdirat").set("res", 0L).set("dirfd", -100L).set("path", "cache").set("mode", 0700);
        c.exit(SHELL, "unlinkat").set("res", 0L).set("dirfd", -100L).set("name", "/tmp/x").set("flags", 0);
        c.exit(SHELL, "chmod").set("res", 0L).set("filename", "run.sh").set("mode", 0755);
        // a failure acted on nothing
        c.exit(SHELL, "mkdir").set("res", -17L).set("path", "out").set("mode", 0755);
        try (FieldReplay r = FieldReplay.of(c, dir)) {
            r.next();
            assertThat(r.values(ALL)).containsExactly(entry("fs.path.name", HOME + "/out"),
                    entry("fs.path.nameraw", "build/../out"), entry("fs.path.source", null),
                    entry("fs.path.sourceraw", null), entry("fs.path.target", null), entry("fs.path.targetraw", null));
            r.next();
            // libs HEAD resolves the relative path of a *at call against the event's fd only, and AT_FDCWD is none
            assertThat(r.values("fs.path.name", "fs.path.nameraw")).containsExactly(
                    entry("fs.path.name", "<UNKNOWN>cache"), entry("fs.path.nameraw", "cache"));
            r.next();
            assertThat(r.value("fs.path.name")).isEqualTo("/tmp/x");
            r.next();
            assertThat(r.value("fs.path.name")).isEqualTo(HOME + "/run.sh");
            r.next();
            assertThat(r.values(ALL)).allSatisfy((field, value) -> assertThat(value).as(field).isNull());
        }
    }

    @Test
    void twoPathSyscalls() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(SHELL, "rename").set("res", 0L).set("oldpath", "a.txt").set("newpath", "/tmp/b.txt");
        // link's source is the new name, its target the existing file (as libs defines them)
        c.exit(SHELL, "link").set("res", 0L).set("oldpath", "/etc/hosts").set("newpath", "hosts.bak");
        c.exit(SHELL, "symlink").set("res", 0L).set("target", "/etc/shadow").set("linkpath", "s");
        try (FieldReplay r = FieldReplay.of(c, dir)) {
            r.next();
            assertThat(r.values(ALL)).containsExactly(entry("fs.path.name", null), entry("fs.path.nameraw", null),
                    entry("fs.path.source", HOME + "/a.txt"), entry("fs.path.sourceraw", "a.txt"),
                    entry("fs.path.target", "/tmp/b.txt"), entry("fs.path.targetraw", "/tmp/b.txt"));
            r.next();
            assertThat(r.values("fs.path.source", "fs.path.target")).containsExactly(
                    entry("fs.path.source", HOME + "/hosts.bak"), entry("fs.path.target", "/etc/hosts"));
            r.next();
            assertThat(r.values("fs.path.source", "fs.path.targetraw")).containsExactly(
                    entry("fs.path.source", HOME + "/s"), entry("fs.path.targetraw", "/etc/shadow"));
        }
    }
}
