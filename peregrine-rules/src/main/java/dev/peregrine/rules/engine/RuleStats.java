package dev.peregrine.rules.engine;

import dev.peregrine.rules.CompiledRule;
import dev.peregrine.rules.Priority;

import java.util.List;
import java.util.Locale;

/** Alert counts by rule and by priority, printed at the end of a run as Falco's -v prints them. */
public final class RuleStats {
    private final List<CompiledRule> rules;
    private final long[] byRule;
    private final long[] byPriority = new long[Priority.values().length];
    private long total;

    public RuleStats(List<CompiledRule> rules) {
        this.rules = rules;
        this.byRule = new long[rules.size()];
    }

    public void count(int ruleId, CompiledRule rule) {
        total++;
        byRule[ruleId]++;
        byPriority[rule.priority().ordinal()]++;
    }

    public long total() {
        return total;
    }

    public long count(int ruleId) {
        return byRule[ruleId];
    }

    /** Falco's summary: "Events detected", then counts by severity and by rule, non-zero ones only. */
    public String format() {
        StringBuilder b = new StringBuilder();
        b.append("Events detected: ").append(total).append('\n');
        b.append("Rule counts by severity:\n");
        for (Priority p : Priority.values()) {
            if (byPriority[p.ordinal()] > 0) {
                String name = p == Priority.INFORMATIONAL ? "INFO" : p.name().toUpperCase(Locale.ROOT);
                b.append("   ").append(name).append(": ").append(byPriority[p.ordinal()]).append('\n');
            }
        }
        b.append("Triggered rules by rule name:\n");
        for (int id = 0; id < byRule.length; id++) {
            if (byRule[id] > 0) {
                b.append("   ").append(rules.get(id).name()).append(": ").append(byRule[id]).append('\n');
            }
        }
        return b.toString();
    }
}
