package dev.peregrine.driver;

import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed syscall_events.h is what tools/gen-syscall-events.py makes from the committed event table and
 * tools/syscall-layouts.txt: a hand edit of it, or a layout or table changed without regenerating it, fails here; so
 * does a layout the generator refuses (a syscall with an event of its own and no layout, a parameter without a
 * source).
 */
class GeneratedSyscallEventsTest {
    private static final String HEADER = "peregrine-driver/src/main/bpf/syscall_events.h";

    @TempDir
    Path out;

    private static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("tools/gen-syscall-events.py"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no tools/gen-syscall-events.py above " + Path.of("").toAbsolutePath());
    }

    private String generate(Path root, String... args) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(concat(List.of("python3", root.resolve("tools/gen-syscall-events.py").toString()),
                    args)).redirectErrorStream(true).start();
        } catch (IOException e) {
            SharedData.missing("python3 is needed to run tools/gen-syscall-events.py: " + e.getMessage());
            return null;
        }
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() + ":" + log;
    }

    private static List<String> concat(List<String> a, String... b) {
        return java.util.stream.Stream.concat(a.stream(), java.util.Arrays.stream(b)).toList();
    }

    @Test
    void committedHeaderIsTheGeneratorsOutput() throws Exception {
        Path root = projectRoot();
        assertThat(generate(root, "--out", out.toString())).isEqualTo("0:");
        assertThat(Files.readString(root.resolve(HEADER)))
                .as("%s differs from what tools/gen-syscall-events.py makes (run it and commit the result)", HEADER)
                .isEqualTo(Files.readString(out.resolve(HEADER)));
    }

    @Test
    void aParameterWithoutSourceIsRefusedWithItsLine() throws Exception {
        Path root = projectRoot();
        String layouts = Files.readString(root.resolve("tools/syscall-layouts.txt"))
                .replace("syscall lseek fd=FD(a0) offset=a1 whence=lseek_whence_to_scap(a2)",
                        "syscall lseek fd=FD(a0) offset=a1");
        Path edited = Files.writeString(out.resolve("layouts.txt"), layouts);
        String result = generate(root, "--layouts", edited.toString(), "--out", out.toString());
        assertThat(result).startsWith("1:").contains("layouts.txt:").contains("no source for parameter whence")
                .contains("PPME_SYSCALL_LSEEK_X");
    }

    @Test
    void aSyscallWithoutLayoutIsRefused() throws Exception {
        Path root = projectRoot();
        String layouts = Files.readString(root.resolve("tools/syscall-layouts.txt"))
                .replace("syscall chroot path=a0\n", "");
        Path edited = Files.writeString(out.resolve("layouts.txt"), layouts);
        assertThat(generate(root, "--layouts", edited.toString(), "--out", out.toString()))
                .startsWith("1:").contains("no layout for chroot");
    }
}
