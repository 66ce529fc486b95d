package dev.peregrine.app.falco;

import dev.peregrine.fields.EventContext;
import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.outputs.Alert;
import dev.peregrine.outputs.Outputs;
import dev.peregrine.outputs.TokenBucket;
import dev.peregrine.rules.CompiledRule;
import dev.peregrine.rules.Priority;
import dev.peregrine.rules.RulesLoader;
import dev.peregrine.rules.engine.AlertFormat;
import dev.peregrine.rules.engine.AlertFormatter;
import dev.peregrine.rules.engine.RuleStats;
import dev.peregrine.rules.engine.Ruleset;
import dev.peregrine.web.PeregrineMetrics;
import dev.peregrine.web.RuleCounter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * What a reload replaces as one piece: the rules, how alerts are written and where they go. The event thread
 * holds one pipeline at a time; the state it feeds them from is kept across reloads.
 */
public final class Pipeline {
    private static final String DROP_RULE = "Falco internal: syscall event drop";
    /** The kernel-side drop counters Falco's drop alert lists; Peregrine's driver has only the total. */
    private static final List<String> DROP_COUNTERS = List.of("n_drops_buffer_total",
            "n_drops_buffer_clone_fork_exit", "n_drops_buffer_execve_exit", "n_drops_buffer_connect_exit",
            "n_drops_buffer_open_exit", "n_drops_buffer_dir_file_exit", "n_drops_buffer_other_interest_exit",
            "n_drops_buffer_close_exit", "n_drops_buffer_proc_exit", "n_drops_scratch_map", "n_drops_page_faults",
            "n_drops_bug");

    /** The event sources' names; a source's index picks its ruleset. */
    private final List<String> sources;
    private final Ruleset[] rulesets;
    private final AlertFormat[] formats;
    private final AlertFormatter formatter;
    private final Outputs outputs;
    private final RuleStats stats;
    private final boolean structuredFields;
    private final Ruleset.MatchSink sink = this::alert;
    private final RuleCounter[] counters;
    private final PeregrineMetrics metrics;
    /** falco.yaml's outputs.rate and max_burst (older Falco): alerts beyond the rate are dropped and counted. */
    private TokenBucket rateLimit;
    private long rateLimited;

    /**
     * @param structuredFields whether alerts carry their output fields as values (for channels that send them
     *                         as structure, such as gRPC)
     */
    public Pipeline(Ruleset ruleset, FieldRegistry registry, AlertFormatter formatter, Outputs outputs,
                    String appendOutput, boolean structuredFields) {
        this(Map.of(RulesLoader.SYSCALL, ruleset), src -> registry, formatter, outputs, appendOutput, true,
                List.of(), structuredFields, null);
    }

