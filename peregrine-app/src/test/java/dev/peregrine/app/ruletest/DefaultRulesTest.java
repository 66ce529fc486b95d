package dev.peregrine.app.ruletest;

import dev.peregrine.app.Main;
import dev.peregrine.driver.LiveCapture;
import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Peregrine's default rules, proven on this machine: rules/tests/*.yaml perform each rule's real action under live
 * capture (the rule must fire) and a benign look-alike (it must not), through {@code peregrine test}.
 */
class DefaultRulesTest {
    private static final Path ROOT = Path.of(System.getProperty("peregrine.root"));

    private static String runTests(String file) {
        if (LiveCapture.unavailableReason() != null) {
            SharedData.missing("the default rules' live tests need root, BTF and libbpf: "
                    + LiveCapture.unavailableReason());
        }
        Path tests = ROOT.resolve("rules/tests").resolve(file);
        assertThat(tests).exists();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = Main.run(o, e, Map.of(), "test", tests.toString());
        }
        String report = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertThat(status).as(report).isZero();
        return report;
    }

    @Test
    void everyHostRuleFiresOnItsActionAndStaysQuietOnItsLookAlike() throws Exception {
        String report = runTests("peregrine_rules_tests.yaml");
        long tests = Files.readAllLines(ROOT.resolve("rules/tests/peregrine_rules_tests.yaml")).stream()
                .filter(l -> l.startsWith("  - name: ")).count();
        assertThat(report).contains(tests + " tests, " + tests + " passed, 0 failed");
    }

    /** The container rules, in real podman containers of a busybox image (podman, runc, busybox-static). */
    @Test
    void everyContainerRuleFiresOnItsActionAndStaysQuietOnItsLookAlike() throws Exception {
        for (String tool : new String[]{"/usr/bin/podman", "/usr/sbin/runc", "/bin/busybox", "/usr/bin/script"}) {
            if (!Files.isExecutable(Path.of(tool))) {
                SharedData.missing("the container rules' tests need " + tool
                        + " (apt-get install -y podman runc busybox-static bsdutils)");
            }
        }
        String report = runTests("peregrine_rules_container_tests.yaml");
        long tests = Files.readAllLines(ROOT.resolve("rules/tests/peregrine_rules_container_tests.yaml")).stream()
                .filter(l -> l.startsWith("  - name: ")).count();
        assertThat(tests).isPositive();
        assertThat(report).contains(tests + " tests, " + tests + " passed, 0 failed");
    }

    /** The rules that read execve's executable flags (a program run from a memfd), live. */
    @Test
    void everyExecFlagsRuleFiresOnItsActionAndStaysQuietOnItsLookAlike() throws Exception {
        String report = runTests("peregrine_rules_exec_flags_tests.yaml");
        long tests = Files.readAllLines(ROOT.resolve("rules/tests/peregrine_rules_exec_flags_tests.yaml")).stream()
                .filter(l -> l.startsWith("  - name: ")).count();
        assertThat(tests).isPositive();
        assertThat(report).contains(tests + " tests, " + tests + " passed, 0 failed");
    }

    /** In Falco's language an unknown name in a list is a plain value: a misspelt list silently matches nothing. */
    @Test
    void everyListAndMacroTheRulesNameIsDefined() throws Exception {
        String text = Files.readString(ROOT.resolve("rules/peregrine_rules.yaml"));
        Set<String> defined = new HashSet<>();
        Matcher d = Pattern.compile("(?m)^- (?:list|macro): (peregrine_\\w+)").matcher(text);
        while (d.find()) {
            defined.add(d.group(1));
        }
        Matcher used = Pattern.compile("(?<![#\\w])peregrine_\\w+").matcher(text.replaceAll("(?m)#.*$", ""));
        Set<String> undefined = new TreeSet<>();
        while (used.find()) {
            if (!defined.contains(used.group())) {
                undefined.add(used.group());
            }
        }
        assertThat(undefined).isEmpty();
        assertThat(defined).hasSizeGreaterThan(30);
    }

    /** The shared captures hold ordinary work (web stacks, docker and Kubernetes, curl, cat): nothing to warn about. */
    @Test
    void replayingEverySharedCaptureRaisesNoWarning() {
        for (Path capture : SharedData.captures()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int status;
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                 PrintStream e = new PrintStream(OutputStream.nullOutputStream())) {
                status = Main.run(o, e, Map.of(), "-c", ROOT.resolve("config/falco.yaml").toString(), "-r",
                        ROOT.resolve("rules/peregrine_rules.yaml").toString(), "-e", capture.toString(),
                        "-o", "rule_matching=all", "-o", "webserver.enabled=false", "-o", "log_stderr=false");
            }
            String alerts = out.toString(StandardCharsets.UTF_8);
            assertThat(status).as(capture + ": " + alerts).isZero();
            assertThat(alerts.lines().filter(l -> l.matches("^\\S+: (Emergency|Alert|Critical|Error|Warning) .*")))
                    .as(capture.toString()).isEmpty();
            assertThat(alerts).as(capture.toString()).contains("Events detected: ");
        }
    }

    @Test
    void everyRuleOfTheDefaultFileHasATestAndALookAlike() throws Exception {
        List<String> rules = Files.readAllLines(ROOT.resolve("rules/peregrine_rules.yaml")).stream()
                .filter(l -> l.startsWith("- rule: ")).map(l -> l.substring("- rule: ".length()).strip()).toList();
        Set<String> fired = new HashSet<>();
        Set<String> keptSilent = new HashSet<>();
        try (var files = Files.list(ROOT.resolve("rules/tests"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                // A look-alike names the rule in silent, or is a benign test (silent: all, nothing expected)
                // right after the test that expects it.
                Set<String> previous = Set.of();
                for (RuleTest t : RuleTestFile.read(f).tests()) {
                    fired.addAll(t.expected().keySet());
                    keptSilent.addAll(t.silent());
                    if (t.onlyExpected() && t.expected().isEmpty()) {
                        keptSilent.addAll(previous);
                    } else {
                        previous = t.expected().keySet();
                    }
                }
            }
        }
        for (String rule : rules) {
            assertThat(fired).as("a test expecting '" + rule + "'").contains(rule);
            assertThat(keptSilent).as("a benign look-alike keeping '" + rule + "' silent").contains(rule);
        }
    }
}
