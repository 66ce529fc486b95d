package dev.peregrine.driver;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Child processes that make the syscalls the live tests capture, matched afterwards by their pid. */
final class ChildProcesses {
    private ChildProcesses() {
    }

    /** A command run to its end: its pid, exit status and output. */
    record Run(long pid, int status, String out) {
    }

    /** Runs a command to its end in {@code dir} (null: here): its pid, exit status and output. */
    static Run run(Path dir, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.pid(), p.waitFor(), out);
    }

    /** A python3 child that ran to a zero exit status, with the "key value" lines it printed. */
    record Child(long pid, Map<String, String> out) {
        long num(String key) {
            String v = out.get(key);
            assertThat(v).as("child printed %s: %s", key, out).isNotNull();
            return Long.parseLong(v);
        }
    }

    /** Runs a python3 child (with ctypes, os, socket, struct, {@code sc} = libc's syscall() and the SYS_name
     * syscall numbers of the event table); "key value" lines it prints come back in {@link Child#out}. */
    static Child python(Path dir, String script) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("python3", "-c", "import ctypes, os, socket, struct, sys\n"
                + "libc = ctypes.CDLL(None, use_errno=True)\nsc = libc.syscall\nsc.restype = ctypes.c_long\n"
                + SyscallNumbers.pythonAssignments() + "def out(k, v): print(k, v, flush=True)\n"
                + "def rc(r): return r if r >= 0 else -ctypes.get_errno()\n" + script).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("python exit status: %s", text).isZero();
        Map<String, String> out = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] kv = line.strip().split(" ", 2);
            if (kv.length == 2) {
                out.put(kv[0], kv[1]);
            }
        }
        return new Child(p.pid(), out);
    }
}
