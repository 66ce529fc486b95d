package dev.peregrine.app.falco;

import dev.peregrine.app.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One in-process run of the peregrine command line with its exit status, stdout and stderr. */
record CliRun(int status, String out, String err) {
    static Path defaultConfig() {
        return Path.of(System.getProperty("peregrine.root"), "config", "falco.yaml");
    }

    /**
     * Runs with Peregrine's default configuration (-c config/falco.yaml), log lines off and the web server off
     * (its fixed port may be taken on a test machine; tests of the web server turn it on), unless overridden.
     */
    static CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of("-c", defaultConfig().toString(), "-o", "log_stderr=false",
                "-o", "webserver.enabled=false"));
        all.addAll(List.of(args));
        return raw(all.toArray(new String[0]));
    }

    static CliRun raw(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = Main.run(o, e, Map.of("FALCO_HOSTNAME", "test-host"), args);
        }
        return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    List<String> outLines() {
        return out.lines().toList();
    }
}
