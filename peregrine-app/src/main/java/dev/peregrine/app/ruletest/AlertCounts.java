package dev.peregrine.app.ruletest;

import dev.peregrine.app.falco.Pipeline;
import dev.peregrine.fields.EventContext;
import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.rules.CompiledRule;
import dev.peregrine.rules.engine.AlertFormat;
import dev.peregrine.rules.engine.AlertFormatter;
import dev.peregrine.rules.engine.AlertOptions;
import dev.peregrine.rules.engine.Ruleset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Counts, per rule, the matches made by the action in scope; keeps the first alert of each rule to show it. */
final class AlertCounts implements Ruleset.MatchSink {
    private final List<CompiledRule> rules;
    private final FieldRegistry registry;
    private final AlertFormatter formatter = new AlertFormatter(AlertOptions.text("peregrine-test"));
    private final AlertFormat[] formats;
    private final long[] counts;
    private final String[] first;
    private ActionScope scope = ActionScope.ALL;

    AlertCounts(List<CompiledRule> rules, FieldRegistry registry) {
        this.rules = rules;
        this.registry = registry;
        this.formats = new AlertFormat[rules.size()];
        this.counts = new long[rules.size()];
        this.first = new String[rules.size()];
    }

    /** Starts counting anew, for what {@code scope} holds. */
    void reset(ActionScope scope) {
        this.scope = scope;
        Arrays.fill(counts, 0);
        Arrays.fill(first, null);
    }

    @Override
    public void matched(int ruleId, CompiledRule rule, EventContext ctx) {
        if (!scope.contains(ctx.state(), ctx.thread())) {
            return;
        }
        if (counts[ruleId]++ == 0) {
            if (formats[ruleId] == null) {
                // as Falco runs it: %container.info stands for the container's name and id
                formats[ruleId] = AlertFormat.compile(Pipeline.output(rule.output(), null), registry);
            }
            first[ruleId] = formatter.format(rule, formats[ruleId], ctx);
        }
    }

    /** How many times the rules of this name fired. */
    long count(String rule) {
        long n = 0;
        for (int i = 0; i < counts.length; i++) {
            if (rules.get(i).name().equals(rule)) {
                n += counts[i];
            }
        }
        return n;
    }

    /** The first alert of the rule of this name, or null. */
    String firstAlert(String rule) {
        for (int i = 0; i < counts.length; i++) {
            if (rules.get(i).name().equals(rule) && first[i] != null) {
                return first[i];
            }
        }
        return null;
    }

    /** The names of the rules that fired, in load order. */
    List<String> fired() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0 && !out.contains(rules.get(i).name())) {
                out.add(rules.get(i).name());
            }
        }
        return out;
    }
}
