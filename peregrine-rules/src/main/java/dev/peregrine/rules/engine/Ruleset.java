package dev.peregrine.rules.engine;

import dev.peregrine.fields.EventContext;
import dev.peregrine.rules.CompiledRule;
import dev.peregrine.rules.Priority;
import dev.peregrine.rules.RulesLoader;
import dev.peregrine.scap.EventIds;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The rules that run, indexed by event type as Falco indexes them: for each event type, the ids of the enabled
 * rules that can match it, in load order. With {@code rule_matching: first} evaluation stops at the first match.
 * Rule ids are positions in the loaded list, so counts line up with Falco's "Triggered rules by rule name".
 */
public final class Ruleset {
    /** Receives each match with the event it matched, on the event thread. */
    @FunctionalInterface
    public interface MatchSink {
        void matched(int ruleId, CompiledRule rule, EventContext ctx);
    }

    private static final int[] NONE = new int[0];

    private final List<CompiledRule> loaded;
    private final CompiledRule[] byId;
    private final int[][] byType;
    /** For generic syscall events (GENERIC_E, GENERIC_X), the rules by the syscall id the event carries. */
    private final int[][] genericBySyscall;
    private final boolean firstOnly;
    private final int[] enabledIds;

    private Ruleset(List<CompiledRule> loaded, int[][] byType, int[][] genericBySyscall, boolean firstOnly,
                    int[] enabledIds) {
        this.loaded = loaded;
        this.byId = loaded.toArray(new CompiledRule[0]);
        this.byType = byType;
        this.genericBySyscall = genericBySyscall;
        this.firstOnly = firstOnly;
        this.enabledIds = enabledIds;
    }

    /** The rules of the syscall source (see {@link #build(List, RuleSelection, Priority, boolean, String)}). */
    public static Ruleset build(List<CompiledRule> rules, RuleSelection selection, Priority minPriority,
                                boolean firstOnly) {
        return build(rules, selection, minPriority, firstOnly, RulesLoader.SYSCALL);
    }

    /**
     * The rules of one event source. Rule ids stay positions in the whole loaded list, so that the rulesets of
     * several sources count into the same statistics.
     *
     * @param rules       every loaded rule, in load order (all sources)
     * @param selection   which rules are enabled
     * @param minPriority rules less severe than this are not run (falco.yaml's {@code priority})
     * @param firstOnly   {@code rule_matching: first}
     * @param source      the event source whose rules run
     */
    public static Ruleset build(List<CompiledRule> rules, RuleSelection selection, Priority minPriority,
                                boolean firstOnly, String source) {
        List<CompiledRule> loaded = List.copyOf(rules);
        int types = 0;
        List<Integer> enabled = new ArrayList<>();
        for (int id = 0; id < loaded.size(); id++) {
            CompiledRule r = loaded.get(id);
            if (r.source().equals(source) && selection.enabled(r)
                    && r.priority().ordinal() <= minPriority.ordinal()) {
                enabled.add(id);
                types = Math.max(types, r.filter().eventTypes().length());
            }
        }
        List<List<Integer>> lists = new ArrayList<>();
        for (int t = 0; t < types; t++) {
            lists.add(new ArrayList<>());
        }
        for (int id : enabled) {
            BitSet ts = loaded.get(id).filter().eventTypes();
            for (int t = ts.nextSetBit(0); t >= 0; t = ts.nextSetBit(t + 1)) {
                lists.get(t).add(id);
            }
        }
        int[][] byType = new int[types][];
        for (int t = 0; t < types; t++) {
            byType[t] = ids(lists.get(t));
        }
        int syscalls = dev.peregrine.scap.EventTable.get().syscallCount();
        List<List<Integer>> genericLists = new ArrayList<>();
        for (int sc = 0; sc < syscalls; sc++) {
            genericLists.add(new ArrayList<>());
        }
        for (int id : enabled) {
            BitSet scs = loaded.get(id).filter().genericSyscalls();
            for (int sc = scs.nextSetBit(0); sc >= 0 && sc < syscalls; sc = scs.nextSetBit(sc + 1)) {
                genericLists.get(sc).add(id);
            }
        }
        int[][] generic = new int[syscalls][];
        for (int sc = 0; sc < syscalls; sc++) {
            generic[sc] = ids(genericLists.get(sc));
        }
        return new Ruleset(loaded, byType, generic, firstOnly, ids(enabled));
    }

    private static int[] ids(List<Integer> l) {
        return l.isEmpty() ? NONE : l.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Evaluates the rules for the current event; returns how many matched. */
    public int evaluate(EventContext ctx, MatchSink sink) {
        int type = ctx.event().type();
        if (type >= byType.length) {
            return 0;
        }
        int[] candidates = byType[type];
        if ((type == EventIds.GENERIC_E || type == EventIds.GENERIC_X) && candidates.length > 0
                && ctx.event().nparams() > 0) {
            int sc = ctx.event().u16(ctx.event().paramOffset(0));
            candidates = sc < genericBySyscall.length ? genericBySyscall[sc] : candidates;
        }
        int matched = 0;
        for (int id : candidates) {
            CompiledRule r = byId[id];
            if (r.filter().matches(ctx)) {
                sink.matched(id, r, ctx);
                matched++;
                if (firstOnly) {
                    break;
                }
            }
        }
        return matched;
    }

    /** Every loaded rule, in load order (a rule's id is its index). */
    public List<CompiledRule> loaded() {
        return loaded;
    }

    public int enabledCount() {
        return enabledIds.length;
    }

    /** The enabled rules (those that run), in load order. */
    public List<CompiledRule> enabled() {
        List<CompiledRule> out = new ArrayList<>(enabledIds.length);
        for (int id : enabledIds) {
            out.add(byId[id]);
        }
        return out;
    }

    /** The syscalls whose generic events at least one enabled rule can match (by syscall id). */
    public BitSet genericSyscalls() {
        return nonEmpty(genericBySyscall);
    }

    /** The event types at least one enabled rule can match. */
    public BitSet eventTypes() {
        return nonEmpty(byType);
    }

    private static BitSet nonEmpty(int[][] lists) {
        BitSet b = new BitSet();
        for (int i = 0; i < lists.length; i++) {
            if (lists[i].length > 0) {
                b.set(i);
            }
        }
        return b;
    }
}
