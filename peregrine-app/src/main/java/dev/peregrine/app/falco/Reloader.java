package dev.peregrine.app.falco;

import dev.peregrine.app.FalcoLog;
import dev.peregrine.config.FalcoConfig;
import dev.peregrine.inspector.EventSource;
import dev.peregrine.inspector.LiveSource;
import dev.peregrine.rules.CompiledRule;
import dev.peregrine.web.PeregrineMetrics;

import java.util.List;
import java.util.Set;

/**
 * SIGHUP and changed files: reads the configuration and rules again and, when both are valid, hands the new
 * pipeline to the event thread (and, live, tells the driver the syscalls the new rules need); otherwise reports why
 * and keeps the running ones. The process and its state are kept.
 */
final class Reloader {
    private final AppState s;

    Reloader(AppState s) {
        this.s = s;
    }

    synchronized void reload() {
        try {
            FalcoConfig c = LoadConfig.read(s);
            List<CompiledRule> rules = LoadRulesFiles.load(LoadConfig.rulesFiles(s.opts, c), s.sourceFields(),
                    s.plugins.versions(), s.log);
            Pipeline next = InitOutputs.pipeline(s, c, rules);
            LoadConfig.configureLog(s.log, c);
            next.shareAmong(s.detections.size());
            s.detections.forEach(d -> d.swap(next));
            EventSource live = s.liveSource;
            if (live != null) {
                warnBlindRules(s, next);
                Set<String> syscalls = liveSyscalls(s, c, next);
                live.trace(syscalls);
                s.log.info("Tracing " + syscalls.size() + " syscalls: " + String.join(", ", syscalls));
            }
            PeregrineMetrics metrics = s.services.metrics();
            if (metrics != null) {
                metrics.reloaded();
                metrics.rulesLoaded(rules.size());
            }
            s.log.info("Reloaded the configuration and " + next.ruleset().loaded().size() + " rules");
        } catch (Fatal | RuntimeException e) {
            s.log.log(FalcoLog.Level.ERROR, "Reload failed, the running configuration and rules stay in effect: "
                    + (e instanceof Fatal ? e.getMessage() : e.toString()));
        }
    }

    /**
     * Warns, for each rule whose event types no live source produces (it could never fire), with the rule's name
     * and those types.
     */
    static void warnBlindRules(AppState s, Pipeline p) {
        InterestingSyscalls.blindRules(p.ruleset(), LiveSource.eventTypesForRules(),
                        LiveSource.genericSyscallsForRules())
                .forEach((rule, types) -> s.log.warning("Rule " + rule + ": its event types cannot be produced on the "
                        + "live machine (no source sends " + String.join(", ", types) + "): it will never fire"));
    }

    /** The syscalls the driver sends for these rules (Falco's choice: the state set plus what the rules need). */
    static Set<String> liveSyscalls(AppState s, FalcoConfig c, Pipeline p) {
        FalcoConfig.BaseSyscalls base = c.baseSyscalls();
        return InterestingSyscalls.of(p.ruleset(), s.opts.allEvents || base.all(), base.customSet(), base.repair());
    }
}
