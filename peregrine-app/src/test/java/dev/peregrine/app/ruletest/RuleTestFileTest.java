package dev.peregrine.app.ruletest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleTestFileTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("tests.yaml"), yaml);
    }

    private void assertInvalid(String yaml, String message) throws IOException {
        Path f = write(yaml);
        assertThatThrownBy(() -> RuleTestFile.read(f)).isInstanceOf(RuleTestFile.Invalid.class)
                .hasMessage(f + message);
    }

    @Test
    void readsEveryKindOfActionWithItsExpectations() throws Exception {
        Path f = write("""
                rules_files: [rules/mine.yaml, /abs/other.yaml]
                tests:
                  - name: shadow read
                    run: cat /etc/shadow
                    expect:
                      Credential file read: 1
                      Other: ">= 2"
                    silent: [Write below etc]
                  - name: privileged container
                    container: {run: "true", privileged: true, interactive: true}
                    silent: all
                  - name: a capture
                    capture: traces/x.scap
                    expect: {Rule: 0}
                """);
        RuleTestFile file = RuleTestFile.read(f);
        assertThat(file.rulesFiles()).containsExactly(dir.resolve("rules/mine.yaml"), Path.of("/abs/other.yaml"));
        List<RuleTest> tests = file.tests();
        assertThat(tests).hasSize(3);
        RuleTest shadow = tests.get(0);
        assertThat(shadow.name()).isEqualTo("shadow read");
        assertThat(shadow.where()).isEqualTo(f + ":3");
        assertThat(shadow.action()).isEqualTo(new RuleTest.Run("cat /etc/shadow"));
        assertThat(shadow.expected()).containsEntry("Credential file read", new RuleTest.Times(1, false))
                .containsEntry("Other", new RuleTest.Times(2, true));
        assertThat(shadow.silent()).containsExactly("Write below etc");
        assertThat(shadow.onlyExpected()).isFalse();
        assertThat(tests.get(1).action()).isEqualTo(new RuleTest.InContainer("true", true, true));
        assertThat(tests.get(1).onlyExpected()).isTrue();
        assertThat(tests.get(2).action()).isEqualTo(new RuleTest.Replay(dir.resolve("traces/x.scap")));
        assertThat(tests.get(2).expected()).containsEntry("Rule", new RuleTest.Times(0, false));
    }

    @Test
    void timesAcceptExactlyOrAtLeast() {
        assertThat(new RuleTest.Times(1, false).accepts(1)).isTrue();
        assertThat(new RuleTest.Times(1, false).accepts(2)).isFalse();
        assertThat(new RuleTest.Times(2, true).accepts(3)).isTrue();
        assertThat(new RuleTest.Times(2, true).accepts(1)).isFalse();
        assertThat(new RuleTest.Times(1, false)).hasToString("1 time");
        assertThat(new RuleTest.Times(2, true)).hasToString("at least 2 times");
    }

    @Test
    void mistakesNameTheFileAndLine() throws IOException {
        assertInvalid("tests:\n  - name: a\n    run: x\n    expct: {R: 1}\n",
                ":4: unknown key 'expct' in a test (known: capture, container, expect, name, run, silent)");
        assertInvalid("tests:\n  - name: a\n    run: x\n    capture: y.scap\n    silent: all\n",
                ":2: test 'a' needs exactly one of run, container, capture; it has run and capture");
        assertInvalid("tests:\n  - name: a\n    silent: all\n",
                ":2: test 'a' needs exactly one of run, container, capture; it has none");
        assertInvalid("tests:\n  - name: a\n    run: x\n    expect: {R: many}\n",
                ":4: expected a count (N, or >= N), got 'many'");
        assertInvalid("tests:\n  - name: a\n    run: x\n", ":2: test 'a' checks nothing: give it expect, silent or both");
        assertInvalid("tests:\n  - run: x\n    silent: all\n", ":2: a test needs a name");
        assertInvalid("rules_files: []\n", ":1: no tests: the file needs a 'tests' list");
        assertInvalid("tests: [\n", ":2: invalid YAML: expected the node content, but found '<stream end>'");
        assertInvalid("tests:\n  - name: a\n    container: {privileged: true}\n    silent: all\n",
                ":3: container needs a run command");
        assertInvalid("tests:\n  - name: a\n    container: {run: x, privileged: yes please}\n    silent: all\n",
                ":3: privileged: expected true or false, got 'yes please'");
    }

    @Test
    void aMissingFileIsSaidSo() {
        Path f = dir.resolve("none.yaml");
        assertThatThrownBy(() -> RuleTestFile.read(f)).hasMessage(f + ": cannot read: no such file");
    }
}
