package dev.peregrine.app.falco;

import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.rules.LoadResult;
import dev.peregrine.rules.Priority;
import dev.peregrine.rules.RulesLoader;
import dev.peregrine.rules.engine.RuleSelection;
import dev.peregrine.rules.engine.Ruleset;
import org.junit.jupiter.api.Test;

import java.util.List;

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
        var s = InterestingSyscalls.of(rules("evt.type=prctl and proc.name=x"), false, List.of(), false);
        assertThat(s).contains("prctl", "execve", "clone", "openat", "close", "connect")
                .doesNotContain("memfd_create", "read", "write");
        var none = InterestingSyscalls.of(rules("evt.type=execve"), false, List.of(), false);
        assertThat(none).doesNotContain("prctl", "memfd_create", "read", "write");
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
}
