package dev.peregrine.rules.engine;

import dev.peregrine.fields.EventContext;
import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.rules.CompiledRule;
import dev.peregrine.rules.LoadResult;
import dev.peregrine.rules.Priority;
import dev.peregrine.rules.RulesLoader;
import dev.peregrine.scap.CaptureReader;
import dev.peregrine.scap.EventView;
import dev.peregrine.state.SystemState;
import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Rules run over Falco's cat_write.scap: indexing, rule_matching, priorities, selections and alert text. */
class EngineTest {
    private static final String RULES = """
            - macro: is_cat
              condition: proc.name=cat
            - rule: open_from_cat
              desc: A process named cat does an open
              condition: evt.type=open and is_cat
              output: "An open was seen (command=%proc.cmdline)"
              priority: WARNING
              tags: [filesystem, process]
            - rule: any_cat
              desc: anything cat does
              condition: is_cat and evt.dir=<
              output: "cat did %evt.type (port=%fd.cport)"
              priority: INFO
              tags: [process]
            """;

    private static List<CompiledRule> rules() {
        LoadResult r = new RulesLoader(FieldRegistry.standard()).add("test.yaml", RULES).load();
        assertThat(r.errors()).isEmpty();
        return r.rules();
    }

    private record Run(RuleStats stats, List<String> lines) {
    }

    private static Run run(Ruleset ruleset, AlertOptions options) throws Exception {
        Path capture = SharedData.upstream("falco-legacy-tests/trace_files/cat_write.scap");
        RuleStats stats = new RuleStats(ruleset.loaded());
        AlertFormatter formatter = new AlertFormatter(options);
        AlertFormat[] formats = ruleset.loaded().stream()
                .map(r -> AlertFormat.compile(r.output(), FieldRegistry.standard())).toArray(AlertFormat[]::new);
        List<String> lines = new ArrayList<>();
        try (CaptureReader reader = CaptureReader.open(capture)) {
            SystemState state = new SystemState(reader.metadata());
            EventView event = new EventView();
            EventContext ctx = new EventContext(state, event);
            long n = 0;
            while (reader.next(event)) {
                state.process(event);
                ctx.advance(++n);
                ruleset.evaluate(ctx, (id, rule, c) -> {
                    stats.count(id, rule);
                    lines.add(formatter.format(rule, formats[id], ctx));
                });
            }
        }
        return new Run(stats, lines);
    }

    @Test
    void firstMatchStopsAtTheFirstRuleInLoadOrder() throws Exception {
        Run first = run(Ruleset.build(rules(), RuleSelection.none(), Priority.DEBUG, true),
                AlertOptions.text("h"));
        Run all = run(Ruleset.build(rules(), RuleSelection.none(), Priority.DEBUG, false), AlertOptions.text("h"));
        assertThat(first.stats().count(0)).isEqualTo(8);
        assertThat(all.stats().count(0)).isEqualTo(8);
        // with "all", the 4 open exits are counted by both rules; with "first", any_cat loses them
        assertThat(all.stats().count(1)).isEqualTo(first.stats().count(1) + 4);
        assertThat(first.stats().format()).startsWith("Events detected: " + first.stats().total()
                + "\nRule counts by severity:\n   WARNING: 8\n   INFO: ");
        assertThat(first.stats().format()).contains("Triggered rules by rule name:\n   open_from_cat: 8\n"
                + "   any_cat: ");
    }

