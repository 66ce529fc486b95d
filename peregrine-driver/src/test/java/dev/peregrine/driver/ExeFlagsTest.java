package dev.peregrine.driver;

import dev.peregrine.scap.EventView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.peregrine.driver.Captured.collect;
import static dev.peregrine.driver.Captured.type;
import static dev.peregrine.scap.EventIds.SYSCALL_EXECVE_19_X;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * execve's exe flags, which Falco's fileless-execution and container-drift rules read (proc.is_exe_writable,
 * proc.is_exe_upper_layer, proc.is_exe_lower_layer, proc.is_exe_from_memfd): an executable in a memfd, one the caller
 * may write, one it may not (on a read-only mount), and the two layers of an overlayfs this test mounts. Same
 * requirements and skipping rules as {@link LiveCaptureTest} (mounting needs root too).
 */
class ExeFlagsTest {
    private static final int WRITABLE = 1, UPPER_LAYER = 2, FROM_MEMFD = 4, LOWER_LAYER = 8;

    @RegisterExtension
    static final LiveCaptureResource live = new LiveCaptureResource(Set.of("execve"));

    @TempDir
    Path dir;

    private final List<Path> mounts = new ArrayList<>();

    @AfterEach
    void unmount() throws Exception {
        for (Path m : mounts.reversed()) {
            sh("umount " + m);
        }
    }

    /** A command's pid, once it ended with status 0. */
    private static long run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s ended", List.of(command)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", List.of(command), out).isZero();
        return p.pid();
    }

    private static void sh(String command) throws Exception {
        run("sh", "-c", command);
    }

    private static boolean argsStartWith(Captured c, String marker) {
        EventView v = c.view();
        return new String(v.paramBytes(v.info().paramIndex("args")), StandardCharsets.ISO_8859_1).startsWith(marker);
    }

    private void mount(String command, Path at) throws Exception {
        sh(command);
        mounts.add(at);
    }

    /** The flags of the successful execve of {@code exe} run by a shell with argument {@code marker}. */
    private static long flagsOfExec(String exe, String marker) throws Exception {
        long pid = run("sh", "-c", "exec " + exe + " " + marker);
        Captured e = collect(live.capture(), pid, Map.of("exec", type(SYSCALL_EXECVE_19_X,
                x -> x.num("res") == 0 && argsStartWith(x, marker)))).get("exec");
        return e.num("flags");
    }

    @Test
    void writableAndReadOnlyExecutables() throws Exception {
        Path copy = Files.copy(Path.of("/bin/true"), dir.resolve("pgtrue"), StandardCopyOption.COPY_ATTRIBUTES);
        assertThat(flagsOfExec(copy.toString(), "pg-writable") & (WRITABLE | UPPER_LAYER | LOWER_LAYER | FROM_MEMFD))
                .as("a copy of /bin/true the root caller owns").isEqualTo(WRITABLE);
        Path ro = Files.createDirectory(dir.resolve("ro"));
        mount("mount -t tmpfs -o size=8m pgro " + ro + " && cp /bin/true " + ro + "/pgtrue && mount -o remount,ro "
                + ro, ro);
        assertThat(flagsOfExec(ro.resolve("pgtrue").toString(), "pg-readonly") & WRITABLE)
                .as("an executable on a read-only mount").isZero();
    }

    @Test
    void overlayfsLayers() throws Exception {
        Path lower = Files.createDirectory(dir.resolve("lower"));
        Path upper = Files.createDirectory(dir.resolve("upper"));
        Path work = Files.createDirectory(dir.resolve("work"));
        Path merged = Files.createDirectory(dir.resolve("merged"));
        Files.copy(Path.of("/bin/true"), lower.resolve("lowertrue"), StandardCopyOption.COPY_ATTRIBUTES);
        mount("mount -t overlay pgoverlay -o lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work + " "
                + merged, merged);
        sh("cp /bin/true " + merged + "/uppertrue");
        assertThat(flagsOfExec(merged.resolve("lowertrue").toString(), "pg-lower") & (UPPER_LAYER | LOWER_LAYER))
                .as("a file of the lower layer").isEqualTo(LOWER_LAYER);
        assertThat(flagsOfExec(merged.resolve("uppertrue").toString(), "pg-upper") & (UPPER_LAYER | LOWER_LAYER))
                .as("a file written through the overlay, in its upper layer").isEqualTo(UPPER_LAYER);
    }

    @Test
    void executableFromAMemfd() throws Exception {
        String marker = "pg-memfd-" + System.nanoTime();
        long pid = run("python3", "-c", """
                import os, sys
                fd = os.memfd_create('pgmemfd', 0)
                os.write(fd, open('/bin/true', 'rb').read())
                os.execv('/proc/self/fd/%d' % fd, ['pgmemfd', sys.argv[1]])
                """, marker);
        Captured e = collect(live.capture(), pid, Map.of("exec", type(SYSCALL_EXECVE_19_X,
                x -> x.num("res") == 0 && argsStartWith(x, marker)))).get("exec");
        assertThat(e.num("flags") & (FROM_MEMFD | UPPER_LAYER | LOWER_LAYER)).isEqualTo(FROM_MEMFD);
    }
}
