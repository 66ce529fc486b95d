package dev.peregrine.packaging;

import dev.peregrine.testkit.SharedData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The packages bin/package makes from peregrine-app's jars (built by the reactor before this module's tests), made
 * once per test JVM into this module's target/package: the tarball, the Debian package and, where rpmbuild is
 * installed, the RPM.
 */
final class Packages {
    /** The version bin/package reads from the app's Version class. */
    static final String VERSION = dev.peregrine.app.Version.VERSION;
    static final String NAME = "peregrine-" + VERSION + "-x86_64";

    private static Path built;

    private Packages() {
    }

    static Path projectRoot() {
        return Path.of(System.getProperty("peregrine.root"));
    }

    /** The output folder, the packages made (once) on first use. */
    static synchronized Path built() throws IOException, InterruptedException {
        if (built == null) {
            Path out = projectRoot().resolve("peregrine-packaging/target/package");
            List<String> cmd = new ArrayList<>(List.of(projectRoot().resolve("bin/package").toString(),
                    "--no-build", "--out", out.toString(), "tarball", "deb"));
            if (Command.exists("rpmbuild")) {
                cmd.add("rpm");
            }
            Command.run(withShared(), 1200, cmd.toArray(new String[0])).succeeded();
            built = out;
        }
        return built;
    }

    static Path tarball() throws IOException, InterruptedException {
        return built().resolve(NAME + ".tar.gz");
    }

    static Path deb() throws IOException, InterruptedException {
        return built().resolve("peregrine_" + VERSION + "_amd64.deb");
    }

    static Path rpm() throws IOException, InterruptedException {
        return built().resolve("peregrine-" + VERSION + "-1.x86_64.rpm");
    }

    /** The test's environment with the shared data's place, so that the AOT training run replays its captures. */
    static Map<String, String> withShared() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PEREGRINE_SHARED", SharedData.root().toString());
        return env;
    }

    /**
     * An environment with no JDK in reach: no JAVA_HOME, and a PATH of one empty folder (the launcher uses shell
     * built-ins only); {@code extra} added.
     */
    static Map<String, String> withoutJdk(Path emptyDir, Map<String, String> extra) throws IOException {
        Files.createDirectories(emptyDir);
        try (Stream<Path> s = Files.list(emptyDir)) {
            if (s.findAny().isPresent()) {
                throw new IllegalArgumentException(emptyDir + " is not empty");
            }
        }
        Map<String, String> env = new HashMap<>(extra);
        env.put("PATH", emptyDir.toString());
        env.put("LANG", "C.UTF-8");
        return env;
    }
}
