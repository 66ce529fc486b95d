package dev.peregrine.app.falco;

import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.filter.eval.Filter;
import dev.peregrine.inspector.LiveSource;
import dev.peregrine.rules.LoadResult;
import dev.peregrine.rules.Priority;
import dev.peregrine.rules.RulesLoader;
import dev.peregrine.rules.engine.RuleSelection;
import dev.peregrine.rules.engine.Ruleset;
import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which syscalls the live driver is told to send, for given rules and base_syscalls settings. */
class InterestingSyscallsTest {
    private static Ruleset rules(String condition) {
        LoadResult r = new RulesLoader(FieldRegistry.standard()).add("r.yaml", """
                - rule: r
                  desc: d
                  condition: %s
                  output: o
                  priority: WARNING
                """.formatted(condition)).load();
        assertThat(r.errors()).isEmpty();
        return Ruleset.build(r.rules(), RuleSelection.none(), Priority.DEBUG, true);
    }

    @Test
    void stateSetPlusWhatTheRulesNeed() {
        var s = InterestingSyscalls.of(rules("evt.type=memfd_create and proc.name=x"), false, List.of(), false);
        assertThat(s).contains("memfd_create", "execve", "clone", "openat", "close", "connect", "prctl")
                .doesNotContain("read", "write");
        // prctl is a state syscall (it marks child subreapers), memfd_create is traced for rules only
        var none = InterestingSyscalls.of(rules("evt.type=execve"), false, List.of(), false);
        assertThat(none).contains("prctl").doesNotContain("memfd_create", "read", "write");
    }

    @Test
    void allEventsAndCustomSets() {
        Ruleset r = rules("evt.type=execve");
        assertThat(InterestingSyscalls.of(r, true, List.of(), false)).contains("read", "write", "prctl");
        assertThat(InterestingSyscalls.of(r, false, List.of("openat", "close"), false))
                .containsExactlyInAnyOrder("openat", "close", "execve");
        assertThat(InterestingSyscalls.of(r, false, List.of("openat"), true)).contains("openat", "clone", "dup");
    }

    @Test
    void aRuleWithoutAnEventTypeNeedsEverything() {
        assertThat(InterestingSyscalls.of(rules("proc.name=cat"), false, List.of(), false))
                .contains("read", "write", "prctl", "memfd_create");
    }

    @Test
    void newerSyscallsAndEventsNamedOtherwiseThanTheirSyscall() {
        // statx comes as a generic event, pread64's event is named pread, mprotect has an event of its own
        assertThat(InterestingSyscalls.of(rules("evt.type in (statx, pread, mprotect)"), false, List.of(), false))
                .contains("statx", "pread64", "mprotect").doesNotContain("read", "futex");
    }

    @Test
    void eventsTracesEverythingUnlessTheFilterNamesEventTypes() {
        assertThat(InterestingSyscalls.forFilter(null)).hasSize(dev.peregrine.driver.Syscalls.SUPPORTED.size());
        assertThat(InterestingSyscalls.forFilter(Filter.compile("proc.name=cat", FieldRegistry.standard())))
                .hasSize(dev.peregrine.driver.Syscalls.SUPPORTED.size());
        assertThat(InterestingSyscalls.forFilter(Filter.compile("evt.type=mprotect and proc.name=cat",
                FieldRegistry.standard()))).contains("mprotect", "execve", "clone").doesNotContain("read", "futex");
    }

    private static Ruleset ruleset(String yaml) {
        LoadResult r = new RulesLoader(FieldRegistry.standard()).add("r.yaml", yaml).load();
        assertThat(r.errors()).isEmpty();
        return Ruleset.build(r.rules(), RuleSelection.none(), Priority.DEBUG, true);
    }

    @Test
    void aRuleOnlyOnEventTypesNoLiveSourceProducesIsBlind() {
        Ruleset r = ruleset("""
                - rule: switches
                  desc: context switches (no live source sends them)
                  condition: evt.type=switch
                  output: o
                  priority: WARNING
                - rule: mmaps
                  desc: mmap2 is not an x86_64 syscall, mmap is
                  condition: evt.type in (mmap, mmap2)
                  output: o
                  priority: WARNING
                - rule: statx
                  desc: a generic event
                  condition: evt.type=statx
                  output: o
                  priority: WARNING
                - rule: anything
                  desc: no event type restriction
                  condition: proc.name=cat
                  output: o
                  priority: WARNING
                - rule: disabled_switches
                  desc: not enabled
                  condition: evt.type=switch
                  output: o
                  priority: WARNING
                  enabled: false
                """);
        Map<String, List<String>> blind = InterestingSyscalls.blindRules(r, LiveSource.eventTypesForRules(),
                LiveSource.genericSyscallsForRules());
        assertThat(blind).containsOnlyKeys("switches");
        assertThat(blind.get("switches")).containsExactly("switch");
    }

    @Test
    void falcosRulesAreNeverBlindLive() {
        RulesLoader loader = new RulesLoader(FieldRegistry.standard());
        for (String f : List.of("falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml")) {
            loader.add(SharedData.upstream("rules/" + f));
        }
        LoadResult loaded = loader.load();
        assertThat(loaded.errors()).isEmpty();
        RuleSelection all = new RuleSelection(List.of(new RuleSelection.Step(true, RuleSelection.By.ALL, "")));
        Ruleset r = Ruleset.build(loaded.rules(), all, Priority.DEBUG, false);
        assertThat(r.enabledCount()).isEqualTo(loaded.rules().size()).isGreaterThan(50);
        assertThat(InterestingSyscalls.blindRules(r, LiveSource.eventTypesForRules(),
                LiveSource.genericSyscallsForRules())).isEmpty();
    }
}
