package dev.peregrine.app.ruletest;

import dev.peregrine.app.Main;
import dev.peregrine.driver.LiveCapture;
import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code peregrine test} command, run as a user runs it, on captures and (as root) on the live machine. */
class TestCommandTest {
    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = Main.run(o, e, Map.of(), args);
        }
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path tests(String yaml) throws IOException {
        return Files.writeString(dir.resolve("tests.yaml"), yaml);
    }

    @Test
    void aCaptureTestPassesWhenTheRuleFiresAsOftenAsExpected() throws IOException {
        Path rules = SharedData.upstream("falco-legacy-tests/rules/single_rule.yaml");
        Path capture = SharedData.upstream("falco-legacy-tests/trace_files/cat_write.scap");
        Path file = tests("rules_files: [" + rules + "]\ntests:\n"
                + "  - name: cat opens\n    capture: " + capture + "\n    expect: {open_from_cat: 8}\n    silent: all\n"
                + "  - name: wrong count\n    capture: " + capture + "\n    expect: {open_from_cat: 3}\n"
                + "  - name: unknown rule\n    capture: " + capture + "\n    expect: {no_such_rule: 1}\n"
                + "  - name: must stay silent\n    capture: " + capture + "\n    silent: [open_from_cat]\n");
        Run r = run("test", file.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out().lines()).contains(
                "PASS  cat opens  (" + file + ":3)",
                "FAIL  wrong count  (" + file + ":7)",
                "FAIL  unknown rule  (" + file + ":10)",
                "      no loaded rule is named 'no_such_rule'",
                "FAIL  must stay silent  (" + file + ":13)",
                "4 tests, 1 passed, 3 failed");
        assertThat(r.out()).contains("      'open_from_cat' should fire 3 times, it fired 8, first: ")
                .contains("      'open_from_cat' should stay silent, it fired 8: ")
                .contains("Warning An open was seen (command=cat /dev/null)");
    }

    @Test
    void allPassingGivesStatusZeroAndRulesFromTheCommandLineWin() throws IOException {
        Path capture = SharedData.upstream("falco-legacy-tests/trace_files/cat_write.scap");
        Path file = tests("rules_files: [/no/such/rules.yaml]\ntests:\n"
                + "  - name: cat opens\n    capture: " + capture + "\n    expect: {open_from_cat: 8}\n");
        Run r = run("test", "-r", SharedData.upstream("falco-legacy-tests/rules/single_rule.yaml").toString(),
                file.toString());
        assertThat(r.status()).isZero();
        assertThat(r.out()).endsWith("1 tests, 1 passed, 0 failed\n");
    }

    @Test
    void brokenTestFilesAndRulesAreErrorsWithoutAStackTrace() throws IOException {
        Path file = tests("tests:\n  - name: a\n    run: x\n    expect: {R: lots}\n");
        Run r = run("test", file.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error: " + file + ":4: expected a count (N, or >= N), got 'lots'\n");

        Path rules = Files.writeString(dir.resolve("broken.yaml"), "- rule: x\n  condition: evt.type=open and\n");
        Path ok = tests("rules_files: [" + rules + "]\ntests:\n  - name: a\n    run: x\n    silent: all\n");
        Run broken = run("test", ok.toString());
        assertThat(broken.status()).isEqualTo(1);
        assertThat(broken.err()).startsWith("Error: ").contains(rules.toString()).doesNotContain("\tat ");
    }

    @Test
    void liveActionsCountOnlyTheirOwnProcesses() throws IOException {
        if (LiveCapture.unavailableReason() != null) {
            SharedData.missing("live rule tests need root, BTF and libbpf: " + LiveCapture.unavailableReason());
        }
        Path rules = Files.writeString(dir.resolve("rules.yaml"), """
                - rule: Marker file opened
                  desc: a file of this test opened for reading
                  condition: evt.type in (open, openat, openat2) and evt.dir=< and fd.name endswith /peregrine-marker
                  output: marker opened (command=%proc.cmdline)
                  priority: WARNING
                """);
        Path marker = Files.writeString(dir.resolve("peregrine-marker"), "x");
        Path file = tests("rules_files: [" + rules + "]\ntests:\n"
                + "  - name: the action opens the marker twice\n    run: cat " + marker + " " + marker
                + " > /dev/null\n    expect: {Marker file opened: 2}\n"
                + "  - name: another file is not the marker\n    run: cat /etc/hostname > /dev/null\n"
                + "    silent: all\n"
                + "  - name: a child of a child counts\n    run: sh -c 'sh -c \"cat " + marker + "\"' > /dev/null\n"
                + "    expect: {Marker file opened: 1}\n");
        // meanwhile, another process opens the marker: it is not the action's, so it must not count
        Process other = new ProcessBuilder("sh", "-c", "while true; do cat " + marker + " > /dev/null; sleep 0.05; done")
                .start();
        try {
            Run r = run("test", file.toString());
            assertThat(r.out()).contains("PASS  the action opens the marker twice", "PASS  another file is not the marker",
                    "PASS  a child of a child counts", "3 tests, 3 passed, 0 failed");
            assertThat(r.status()).isZero();
        } finally {
            other.destroy();
        }
    }
}