    /**
     * @param rulesets       each event source's rules (all built from the same loaded list), in source order
     * @param fields         each source's fields, for the rules' outputs
     * @param appendToPlugin whether the -p format is appended to plugin sources' rules too (a custom format is;
     *                       the container and Kubernetes shorthands are for syscall rules)
     * @param appends        falco.yaml's append_output entries, applied to the rules they match
     */
    Pipeline(Map<String, Ruleset> rulesets, Function<String, FieldRegistry> fields, AlertFormatter formatter,
             Outputs outputs, String appendOutput, boolean appendToPlugin, List<AppendOutput> appends,
             boolean structuredFields, PeregrineMetrics metrics) {
        this.sources = List.copyOf(rulesets.keySet());
        this.rulesets = rulesets.values().toArray(new Ruleset[0]);
        this.formatter = formatter;
        this.outputs = outputs;
        this.structuredFields = structuredFields;
        List<CompiledRule> rules = this.rulesets[0].loaded();
        this.stats = new RuleStats(rules);
        this.formats = new AlertFormat[rules.size()];
        for (int i = 0; i < formats.length; i++) {
            CompiledRule r = rules.get(i);
            boolean syscall = r.source().equals(RulesLoader.SYSCALL);
            String out = output(r.output(), syscall || appendToPlugin ? appendOutput : null);
            List<AlertFormat.Extra> extras = new ArrayList<>();
            for (AppendOutput a : appends) {
                if (a.matches(r)) {
                    if (a.extraOutput() != null && !a.extraOutput().isEmpty()) {
                        out = out + " " + a.extraOutput();
                    }
                    extras.addAll(a.extraFields());
                }
            }
            FieldRegistry registry = fields.apply(r.source());
            formats[i] = registry == null ? null : AlertFormat.compile(out, extras, registry);
        }
        this.metrics = metrics;
        // one counter handle per rule, made now, so a match costs one add
        this.counters = metrics == null ? null : new RuleCounter[rules.size()];
        if (metrics != null) {
            for (int i = 0; i < rules.size(); i++) {
                CompiledRule r = rules.get(i);
                counters[i] = metrics.ruleCounter(r.name(), AlertFormatter.priorityName(r.priority()), r.source(),
                        r.tags());
            }
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

    /** Runs the syscall rules on the current event of {@code context}. */
    void evaluate(EventContext context) {
        rulesets[0].evaluate(context, sink);
    }

    /** Runs the rules of source {@code source} (its index, see {@link #sourceIndex}) on the current event. */
    void evaluate(int source, EventContext context) {
        rulesets[source].evaluate(context, sink);
    }

    /** The index of an event source's rules, or -1 when the pipeline has none for it. */
    int sourceIndex(String source) {
        return sources.indexOf(source);
    }

    /** Limits alerts to {@code rate} per second with bursts of {@code maxBurst}, as Falco's outputs.rate did. */
    void rateLimit(double rate, double maxBurst) {
        this.rateLimit = rate > 0 ? new TokenBucket(rate, maxBurst, System.nanoTime()) : null;
    }

    /** Alerts dropped by the rate limit. */
    public long rateLimited() {
        return rateLimited;
    }

    /** One match; several sources' event threads may match at once, so alerts are made one at a time. */
    private synchronized void alert(int id, CompiledRule rule, EventContext ctx) {
        stats.count(id, rule);
        if (counters != null) {
            counters[id].inc();
        }
        if (rateLimit != null && !rateLimit.claim(System.nanoTime())) {
            rateLimited++;
            if (metrics != null) {
                metrics.alertsDropped("rate_limit", 1);
            }
            return;
        }
        String line = formatter.format(rule, formats[id], ctx);
        Map<String, Object> fields = structuredFields ? formatter.fieldStrings(formats[id], ctx) : null;
        outputs.submit(new Alert(ctx.event().timestamp(), AlertFormatter.priorityName(rule.priority()),
                rule.priority().ordinal(), rule.name(), rule.source(), formatter.options().hostname(), rule.tags(),
                line, fields));
    }

    /** Falco's internal alert for syscall event drops (syscall_event_drops' alert action). */
    synchronized void dropAlert(DropMonitor.Verdict drop) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("n_evts", Long.toString(drop.events()));
        fields.put("n_drops", Long.toString(drop.drops()));
        for (String k : DROP_COUNTERS) {
            fields.put(k, "0");
        }
        fields.put("ebpf_enabled", "0");
        String line = formatter.formatInternal(drop.timestamp(), Priority.DEBUG, DROP_RULE, drop.message(), fields);
        outputs.submit(new Alert(drop.timestamp(), "Debug", Priority.DEBUG.ordinal(), DROP_RULE, "internal",
                formatter.options().hostname(), List.of(), line, new LinkedHashMap<>(fields)));
    }

    /** Event loops (one per event source) that use this pipeline until they retire it. */
    private final AtomicInteger users = new AtomicInteger(1);

    /** Shared by {@code loops} event loops, each of which retires it once. */
    void shareAmong(int loops) {
        users.set(loops);
    }

    /**
     * One event loop is done with this pipeline (a reload replaced it); when the last is, its outputs are closed,
     * off the event thread, delivering what they still hold.
     */
    void retire() {
        if (users.decrementAndGet() > 0) {
            return;
        }
        Thread t = new Thread(outputs::close, "peregrine-retire-outputs");
        t.setDaemon(false);
        t.start();
    }

    /** The syscall source's rules. */
    public Ruleset ruleset() {
        return rulesets[0];
    }

    public AlertFormatter formatter() {
        return formatter;
    }

    public Outputs outputs() {
        return outputs;
    }

    public RuleStats stats() {
        return stats;
    }
}
