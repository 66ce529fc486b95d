package dev.peregrine.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A cgroup named as a container runtime names a container's (Docker's systemd driver: {@code
 * <parent>/docker-<64 hex>.scope}; containerd's CRI: {@code cri-containerd-<64 hex>.scope}), made for a test and
 * removed after it: a process moved into it looks, to libsinsp's container matching, like a container process.
 * Made in the unified hierarchy on cgroup v2, in cpu's on v1 or hybrid machines. Needs root.
 */
public final class TestCgroup implements AutoCloseable {
    private final Path parent;
    private final Path dir;
    private final String id;

    private TestCgroup(Path parent, String id, String prefix, String suffix) throws IOException {
        this.parent = parent;
        this.id = id;
        this.dir = Files.createDirectories(parent.resolve(prefix + id + suffix));
    }

    /** A new docker-like cgroup with a random 64-hex-digit container id, under a parent named after {@code tag}. */
    public static TestCgroup dockerLike(String tag) throws IOException {
        return named(tag, "docker-", ".scope");
    }

    /** A new cgroup {@code <prefix><random 64-hex-digit id><suffix>}, under a parent named after {@code tag}. */
    public static TestCgroup named(String tag, String prefix, String suffix) throws IOException {
        byte[] raw = new byte[32];
        ThreadLocalRandom.current().nextBytes(raw);
        return new TestCgroup(root().resolve("peregrine-test-" + tag), HexFormat.of().formatHex(raw), prefix, suffix);
    }

    private static Path root() {
        Path v2 = Path.of("/sys/fs/cgroup");
        if (Files.exists(v2.resolve("cgroup.controllers"))) {
            return v2;
        }
        Path cpu = Path.of("/sys/fs/cgroup/cpu");
        if (!Files.exists(cpu.resolve("cgroup.procs"))) {
            throw new IllegalStateException("neither a cgroup v2 hierarchy at /sys/fs/cgroup nor a v1 cpu hierarchy");
        }
        return cpu;
    }

    /** The full container id (64 hex digits). */
    public String id() {
        return id;
    }

    /** The cgroup's directory; write a pid to its cgroup.procs to move a process in. */
    public Path dir() {
        return dir;
    }

    /** The cgroup's path as /proc/PID/cgroup and the driver show it: from the hierarchy's root. */
    public String path() {
        return "/" + parent.getFileName() + "/" + dir.getFileName();
    }

    @Override
    public void close() {
        remove(dir);
        remove(parent);
    }

    private static void remove(Path dir) {
        for (int i = 0; i < 50; i++) { // busy for a moment while an exited task is released
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new UncheckedIOException(new IOException("cannot remove the test cgroup " + dir));
    }
}
