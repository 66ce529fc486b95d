package dev.peregrine.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A command run to its end: exit status, standard output and error (kept in files, so that nothing blocks). */
record Command(List<String> argv, int status, String out, String err) {

    /** Runs {@code argv} in this environment (null: the test's), to its end within {@code seconds}. */
    static Command run(Map<String, String> env, int seconds, String... argv) throws IOException, InterruptedException {
        Path out = Files.createTempFile("peregrine-cmd", ".out");
        Path err = Files.createTempFile("peregrine-cmd", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            if (env != null) {
                pb.environment().clear();
                pb.environment().putAll(env);
            }
            Process p = pb.start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(List.of(argv) + " did not end within " + seconds + " s:\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Command(List.of(argv), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Runs {@code argv} in the test's environment; it must exit with status 0. */
    static Command ok(int seconds, String... argv) throws IOException, InterruptedException {
        return run(null, seconds, argv).succeeded();
    }

    Command succeeded() {
        assertThat(status).as("%s failed:\n%s\n%s", argv, out, err).isZero();
        return this;
    }

    /** Whether a program is on the test's PATH. */
    static boolean exists(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
