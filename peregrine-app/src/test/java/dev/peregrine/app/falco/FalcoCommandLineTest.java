package dev.peregrine.app.falco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peregrine.rules.EngineVersion;
import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Falco's flags beyond what the legacy specs exercise, and clear errors for bad input. */
class FalcoCommandLineTest {
    private static final Pattern DETECTED = Pattern.compile("Events detected: (\\d+)");

    @TempDir
    Path dir;

    private static String capture(String name) {
        return SharedData.upstream("falco-legacy-tests/trace_files/" + name).toString();
    }

    private static String legacyRules(String name) {
        return SharedData.upstream("falco-legacy-tests/rules/" + name).toString();
    }

    private static long detected(CliRun r) {
        Matcher m = DETECTED.matcher(r.out());
        assertThat(m.find()).as(r.out() + r.err()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private Path rulesFile(String text) throws Exception {
        Path f = Files.createTempFile(dir, "rules", ".yaml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void textAlertsUseLocalTimeAndFalcosPriorityNames() {
        CliRun r = CliRun.run("-r", legacyRules("single_rule.yaml"), "-e", capture("cat_write.scap"));
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.outLines()).contains("16:17:57.881781397: Warning An open was seen (command=cat /dev/null)");
        assertThat(r.out()).endsWith("Events detected: 8\nRule counts by severity:\n   WARNING: 8\n"
                + "Triggered rules by rule name:\n   open_from_cat: 8\n");
    }

    @Test
    void replayConfigKeysWorkLikeDashE() {
        CliRun e = CliRun.run("-r", legacyRules("single_rule.yaml"), "-e", capture("cat_write.scap"));
        CliRun o = CliRun.run("-r", legacyRules("single_rule.yaml"), "-o", "engine.kind=replay", "-o",
                "engine.replay.capture_file=" + capture("cat_write.scap"));
        assertThat(o.status()).isZero();
        assertThat(o.out()).isEqualTo(e.out());
    }

    @Test
    void appendedOutputAndRuleMatchingAll() throws Exception {
        CliRun p = CliRun.run("-r", legacyRules("single_rule.yaml"), "-e", capture("cat_write.scap"), "-p",
                "pid=%proc.pid");
        assertThat(p.outLines()).contains(
                "16:17:57.881781397: Warning An open was seen (command=cat /dev/null) pid=20072");
        Path rules = rulesFile("""
                - rule: a
                  desc: a
                  condition: evt.type=open and proc.name=cat
                  output: a %evt.num
                  priority: WARNING
                - rule: b
                  desc: b
                  condition: evt.type=open and fd.name=/dev/null
                  output: b %evt.num
                  priority: WARNING
                """);
        long first = detected(CliRun.run("-r", rules.toString(), "-e", capture("cat_write.scap")));
        long all = detected(CliRun.run("-r", rules.toString(), "-e", capture("cat_write.scap"), "-o",
                "rule_matching=all"));
        assertThat(first).isEqualTo(8);
        assertThat(all).isEqualTo(9);
    }

    @Test
    void appendOutputAddsTextToMatchingRulesAndFieldsToJson() throws Exception {
        Path config = dir.resolve("append.yaml");
        Files.writeString(config, Files.readString(CliRun.defaultConfig()).replaceAll("(?m)^append_output:.*\\n(  - .*\\n)*", "")
                + """
                append_output:
                  - match:
                      rule: open_from_cat
                    extra_output: "on CPU %evt.cpu"
                    extra_fields:
                      - origin: "replay of %proc.name"
                      - proc.pid
                  - match:
                      rule: no_such_rule
                    extra_output: "never"
                """);
        CliRun r = CliRun.raw("-c", config.toString(), "-o", "log_stderr=false", "-o", "json_output=true",
                "-r", legacyRules("single_rule.yaml"), "-e", capture("cat_write.scap"));
        assertThat(r.status()).as(r.err()).isZero();
        JsonNode alert = new ObjectMapper().readTree(r.outLines().getFirst());
        assertThat(alert.get("output").asText()).endsWith("An open was seen (command=cat /dev/null) on CPU 0");
        JsonNode fields = alert.get("output_fields");
        assertThat(fields.get("evt.cpu").asInt()).isZero();
        assertThat(fields.get("origin").asText()).isEqualTo("replay of cat");
        assertThat(fields.get("proc.pid").isNumber()).isTrue();
        assertThat(r.out()).doesNotContain("never");
    }

    @Test
    void ruleSelectionsInTheConfigurationFormAndConflictsWithOptions() {
        CliRun r = CliRun.run("-r", legacyRules("tagged_rules.yaml"), "-e", capture("open-multiple-files.scap"),
                "-o", "rules[].disable.rule=*", "-o", "rules[].enable.tag=a");
        CliRun t = CliRun.run("-r", legacyRules("tagged_rules.yaml"), "-e", capture("open-multiple-files.scap"),
                "-t", "a");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(t.out());
        CliRun both = CliRun.run("-r", legacyRules("tagged_rules.yaml"), "-e", capture("open-multiple-files.scap"),
                "-o", "rules[].disable.rule=*", "-T", "a");
        assertThat(both.status()).isEqualTo(1);
        assertThat(both.err()).contains("Error: Specifying -D, -t, -T command line options together with \"rules:\"");
    }

    @Test
    void pidFileHoldsTheProcessId() throws Exception {
        Path pid = dir.resolve("peregrine.pid");
        CliRun r = CliRun.run("-r", legacyRules("single_rule.yaml"), "-e", capture("cat_write.scap"), "-P",
                pid.toString());
        assertThat(r.status()).isZero();
        assertThat(Files.readString(pid).strip()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
    }

    @Test
    void durationStopsAfterThatMuchEventTime() throws Exception {
        Path rules = rulesFile("""
                - rule: every_event
                  desc: every event
                  condition: evt.num > 0
                  output: "%evt.num"
                  priority: DEBUG
                  warn_evttypes: false
                """);
        long all = detected(CliRun.run("-r", rules.toString(), "-e", capture("ping_sendto.scap")));
        long two = detected(CliRun.run("-r", rules.toString(), "-e", capture("ping_sendto.scap"), "-M", "2"));
        assertThat(two).isPositive().isLessThan(all);
    }

    @Test
    void describeListSupportDryRunAndVersion() {
        CliRun l = CliRun.run("-r", legacyRules("single_rule.yaml"), "-r", legacyRules("double_rule.yaml"), "-L");
        assertThat(l.status()).isZero();
        assertThat(l.out()).contains("exec_from_cat").contains("access_from_cat");
        CliRun one = CliRun.run("-r", legacyRules("single_rule.yaml"), "-r", legacyRules("double_rule.yaml"), "-l", "exec_from_cat");
        assertThat(one.outLines()).hasSize(3);
        CliRun missing = CliRun.run("-r", legacyRules("single_rule.yaml"), "-r", legacyRules("double_rule.yaml"), "-l", "nope");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).contains("Error: Rule 'nope' not found");
        CliRun fields = CliRun.raw("--list", "-N");
        assertThat(fields.outLines()).contains("proc.name", "fd.name", "evt.type");
        CliRun support = CliRun.run("-r", legacyRules("single_rule.yaml"), "--support");
        assertThat(support.status()).isZero();
        assertThat(support.out()).contains("\"rules_files\"").contains("open_from_cat");
        CliRun dry = CliRun.run("-r", legacyRules("single_rule.yaml"), "-e", capture("cat_write.scap"),
                "--dry-run");
        assertThat(dry.status()).isZero();
        assertThat(dry.out()).doesNotContain("Events detected");
        assertThat(CliRun.raw("--version").out()).startsWith("Peregrine version: ")
                .contains("Engine:            " + EngineVersion.CURRENT + "\n");
    }

    @Test
    void validateJsonReportsFileLineAndItem() throws Exception {
        Path bad = rulesFile("""
                - rule: broken
                  desc: d
                  condition: evt.type=open and proc.nmae=cat
                  output: o
                  priority: WARNING
                """);
        CliRun r = CliRun.run("-o", "json_output=true", "-V", bad.toString());
        assertThat(r.status()).isEqualTo(1);
        JsonNode res = new ObjectMapper().readTree(r.outLines().getFirst()).get("falco_load_results").get(0);
        JsonNode err = res.get("errors").get(0);
        assertThat(err.get("code").asText()).isEqualTo("LOAD_ERR_COMPILE_CONDITION");
        assertThat(err.get("message").asText()).isEqualTo("filter_check called with nonexistent field proc.nmae");
        JsonNode loc = err.get("context").get("locations").get(1);
        assertThat(loc.get("item_type").asText()).isEqualTo("rule");
        assertThat(loc.get("item_name").asText()).isEqualTo("broken");
        assertThat(loc.get("position").get("line").asInt()).isEqualTo(1);
        CliRun text = CliRun.run("-V", bad.toString());
        assertThat(text.out()).contains(bad + ": Invalid").contains("rule 'broken'").contains("^");
    }

    @Test
    void badInputGivesOneClearErrorAndStatusOne() throws Exception {
        Path capture = Path.of(capture("cat_write.scap"));
        Path truncated = dir.resolve("truncated.scap");
        byte[] bytes = Files.readAllBytes(capture);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path badConfig = dir.resolve("falco.yaml");
        Files.writeString(badConfig, "json_output: maybe\n");
        String rules = legacyRules("single_rule.yaml");
        assertError(CliRun.run("-r", dir.resolve("missing.yaml").toString(), "-e", capture.toString()),
                "missing.yaml");
        assertError(CliRun.run("-r", rules, "-e", dir.resolve("missing.scap").toString()), "missing.scap");
        assertError(CliRun.run("-r", rules, "-e", truncated.toString()), "byte offset");
        assertError(CliRun.raw("-c", badConfig.toString(), "-r", rules, "-e", capture.toString()),
                badConfig + ":1: json_output");
        assertError(CliRun.raw("-c", dir.resolve("nope.yaml").toString(), "-r", rules), "nope.yaml");
        assertError(CliRun.run("-r", rules, "-e", capture.toString(), "-o", "priority=loud"), "priority");
        assertError(CliRun.run("-r", rules, "-e", capture.toString(), "-o", "file_output.enabled=true", "-o",
                "file_output.filename=" + dir.resolve("no/such/dir/out.txt")), "out.txt");
        assertError(CliRun.run("-r", rules, "--enable-source=k8s_audit"), "unknown event source: k8s_audit");
        assertError(CliRun.run("-r", rules, "--disable-source=syscall"), "Must enable at least one event source");
        assertError(CliRun.run("-r", rules, "-o", "engine.kind=nodriver"), "engine.kind=nodriver is not supported");
    }

    private static void assertError(CliRun r, String fragment) {
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.err()).contains("Error: ").contains(fragment).doesNotContain("\tat ").doesNotContain("Exception");
    }
}
