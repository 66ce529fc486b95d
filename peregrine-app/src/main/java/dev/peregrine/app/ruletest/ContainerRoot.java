package dev.peregrine.app.ruletest;

import dev.peregrine.app.ruletest.RuleTestRunner.ActionFailed;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Throwaway containers for rule tests, with podman and no image registry: an image made here from busybox
 * (Debian's busybox-static, its applets linked to it, a passwd and a group file), imported under a name of its
 * own ({@code localhost/peregrine-test:<random>}) so that containers have an image name, repository and tag;
 * and podman's Docker-compatible API served on a socket of the test run, so that Peregrine gets the containers'
 * metadata. Both go away on {@link #close}.
 *
 * @param image     the image's name: localhost/peregrine-test:TAG
 * @param api       podman's API server
 * @param apiSocket the socket podman's Docker-compatible API answers on
 */
public record ContainerRoot(String image, Process api, Path apiSocket) implements AutoCloseable {
    private static final Path BUSYBOX = Path.of("/bin/busybox");
    private static final long API_START_MS = 20_000;

    /** Makes the image from a root tree built in {@code work}, and starts podman's API on a socket there. */
    public static ContainerRoot make(Path work) throws ActionFailed {
        if (!Files.isExecutable(BUSYBOX) || !onPath("podman") || !onPath("runc")) {
            throw new ActionFailed("container tests need podman, runc and busybox-static "
                    + "(apt-get install -y podman runc busybox-static)");
        }
        Path root = work.resolve("rootfs");
        String image = "localhost/peregrine-test:" + HexFormat.of().formatHex(randomBytes());
        try {
            buildRoot(root);
            run(List.of("sh", "-c", "tar -C '" + root + "' -c . | podman import - " + image), "podman import");
        } catch (IOException e) {
            throw new ActionFailed("cannot make a container image from " + root + ": " + e.getMessage());
        }
        Path socket = work.resolve("podman.sock");
        Process api;
        try {
            api = new ProcessBuilder("podman", "system", "service", "--time=0", "unix://" + socket)
                    .redirectErrorStream(true).redirectOutput(work.resolve("podman-api.log").toFile()).start();
        } catch (IOException e) {
            removeImage(image);
            throw new ActionFailed("cannot start podman's API (podman system service): " + e.getMessage());
        }
        ContainerRoot made = new ContainerRoot(image, api, socket);
        made.awaitApi(work.resolve("podman-api.log"));
        return made;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[6];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    /** busybox, each applet a link to it (relative, so that it resolves inside the container), passwd, group. */
    private static void buildRoot(Path root) throws IOException, ActionFailed {
        for (String dir : List.of("bin", "etc", "proc", "sys", "dev", "tmp", "root", "run", "var/tmp")) {
            Files.createDirectories(root.resolve(dir));
        }
        Path bin = root.resolve("bin");
        Files.copy(BUSYBOX, bin.resolve("busybox"));
        String applets = run(List.of(BUSYBOX.toString(), "--list"), "busybox --list");
        for (String applet : applets.split("\n")) {
            String name = applet.strip();
            if (!name.isEmpty() && !name.equals("busybox") && !name.contains("/")) {
                Files.createSymbolicLink(bin.resolve(name), Path.of("busybox"));
            }
        }
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\n");
    }

    /** Waits until podman's API answers on its socket. */
    private void awaitApi(Path log) throws ActionFailed {
        long deadline = System.currentTimeMillis() + API_START_MS;
        while (System.currentTimeMillis() < deadline && api.isAlive()) {
            try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                c.connect(UnixDomainSocketAddress.of(apiSocket));
                return;
            } catch (IOException e) {
                sleep(50);
            }
        }
        String output = "";
        try {
            output = Files.readString(log, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            // no log to show
        }
        close();
        throw new ActionFailed("podman's API did not come up on " + apiSocket
                + (output.isEmpty() ? "" : ": " + output));
    }

    /**
     * The podman command that runs the action's command in a new container of the image; its id goes to
     * {@code cidFile}. With a terminal, podman runs under script(1), which gives it one.
     */
    List<String> command(RuleTest.InContainer c, Path cidFile) {
        return command(c.command(), c.privileged(), c.interactive(), cidFile);
    }

    /**
     * The podman command that runs {@code sh -c command} in a new container of the image, privileged or not,
     * with a terminal or not; the container's id goes to {@code cidFile}.
     */
    public List<String> command(String command, boolean privileged, boolean interactive, Path cidFile) {
        // cgroup v1 hosts need runc; CAP_SYS_RESOURCE may be missing, so the limits are set to what is allowed
        List<String> podman = new ArrayList<>(List.of("podman", "--runtime", "runc", "run", "--rm",
                "--cidfile", cidFile.toString(), "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024"));
        if (privileged) {
            podman.add("--privileged");
        }
        if (interactive) {
            podman.add("-it");
        }
        podman.addAll(List.of(image, "/bin/sh", "-c", command));
        if (!interactive) {
            return podman;
        }
        return List.of("script", "-qec", String.join(" ", podman.stream().map(ContainerRoot::quote).toList()),
                "/dev/null");
    }

    private static String quote(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    /** Runs a command to its end; its output, or ActionFailed naming {@code what} with what it printed. */
    private static String run(List<String> command, String what) throws ActionFailed {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new ActionFailed(what + " failed: " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new ActionFailed(what + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionFailed("interrupted");
        }
    }

    private static void removeImage(String image) {
        try {
            run(List.of("podman", "rmi", "-f", image), "podman rmi");
        } catch (ActionFailed e) {
            // a leftover test image: nothing to do about it here
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : (path + ":/usr/sbin:/sbin").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        api.destroy();
        try {
            if (!api.waitFor(10, TimeUnit.SECONDS)) {
                api.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        removeImage(image);
    }
}
