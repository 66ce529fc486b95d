package dev.peregrine.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The syscall exerciser (syscall_exerciser.c, beside this class): a C program that makes every x86_64 syscall once,
 * straight to the kernel, and prints what it passed and got back. Built with the machine's C compiler (clang, as the
 * eBPF driver is, or cc) the first time a JVM needs it; a missing compiler skips the test (fails it on CI).
 */
public final class SyscallExerciser {
    private static final String SOURCE = "syscall_exerciser.c";
    private static final long TIMEOUT_SECONDS = 60;
    private static Path binary;

    private SyscallExerciser() {
    }

    /**
     * One syscall the exerciser made (or could not make).
     *
     * @param nr     its x86_64 number
     * @param res    what the kernel returned (-errno on failure)
     * @param params what the exit event must carry, by parameter name, in the exerciser's order (values in its
     *               notation: see syscall_exerciser.c)
     * @param skip   why it was not made, or null
     */
    public record Call(int nr, long res, Map<String, String> params, String skip) {
    }

    /**
     * A run of the exerciser.
     *
     * @param pid   its process id (and thread id: it makes every call from its main thread)
     * @param calls every syscall it made, in order
     */
    public record Run(long pid, List<Call> calls) {
    }

    /** The built exerciser (built on first use). */
    public static synchronized Path binary() {
        if (binary != null) {
            return binary;
        }
        String compiler = compiler();
        try {
            Path dir = Files.createTempDirectory("peregrine-exerciser");
            Path source = dir.resolve(SOURCE);
            try (InputStream in = SyscallExerciser.class.getResourceAsStream(SOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(SOURCE + " is not on the class path");
                }
                Files.copy(in, source);
            }
            Path out = dir.resolve("syscall_exerciser");
            Process p = new ProcessBuilder(compiler, "-O1", "-Wall", "-o", out.toString(), source.toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError(compiler + " could not build " + SOURCE + ":\n" + log);
            }
            binary = out;
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String compiler() {
        for (String c : List.of("clang", "cc", "gcc")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
                if (Files.isExecutable(Path.of(dir, c))) {
                    return c;
                }
            }
        }
        SharedData.missing("no C compiler (clang or cc) to build the syscall exerciser (.ci/run installs clang)");
        return null;
    }

    /**
     * Runs the exerciser in {@code dir} (an empty directory), making also the syscalls of {@code genericNumbers},
     * and waits for it. {@code started} gets its pid before it makes its first syscall.
     */
    public static Run run(Path dir, List<Integer> genericNumbers, LongConsumer started) {
        List<String> command = new ArrayList<>(List.of(binary().toString(), dir.toString()));
        genericNumbers.forEach(n -> command.add(Integer.toString(n)));
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            started.accept(p.pid());
            p.getOutputStream().close(); // its go
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the syscall exerciser did not end in " + TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("the syscall exerciser exited with " + p.exitValue() + ":\n" + out);
            }
            return new Run(p.pid(), parse(out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The exerciser's lines: NR, RES (or "skip"), then PARAM=VALUE pairs (or the reason of a skip). */
    static List<Call> parse(String out) {
        List<Call> calls = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            int nr = Integer.parseInt(f[0]);
            if (f[1].equals("skip")) {
                calls.add(new Call(nr, 0, Map.of(), f.length > 2 ? f[2] : "?"));
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 2; i < f.length; i++) {
                int eq = f[i].indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("bad exerciser line (no PARAM=VALUE in field " + i + "): "
                            + line);
                }
                params.put(f[i].substring(0, eq), f[i].substring(eq + 1));
            }
            calls.add(new Call(nr, Long.parseLong(f[1]), params, null));
        }
        return calls;
    }
}
