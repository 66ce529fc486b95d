package dev.peregrine.app.ruletest;

import dev.peregrine.app.ruletest.RuleTestRunner.ActionFailed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A throwaway container's root: busybox (Debian's busybox-static) and its applets, a passwd and a group file.
 * No image registry is needed: podman runs it with --rootfs.
 */
final class ContainerRoot {
    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private final Path root;

    private ContainerRoot(Path root) {
        this.root = root;
    }

    static ContainerRoot make(Path root) throws ActionFailed {
        if (!Files.isExecutable(BUSYBOX) || !onPath("podman")) {
            throw new ActionFailed("container tests need podman, runc and busybox-static "
                    + "(apt-get install -y podman runc busybox-static)");
        }
        try {
            for (String dir : List.of("bin", "etc", "proc", "sys", "dev", "tmp", "root", "run", "var/tmp")) {
                Files.createDirectories(root.resolve(dir));
            }
            Files.copy(BUSYBOX, root.resolve("bin/busybox"));
            Process install = new ProcessBuilder(root.resolve("bin/busybox").toString(), "--install", "-s",
                    root.resolve("bin").toString()).inheritIO().start();
            if (install.waitFor() != 0) {
                throw new ActionFailed("busybox --install failed in " + root);
            }
            Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
            Files.writeString(root.resolve("etc/group"), "root:x:0:\n");
        } catch (IOException e) {
            throw new ActionFailed("cannot make a container root in " + root + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionFailed("interrupted");
        }
        return new ContainerRoot(root);
    }

    /**
     * The podman command that runs the action's command in a new container of this root; its id goes to
     * {@code cidFile}. With a terminal, podman runs under script(1), which gives it one.
     */
    List<String> command(RuleTest.InContainer c, Path cidFile) {
        // cgroup v1 hosts need runc; CAP_SYS_RESOURCE may be missing, so the limits are set to what is allowed
        List<String> podman = new ArrayList<>(List.of("podman", "--runtime", "runc", "run", "--rm",
                "--cidfile", cidFile.toString(), "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024"));
        if (c.privileged()) {
            podman.add("--privileged");
        }
        if (c.interactive()) {
            podman.add("-it");
        }
        podman.addAll(List.of("--rootfs", root.toString(), "/bin/sh", "-c", c.command()));
        if (!c.interactive()) {
            return podman;
        }
        return List.of("script", "-qec", String.join(" ", podman.stream().map(ContainerRoot::quote).toList()),
                "/dev/null");
    }

    private static String quote(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