    @Test
    void priorityThresholdAndSelectionsDecideWhatRuns() throws Exception {
        Run warningUp = run(Ruleset.build(rules(), RuleSelection.none(), Priority.WARNING, false),
                AlertOptions.text("h"));
        assertThat(warningUp.stats().total()).isEqualTo(8);
        Run noProcess = run(Ruleset.build(rules(), new RuleSelection(RuleSelection.fromOptions(List.of(),
                List.of("filesystem"), List.of())), Priority.DEBUG, false), AlertOptions.text("h"));
        assertThat(noProcess.stats().count(0)).isZero();
        assertThat(noProcess.stats().count(1)).isPositive();
        Run onlyFs = run(Ruleset.build(rules(), new RuleSelection(RuleSelection.fromOptions(List.of(), List.of(),
                List.of("filesystem"))), Priority.DEBUG, false), AlertOptions.text("h"));
        assertThat(onlyFs.stats().count(1)).isZero();
        assertThat(onlyFs.stats().count(0)).isEqualTo(8);
        Run wildcard = run(Ruleset.build(rules(), new RuleSelection(List.of(
                new RuleSelection.Step(false, RuleSelection.By.NAME_WILDCARD, "*"),
                new RuleSelection.Step(true, RuleSelection.By.NAME_WILDCARD, "open_*"))), Priority.DEBUG, false),
                AlertOptions.text("h"));
        assertThat(wildcard.stats().total()).isEqualTo(8);
    }

    @Test
    void textAlertsAreFalcosLines() throws Exception {
        Path expected = SharedData.upstream("falco-legacy-tests/output_files/single_rule_with_cat_write.txt");
        Run run = run(Ruleset.build(rules(), RuleSelection.none(), Priority.WARNING, true),
                new AlertOptions(false, true, true, false, true, true, "h"));
        assertThat(run.lines()).containsExactlyElementsOf(Files.readAllLines(expected));
    }

    @Test
    void jsonAlertsHaveFalcosKeysInOrderAndTypedFields() throws Exception {
        Run run = run(Ruleset.build(rules(), RuleSelection.none(), Priority.DEBUG, true),
                new AlertOptions(true, true, true, false, true, true, "test-host"));
        String open = run.lines().stream().filter(l -> l.contains("open_from_cat")).findFirst().orElseThrow();
        assertThat(open).isEqualTo("{\"hostname\":\"test-host\",\"output\":"
                + "\"2016-08-04T16:17:57.881781397+0000: Warning An open was seen (command=cat /dev/null)\","
                + "\"output_fields\":{\"evt.time.iso8601\":1470327477881781397,\"proc.cmdline\":\"cat /dev/null\"},"
                + "\"priority\":\"Warning\",\"rule\":\"open_from_cat\",\"source\":\"syscall\","
                + "\"tags\":[\"filesystem\",\"process\"],\"time\":\"2016-08-04T16:17:57.881781397Z\"}");
        // a missing field is null in output_fields and <NA> in the text
        String info = run.lines().stream().filter(l -> l.contains("\"rule\":\"any_cat\"")).findFirst().orElseThrow();
        assertThat(info).contains("port=<NA>").contains("\"fd.cport\":null");
        Run noExtras = run(Ruleset.build(rules(), RuleSelection.none(), Priority.DEBUG, true),
                new AlertOptions(true, false, false, true, false, false, "h"));
        String openLine = noExtras.lines().stream().filter(l -> l.contains("open_from_cat")).findFirst().orElseThrow();
        assertThat(openLine).doesNotContain("\"output\"").doesNotContain("\"tags\"")
                .doesNotContain("output_fields").contains("\"message\":\"An open was seen (command=cat /dev/null)\"");
    }

    @Test
    void wildcardsMatchLikeFalcos() {
        assertThat(Wildcard.matches("*", "anything")).isTrue();
        assertThat(Wildcard.matches("open_*", "open_from_cat")).isTrue();
        assertThat(Wildcard.matches("open_?rom*", "open_from_cat")).isTrue();
        assertThat(Wildcard.matches("*cat", "open_from_cat")).isTrue();
        assertThat(Wildcard.matches("*dog", "open_from_cat")).isFalse();
        assertThat(Wildcard.matches("open", "open_from_cat")).isFalse();
    }

    @Test
    void textLinesAreEscapedAsCurrentFalcoEscapesThem() {
        assertThat(AlertFormatter.escape("a \"quoted\"\tline\n")).isEqualTo("a \\\"quoted\\\"\\tline\\n");
        assertThat(AlertFormatter.escape("plain")).isEqualTo("plain");
    }
}
