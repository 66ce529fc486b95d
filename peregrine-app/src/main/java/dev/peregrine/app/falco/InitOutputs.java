package dev.peregrine.app.falco;

import dev.peregrine.config.FalcoConfig;
import dev.peregrine.config.RuleMatching;
import dev.peregrine.config.RuleToggle;
import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.outputs.Outputs;
import dev.peregrine.rules.CompiledRule;
import dev.peregrine.rules.Priority;
import dev.peregrine.rules.engine.AlertFormatter;
import dev.peregrine.rules.engine.AlertOptions;
import dev.peregrine.rules.engine.RuleSelection;
import dev.peregrine.rules.engine.Ruleset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The first pipeline: the enabled rules indexed by event type, the alert format and the output channels. */
final class InitOutputs implements Step {
    @Override
    public int run(AppState s) throws Fatal {
        s.hostname = Hostnames.of(s.env);
        s.pipeline = pipeline(s, s.config, s.rules);
        // the pipeline in use when the run ends (a reload may have replaced the first one)
        s.closeAtExit(() -> (s.detection != null ? s.detection.current() : s.pipeline).outputs().close());
        return CONTINUE;
    }

    /** The rules, formatter and outputs that {@code c} and {@code rules} make, for the run or a reload. */
    static Pipeline pipeline(AppState s, FalcoConfig c, List<CompiledRule> rules) throws Fatal {
        List<RuleSelection.Step> steps = new ArrayList<>(selection(c));
        steps.addAll(s.optionSelection);
        Priority min = Priority.parse(c.priority());
        if (min == null) {
            throw new Fatal("Unknown priority value: " + c.priority());
        }
        RuleSelection selection = new RuleSelection(steps);
        Map<String, Ruleset> rulesets = new LinkedHashMap<>();
        for (String source : s.plugins.sources()) {
            rulesets.put(source, Ruleset.build(rules, selection, min, c.ruleMatching() == RuleMatching.FIRST, source));
        }
        Map<String, Supplier<FieldRegistry>> fields = s.sourceFields();
        FalcoConfig.JsonOutput json = c.json();
        AlertFormatter formatter = new AlertFormatter(new AlertOptions(json.enabled(), json.includeOutputProperty(),
                json.includeTagsProperty(), json.includeMessageProperty(), json.includeOutputFieldsProperty(),
                c.timeFormatIso8601(), s.hostname));
        List<AppendOutput> appends = AppendOutput.from(c.appendOutput());
        Outputs outputs = OutputChannels.open(c, s.opts.unbuffered, s.out, s.services.grpc(), s.log);
        try {
            Pipeline p = new Pipeline(rulesets, src -> fields.containsKey(src) ? fields.get(src).get() : null,
                    formatter, outputs, appendOutput(s.opts), !isShorthand(s.opts.printAdditional), appends,
                    s.services.grpc() != null, s.services.metrics());
            p.rateLimit(c.outputs().rate(), c.outputs().maxBurst());
            return p;
        } catch (IllegalArgumentException e) {
            outputs.close();
            throw new Fatal("append_output: " + e.getMessage());
        }
    }

    /** falco.yaml's {@code rules:} entries as selection steps, in order. */
    private static List<RuleSelection.Step> selection(FalcoConfig c) {
        List<RuleSelection.Step> steps = new ArrayList<>();
        for (RuleToggle r : c.rules()) {
            boolean enable = r.operation() == RuleToggle.Operation.ENABLE;
            if (!r.rule().isEmpty()) {
                steps.add(new RuleSelection.Step(enable, RuleSelection.By.NAME_WILDCARD, r.rule()));
            }
            if (!r.tag().isEmpty()) {
                steps.add(new RuleSelection.Step(enable, RuleSelection.By.TAG, r.tag()));
            }
        }
        return steps;
    }

    /** -p's c/container and k/kubernetes: the container details Falco adds to syscall rules only. */
    private static boolean isShorthand(String p) {
        return p != null && (p.equals("c") || p.equals("container") || p.equals("k") || p.equals("kubernetes"));
    }

    /** -p: c/container and k/kubernetes stand for Falco's container and Kubernetes details. */
    private static String appendOutput(FalcoOptions opts) {
        String p = opts.printAdditional;
        if (p == null) {
            return null;
        }
        return switch (p) {
            case "c", "container" -> "container_id=%container.id container_name=%container.name";
            case "k", "kubernetes" -> "container_id=%container.id container_name=%container.name "
                    + "k8s_ns=%k8s.ns.name k8s_pod_name=%k8s.pod.name";
            default -> p;
        };
    }
}
