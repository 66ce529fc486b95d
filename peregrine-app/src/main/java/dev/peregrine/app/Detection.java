package dev.peregrine.app;

import dev.peregrine.fields.EventContext;
import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.outputs.Alert;
import dev.peregrine.outputs.Outputs;
import dev.peregrine.rules.CompiledRule;
import dev.peregrine.rules.engine.AlertFormat;
import dev.peregrine.rules.engine.AlertFormatter;
import dev.peregrine.rules.engine.RuleStats;
import dev.peregrine.rules.engine.Ruleset;
import dev.peregrine.scap.CaptureFormatException;
import dev.peregrine.scap.CaptureReader;
import dev.peregrine.scap.EventView;
import dev.peregrine.state.SystemState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs rules over a capture: each event updates the state, then the rules indexed under its type are evaluated;
 * matches are formatted and handed to the outputs. As in current Falco, every event of a capture reaches the rules:
 * -A only widens the set of syscalls a live driver traces.
 */
public final class Detection {
    private final Ruleset ruleset;
    private final AlertFormat[] formats;
    private final AlertFormatter formatter;
    private final Outputs outputs;
    private final RuleStats stats;
    private final long durationNs;
    private final DropMonitor drops;
    private long events;

    public Detection(Ruleset ruleset, FieldRegistry registry, AlertFormatter formatter, Outputs outputs,
                     long durationNs, DropMonitor drops, String appendOutput) {
        this.ruleset = ruleset;
        this.formatter = formatter;
        this.outputs = outputs;
        this.durationNs = durationNs;
        this.drops = drops;
        List<CompiledRule> rules = ruleset.loaded();
        this.stats = new RuleStats(rules);
        this.formats = new AlertFormat[rules.size()];
        for (int i = 0; i < formats.length; i++) {
            formats[i] = AlertFormat.compile(output(rules.get(i).output(), appendOutput), registry);
        }
    }

    /**
     * A rule's output as Falco runs it: %container.info stands for the -p format when there is one (else the
     * container's name and id), and a -p format is appended to outputs without %container.info.
     */
    static String output(String output, String appendOutput) {
        boolean extra = appendOutput != null && !appendOutput.isEmpty();
        if (output.contains("%container.info")) {
            return output.replace("%container.info", extra ? appendOutput : "%container.name (id=%container.id)");
        }
        return extra ? output + " " + appendOutput : output;
    }


    public RuleStats stats() {
        return stats;
    }

    public long events() {
        return events;
    }

    /** @return false if the drop monitor's exit action stopped the run */
    public boolean replay(Path capture) throws IOException, CaptureFormatException {
        try (CaptureReader reader = CaptureReader.open(capture)) {
            SystemState state = new SystemState(reader.metadata());
            EventView event = new EventView();
            EventContext ctx = new EventContext(state, event);
            Ruleset.MatchSink sink = (id, rule) -> alert(id, rule, ctx);
            long first = -1;
            while (reader.next(event)) {
                events++;
                state.process(event);
                ctx.advance(events);
                long ts = event.timestamp();
                if (first < 0) {
                    first = ts;
                } else if (durationNs > 0 && ts - first >= durationNs) {
                    break;
                }
                if (drops != null && !drops.onEvent(ts, 0, 0)) {
                    return false;
                }
                ruleset.evaluate(ctx, sink);
            }
        }
        return true;
    }

    private void alert(int id, CompiledRule rule, EventContext ctx) {
        stats.count(id, rule);
        String line = formatter.format(rule, formats[id], ctx);
        int severity = rule.priority().ordinal();
        outputs.submit(new Alert(ctx.event().timestamp(), AlertFormatter.priorityName(rule.priority()), severity,
                rule.name(), rule.source(), formatter.options().hostname(), rule.tags(), line, null));
    }
}
