package dev.peregrine.rules.engine;

import dev.peregrine.fields.EventContext;
import dev.peregrine.rules.CompiledRule;
import dev.peregrine.rules.LoadResult;
import dev.peregrine.rules.Priority;
import dev.peregrine.rules.RulesLoader;
import dev.peregrine.scap.CaptureReader;
import dev.peregrine.scap.EventView;
import dev.peregrine.state.SystemState;
import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event-type index (and the syscall index of generic events) only skips rules that cannot match: on every
 * shared capture, with Falco's stable, incubating and sandbox rules, the indexed ruleset gives the same matches as
 * trying every enabled rule on every event.
 */
class RulesetIndexTest {
    @Test
    void indexedRulesetMatchesLikeTryingEveryRule() throws Exception {
        LoadResult rules = RulesLoader.load(List.of(SharedData.upstream("rules/falco_rules.yaml"),
                SharedData.upstream("rules/falco-incubating_rules.yaml"),
                SharedData.upstream("rules/falco-sandbox_rules.yaml")));
        assertThat(rules.errors()).isEmpty();
        List<CompiledRule> loaded = rules.rules();
        // every rule enabled, so that each is exercised
        RuleSelection all = new RuleSelection(List.of(new RuleSelection.Step(true, RuleSelection.By.ALL, "")));
        Ruleset ruleset = Ruleset.build(loaded, all, Priority.DEBUG, false);
        long total = 0;
        for (Path capture : SharedData.captures()) {
            List<String> indexed = new ArrayList<>();
            List<String> brute = new ArrayList<>();
            try (CaptureReader reader = CaptureReader.open(capture)) {
                SystemState state = new SystemState(reader.metadata());
                EventView event = new EventView();
                EventContext ctx = new EventContext(state, event);
                long n = 0;
                while (reader.next(event)) {
                    state.process(event);
                    ctx.advance(++n);
                    long num = n;
                    ruleset.evaluate(ctx, (id, rule, c) -> indexed.add(num + ":" + id));
                    for (int id = 0; id < loaded.size(); id++) {
                        if (loaded.get(id).filter().matches(ctx)) {
                            brute.add(num + ":" + id);
                        }
                    }
                }
            } catch (dev.peregrine.scap.CaptureFormatException e) {
                continue; // captures the reader refuses are covered by the capture tests
            }
            assertThat(indexed).as(capture.getFileName().toString()).isEqualTo(brute);
            total += brute.size();
        }
        assertThat(total).as("matches over all captures").isPositive();
    }
}
