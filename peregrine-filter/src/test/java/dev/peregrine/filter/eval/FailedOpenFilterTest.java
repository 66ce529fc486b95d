package dev.peregrine.filter.eval;

import dev.peregrine.scap.synthetic.ShellMachine;
import dev.peregrine.scap.synthetic.SyntheticCapture;
import dev.peregrine.testkit.Sysdig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.peregrine.scap.synthetic.ShellMachine.SHELL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failed open has no fd, yet libsinsp gives conditions its fd.name: the path it tried, rebuilt from the event
 * (extract_fdname_from_event; sysdig 0.29.3's extract_fdname_from_creator), so {@code fd.name glob "/sys/*"} holds
 * on an openat exit with ENOENT below /sys, with or without its enter event (a live driver may send exits only).
 */
class FailedOpenFilterTest {
    private static final long AT_FDCWD = -100, ENOENT = -2, EACCES = -13, SYS_FD = 7;
    /** PPM_O_RDONLY. */
    private static final int O_RDONLY = 1;
    private static final String BELOW_SYS = "fd.name glob \"/sys/*\"";

    @TempDir
    Path dir;

    /** sysdig 0.29.3 is the oracle: it selects the same events. */
    @Test
    void failedOpensMatchOnThePathTheyTriedAsInSysdig() throws Exception {
        Sysdig.require();
        SyntheticCapture c = machine();
        // 1-2: absolute, refused, with its enter event
        openat(c, AT_FDCWD, "/sys/kernel/pg-missing", ENOENT, true);
        // 3-4: relative to the cwd (/home/alice), refused: not below /sys
        openat(c, AT_FDCWD, "missing.cfg", ENOENT, true);
        // 5: exit only, as a live driver may send it
        openat(c, AT_FDCWD, "/sys/fs/pg-live", EACCES, false);
        // 6-7: /system (no '/' after /sys), refused
        openat(c, AT_FDCWD, "/system", ENOENT, true);
        // 8-9: a success below /sys
        openat(c, AT_FDCWD, "/sys/class/net", SYS_FD, true);
        // 10-11: relative to fd 7, refused: sysdig 0.29.3's parse_dirfd made the dir fd the event's, so it names
        // the failure after fd 7 (/sys/class/net); current libsinsp names it by its path (live: the test below)
        openat(c, SYS_FD, "eth9/address", ENOENT, true);
        Path capture = c.write(dir.resolve("failed-opens.scap"));

        for (String expr : List.of(BELOW_SYS, "fd.name startswith /sys/ and evt.res != SUCCESS",
                "fd.directory = /sys/fs", "fd.name = /home/alice/missing.cfg", "fd.name = /system",
                "fd.name = /sys/class/net")) {
            Sysdig.Result sysdig = Sysdig.exec(capture, "-p", "%evt.num", expr);
            assertThat(sysdig.exitStatus()).as("sysdig's exit status for %s: %s", expr, sysdig.err()).isZero();
            assertThat(FilterReplay.matching(capture, expr)).as(expr).isEqualTo(sysdig.lines());
        }
        String shown = String.join("\n", Sysdig.run(capture, "-p", "*%evt.num %evt.type %evt.res %fd.name"));
        assertThat(FilterReplay.matching(capture, BELOW_SYS)).as(shown).containsExactly("2", "5", "9", "11");
        assertThat(FilterReplay.matching(capture, "fd.name startswith /sys/ and evt.res != SUCCESS"))
                .containsExactly("2", "5", "11");
    }

    /**
     * Exits without their enters after a successful open, as the live driver sends them when it could not read the
     * path on entry (Falco's probe then sends an enter with an empty path): each failure is named by its own path,
     * as current libsinsp names it after that empty enter. Read as a capture, sysdig 0.29.3's way, the open's fd
     * stays the thread's last and names them all.
     */
    @Test
    void liveExitsWithoutEntersAreNamedByTheirOwnPath() throws Exception {
        SyntheticCapture c = machine();
        // 1-2: a success below /sys, which names fd 7
        openat(c, AT_FDCWD, "/sys/class/net", SYS_FD, true);
        // 3: relative to fd 7, refused, exit only
        openat(c, SYS_FD, "eth9/address", ENOENT, false);
        // 4: /system, refused, exit only
        openat(c, AT_FDCWD, "/system", ENOENT, false);
        // 5: /etc/pg-missing, refused, exit only
        openat(c, AT_FDCWD, "/etc/pg-missing", ENOENT, false);
        Path capture = c.write(dir.resolve("live-opens.scap"));
        assertThat(FilterReplay.matching(capture, BELOW_SYS, true)).containsExactly("2", "3");
        assertThat(FilterReplay.matching(capture, "fd.name = /sys/class/net/eth9/address", true))
                .containsExactly("3");
        assertThat(FilterReplay.matching(capture, "fd.name = /etc/pg-missing", true)).containsExactly("5");
        // read as a capture, as sysdig 0.29.3 reads it
        assertThat(FilterReplay.matching(capture, BELOW_SYS)).containsExactly("2", "3", "4", "5");
        if (Sysdig.available()) {
            assertThat(Sysdig.run(capture, "-p", "%evt.num", BELOW_SYS)).containsExactly("2", "3", "4", "5");
        }
    }

    /** No machine-info block: sysdig 0.29.3's is shorter than today's and it refuses the file. */
    private static SyntheticCapture machine() {
        return ShellMachine.capture().machine(null);
    }

    private static void openat(SyntheticCapture c, long dirfd, String name, long res, boolean withEnter) {
        if (withEnter) {
            c.enter(SHELL, "openat").set("dirfd", dirfd).set("name", name).set("flags", O_RDONLY);
        }
        c.exit(SHELL, "openat").set("fd", res).set("dirfd", dirfd).set("name", name).set("flags", O_RDONLY);
    }
}
