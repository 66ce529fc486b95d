package dev.peregrine.web;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code falcosecurity_falco_rules_matches_total}, labelled as Falco labels it: rule_name, priority (Falco's number,
 * 0 = emergency .. 7 = debug), source, and one {@code tag_<tag>="true"} per tag. The label names differ from rule to
 * rule, which the stateful Counter cannot express, hence this collector over {@link RuleCounter} handles.
 */
final class RuleMatches implements Collector {
    static final String NAME = "falcosecurity_falco_rules_matches";
    private static final String[] PRIORITIES =
            {"emergency", "alert", "critical", "error", "warning", "notice", "informational", "debug"};

    private record Key(String rule, String priority, String source, List<String> tags) {
    }

    private final Map<Key, RuleCounter> counters = new ConcurrentHashMap<>();

    RuleCounter counter(String rule, String priority, String source, Collection<String> tags) {
        List<String> sorted = tags.stream().map(String::trim).filter(t -> !t.isEmpty()).sorted().distinct().toList();
        Key key = new Key(rule, priority, source, sorted);
        return counters.computeIfAbsent(key, k -> new RuleCounter(labels(k)));
    }

    private static Labels labels(Key key) {
        // a TreeMap: two tags that sanitize to the same label name become one label, as in Falco's std::map
        Map<String, String> labels = new TreeMap<>();
        for (String tag : key.tags()) {
            labels.put(labelName("tag_" + tag), "true");
        }
        labels.put("rule_name", key.rule());
        labels.put("priority", priorityLabel(key.priority()));
        labels.put("source", key.source());
        return Labels.of(List.copyOf(labels.keySet()), List.copyOf(labels.values()));
    }

    /** Falco exports the priority's number; a name it does not know is kept as given. */
    static String priorityLabel(String priority) {
        String p = priority.trim().toLowerCase(Locale.ROOT);
        if (p.equals("info")) {
            p = "informational";
        }
        for (int i = 0; i < PRIORITIES.length; i++) {
            if (PRIORITIES[i].equals(p)) {
                return Integer.toString(i);
            }
        }
        return priority;
    }

    /** As libs sanitizes label names: anything outside [a-zA-Z0-9_] becomes _, runs of _ collapse. */
    static String labelName(String name) {
        return name.replaceAll("[^a-zA-Z0-9_]", "_").replaceAll("_+", "_");
    }

    @Override
    public CounterSnapshot collect() {
        List<CounterDataPointSnapshot> points = new ArrayList<>();
        for (RuleCounter c : counters.values()) {
            long n = c.count();
            if (n > 0) { // as Falco: a rule that never matched is not listed
                points.add(CounterDataPointSnapshot.builder().labels(c.labels()).value(n).build());
            }
        }
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(NAME).help("Alerts per rule (Falco's rules_matches)");
        points.forEach(b::dataPoint);
        return b.build();
    }
}
