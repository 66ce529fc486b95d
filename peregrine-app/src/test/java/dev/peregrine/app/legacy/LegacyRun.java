package dev.peregrine.app.legacy;

import dev.peregrine.app.Main;
import dev.peregrine.testkit.SharedData;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One run of Peregrine's Falco-compatible command line for a legacy spec entry, in this JVM. */
final class LegacyRun {
    /** Falco's own harness pinned the hostname so outputs are reproducible. */
    static final Map<String, String> ENV = Map.of("FALCO_HOSTNAME", "test-falco-hostname");
    /** The status of a run whose Main.run threw instead of returning. */
    static final int THREW = Integer.MIN_VALUE;
    private static final int SHOWN = 2048;

    final List<String> args;
    final int status;
    final String out;
    final String err;

    private LegacyRun(List<String> args, int status, String out, String err) {
        this.args = args;
        this.status = status;
        this.out = out;
        this.err = err;
    }

    /**
     * The command falco_test.py built, in its order: -V.. -r.. -D.. -c -e, the -o options, -v, extra options, then
     * -T.. -t.. -M -A and the ISO time option.
     */
    static List<String> args(LegacyCase c) {
        List<String> a = new ArrayList<>();
        for (String f : c.validateRulesFiles) {
            a.addAll(List.of("-V", c.resolve(f).toString()));
        }
        List<String> rules = c.rulesFiles;
        if (rules == null) {
            rules = List.of(SharedData.upstream("rules/falco_rules-1.0.1.yaml").toString());
        }
        for (String f : rules) {
            a.addAll(List.of("-r", c.resolve(f).toString())); // may be a directory (rules_directory)
        }
        for (String rule : c.disabledRules) {
            a.addAll(List.of("-D", rule));
        }
        a.addAll(List.of("-c", c.confFile != null ? c.resolve(c.confFile).toString() : defaultConf().toString()));
        if (c.traceFile != null) {
            a.addAll(List.of("-e", c.resolve(c.traceFile).toString()));
        }
        a.addAll(List.of("-o", "json_output=" + c.jsonOutput,
                "-o", "json_include_output_property=" + c.jsonIncludeOutputProperty,
                "-o", "json_include_tags_property=" + c.jsonIncludeTagsProperty,
                "-o", "priority=" + c.priority, "-v"));
        for (String source : c.enableSource) {
            a.add("--enable-source=" + source);
        }
        for (String opt : c.addlCmdlineOpts.split(" ")) {
            if (c.openParams().stream().anyMatch(p -> opt.endsWith(".open_params=" + p))) {
                // falco_test.py ran Falco in the test folder: a relative path there is one of its files
                int eq = opt.indexOf('=');
                a.add(opt.substring(0, eq + 1) + c.resolve(opt.substring(eq + 1)));
            } else if (!opt.isEmpty()) {
                a.add(opt);
            }
        }
        for (String tag : c.disableTags) {
            a.addAll(List.of("-T", tag));
        }
        for (String tag : c.runTags) {
            a.addAll(List.of("-t", tag));
        }
        if (c.runDuration != null) {
            a.addAll(List.of("-M", c.runDuration));
        }
        if (c.allEvents) {
            a.add("-A");
        }
        if (c.timeIso8601) {
            a.addAll(List.of("-o", "time_format_iso_8601=true"));
        }
        // not in falco_test.py: the default configuration's web server wants port 8765, which another process on
        // a test machine may hold; no spec looks at the web server (OutputsAndServicesTest does)
        a.addAll(List.of("-o", "webserver.enabled=false"));
        return a;
    }

    /** Where the old harness used Falco's falco.yaml, Peregrine's default configuration stands in. */
    static Path defaultConf() {
        return Path.of(System.getProperty("peregrine.root", "..")).resolve("config/falco.yaml");
    }

    /** Prepares the output files, runs the command line ({@link #args}) with stdout and stderr captured. */
    static LegacyRun run(LegacyCase c, List<String> args) throws IOException {
        for (LegacyCase.Strict s : c.outputStrictlyContains) {
            if (!s.actual().equals("stdout")) {
                // A file left by an earlier run would satisfy the check without this run writing anything.
                Path actual = Path.of(s.actual()).toAbsolutePath();
                Files.deleteIfExists(actual);
                Files.createDirectories(actual.getParent());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            try {
                status = Main.run(o, e, ENV, args.toArray(String[]::new));
            } catch (RuntimeException | Error ex) {
                // Reported as a failed run (with the command line) rather than a bare stack trace.
                StringWriter trace = new StringWriter();
                ex.printStackTrace(new PrintWriter(trace));
                e.print("\n[Main.run threw] " + trace);
                status = THREW;
            }
        }
        return new LegacyRun(List.copyOf(args), status, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }

    /** What a failure message shows: the command line, the exit status, stdout and stderr (shortened). */
    String report() {
        return "\n  command: peregrine " + String.join(" ", args)
                + "\n  exit status: " + (status == THREW ? "none (Main.run threw)" : status)
                + "\n  --- stdout ---\n" + shorten(out)
                + "\n  --- stderr ---\n" + shorten(err);
    }

    /** The head and the tail: the summary (Events detected, counts by rule) is at the end of stdout. */
    private static String shorten(String s) {
        if (s.length() <= 2 * SHOWN) {
            return s;
        }
        return s.substring(0, SHOWN) + "\n  [... " + (s.length() - 2 * SHOWN) + " chars left out ...]\n"
                + s.substring(s.length() - SHOWN);
    }
}
