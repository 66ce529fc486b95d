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

/** The user.* and group.* fields: the thread's credentials, named from the capture's user and group lists. */
class UserFieldsTest {
    private static final String[] ALL = {"user.uid", "user.name", "user.homedir", "user.shell", "user.loginuid",
            "user.loginname", "group.gid", "group.name"};

    @TempDir
    Path dir;

    @Test
    void credentialsAndTheirNames() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        c.exit(SHELL, "read").set("res", 1L).set("fd", 0L);
        // sudo: root, with alice still the login (audit) user
        c.exit(SHELL, "setresuid").set("res", 0L).set("ruid", 0).set("euid", 0).set("suid", 0);
        c.exit(SHELL, "setresgid").set("res", 0L).set("rgid", 0).set("egid", 0).set("sgid", 0);
        // ids the lists do not name
        c.exit(SHELL, "setuid").set("res", 0L).set("uid", 4242);
        c.exit(SHELL, "setgid").set("res", 0L).set("gid", 4343);
        try (FieldReplay r = FieldReplay.of(c, dir)) {
            r.next();
            assertThat(r.values(ALL)).containsExactly(entry("user.uid", "1000"), entry("user.name", "alice"),
                    entry("user.homedir", HOME), entry("user.shell", "/bin/bash"), entry("user.loginuid", "1000"),
                    entry("user.loginname", "alice"), entry("group.gid", "1000"), entry("group.name", "alice"));
            r.skip(2);
            assertThat(r.values(ALL)).containsExactly(entry("user.uid", "0"), entry("user.name", "root"),
                    entry("user.homedir", "/root"), entry("user.shell", "/bin/bash"), entry("user.loginuid", "1000"),
                    entry("user.loginname", "alice"), entry("group.gid", "0"), entry("group.name", "root"));
            r.skip(2);
            assertThat(r.values("user.uid", "user.name", "user.homedir", "group.gid", "group.name"))
                    .containsExactly(entry("user.uid", "4242"), entry("user.name", null), entry("user.homedir", null),
                            entry("group.gid", "4343"), entry("group.name", null));
        }
    }

    @Test
    void aThreadWithoutALoginUser() throws Exception {
        SyntheticCapture c = ShellMachine.capture();
        // a thread never seen before: libsinsp makes up an entry with unknown (-1) ids
        c.exit(777, "read").set("res", 1L).set("fd", 0L);
        try (FieldReplay r = FieldReplay.of(c, dir)) {
            r.next();
            assertThat(r.values("user.uid", "user.name", "user.loginuid", "user.loginname", "group.gid",
                    "group.name"))
                    .containsExactly(entry("user.uid", "4294967295"), entry("user.name", null),
                            entry("user.loginuid", "-1"), entry("user.loginname", null),
                            entry("group.gid", "4294967295"), entry("group.name", null));
        }
    }
}
