package dev.peregrine.packaging;

import dev.peregrine.config.ConfigLoader;
import dev.peregrine.config.FalcoConfig;
import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tarball: Falco's layout (one top folder holding usr/ and etc/, unpacked with --strip-components 1 under /),
 * its own Java runtime and AOT cache, and a launcher that runs with no JDK in reach.
 */
class TarballTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(1500)
    void holdsRuntimeCacheConfigurationRulesAndDriverAndRunsWithoutAJdk() throws Exception {
        Path tarball = Packages.tarball();
        List<String> entries = Command.ok(120, "tar", "-tzf", tarball.toString()).out().lines().toList();
        String top = Packages.NAME + "/";
        assertThat(entries).contains(top + "usr/bin/peregrine", top + "usr/lib/peregrine/peregrine.jar",
                top + "usr/lib/peregrine/peregrine.aot", top + "usr/lib/peregrine/peregrine-replay.aot",
                top + "usr/lib/peregrine/runtime/bin/java",
                top + "etc/peregrine/peregrine.yaml", top + "etc/peregrine/peregrine_rules.yaml",
                top + "usr/lib/systemd/system/peregrine.service");
        assertThat(entries).allMatch(e -> e.startsWith(top));

        Path root = dir.resolve("root");
        Files.createDirectories(root);
        Command.ok(120, "tar", "-xzf", tarball.toString(), "--strip-components", "1", "-C", root.toString());
        Path lib = root.resolve("usr/lib/peregrine");
        try (var jars = Files.list(lib.resolve("lib"))) {
            Path driver = jars.filter(j -> j.getFileName().toString().startsWith("peregrine-driver")).findFirst()
                    .orElseThrow();
            try (ZipFile z = new ZipFile(driver.toFile())) {
                assertThat(z.getEntry("dev/peregrine/driver/peregrine.bpf.o")).as("the eBPF object").isNotNull();
            }
        }

        // the shipped configuration is Falco's format, read by Peregrine's own loader, naming the installed rules
        FalcoConfig config = FalcoConfig.from(ConfigLoader.load(root.resolve("etc/peregrine/peregrine.yaml"),
                List.of(), root, Map.of()));
        assertThat(config.rulesFiles()).startsWith("/etc/peregrine/peregrine_rules.yaml");
        assertThat(Files.readString(root.resolve("etc/peregrine/peregrine_rules.yaml")))
                .isEqualTo(Files.readString(Packages.projectRoot().resolve("rules/peregrine_rules.yaml")));

        // no JDK on PATH, no JAVA_HOME; AOTMode=on makes the JVM fail unless it maps the shipped AOT cache
        Map<String, String> env = Packages.withoutJdk(dir.resolve("empty-path"),
                Map.of("PEREGRINE_JAVA_OPTS", "-XX:AOTMode=on"));
        String launcher = root.resolve("usr/bin/peregrine").toString();
        // --version alone comes from the text the build recorded; it is what the program itself prints
        Command version = Command.run(env, 120, launcher, "--version").succeeded();
        assertThat(version.out()).startsWith("Peregrine version: " + Packages.VERSION + " (x86_64)\n");
        Command jvmVersion = Command.run(env, 120, lib.resolve("runtime/bin/java").toString(), "-jar",
                lib.resolve("peregrine.jar").toString(), "--version").succeeded();
        assertThat(version.out()).isEqualTo(jvmVersion.out());

        String capture = SharedData.upstream("falco-legacy-tests/trace_files/cat_write.scap").toString();
        String rules = SharedData.upstream("falco-legacy-tests/rules/single_rule.yaml").toString();
        Command replay = Command.run(env, 300, launcher, "-c", root.resolve("etc/peregrine/peregrine.yaml").toString(),
                "-r", rules, "-e", capture, "-o", "log_stderr=false", "-o", "syslog_output.enabled=false").succeeded();
        assertThat(replay.out().lines().filter(l -> l.contains("Warning An open was seen (command=cat /dev/null)")))
                .hasSize(8);
        assertThat(replay.out()).contains("Events detected: 8");

        Command events = Command.run(env, 300, launcher, "events", "-r", capture, "-n", "200").succeeded();
        assertThat(events.out()).contains("< execve res=0 exe=cat args=/dev/null.");

        // the command-line library's classes (compiled for Java 5, upgraded by the build) come from the AOT cache
        Map<String, String> logClasses = Packages.withoutJdk(dir.resolve("empty-path"),
                Map.of("PEREGRINE_JAVA_OPTS", "-XX:AOTMode=on -Xlog:aot=info:stderr -Xlog:class+load=info:stderr"));
        Command logged = Command.run(logClasses, 300, launcher, "--help").succeeded();
        assertThat(logged.err()).contains("picocli.CommandLine source: shared objects file")
                .doesNotContain("picocli.CommandLine source: file:");
        // a replay maps the replays' own cache, which holds the event path's classes
        Command replayLogged = Command.run(logClasses, 300, launcher, "events", "-r", capture, "-n", "1").succeeded();
        assertThat(replayLogged.err()).contains("usr/lib/peregrine/peregrine-replay.aot")
                .contains("dev.peregrine.scap.EventView source: shared objects file");
    }
}
