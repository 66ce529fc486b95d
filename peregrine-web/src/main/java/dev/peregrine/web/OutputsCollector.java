package dev.peregrine.web;

import dev.peregrine.outputs.ChannelStats;
import dev.peregrine.outputs.OutputStats;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The alert outputs' metrics, read from one {@link OutputStats} snapshot per scrape (so the numbers agree with each
 * other), plus the alerts the engine dropped before the outputs, per reason.
 */
final class OutputsCollector implements MultiCollector {
    /** The reason under which the outputs' own drops (queue full, closed) are listed. */
    static final String QUEUE_REASON = "output_queue";

    private volatile Supplier<OutputStats> stats;
    private final Map<String, LongAdder> dropped = new ConcurrentHashMap<>();

    void stats(Supplier<OutputStats> supplier) {
        this.stats = supplier;
    }

    void dropped(String reason, long n) {
        if (n < 0) {
            throw new IllegalArgumentException("dropped alerts only grow; got " + n);
        }
        dropped.computeIfAbsent(reason, r -> new LongAdder()).add(n);
    }

    @Override
    public MetricSnapshots collect() {
        Supplier<OutputStats> supplier = stats;
        OutputStats s = supplier == null ? null : supplier.get();
        List<MetricSnapshot> out = new ArrayList<>();
        Map<String, Long> reasons = new TreeMap<>();
        dropped.forEach((r, n) -> reasons.merge(r, n.sum(), Long::sum));
        if (s != null) {
            out.add(counter("falcosecurity_falco_outputs_queue_num_drops",
                    "Alerts the outputs dropped: queue full or closed (Falco's outputs_queue_num_drops)", s.dropped()));
            out.add(GaugeSnapshot.builder().name("peregrine_outputs_queue_depth").help("Alerts waiting in the queue")
                    .dataPoint(GaugeDataPointSnapshot.builder().value(s.queued()).build()).build());
            out.add(counter("peregrine_outputs_submitted", "Alerts handed to the outputs", s.submitted()));
            if (!s.channels().isEmpty()) {
                out.add(perChannel("peregrine_outputs_delivered", "Alerts written, per channel", s, true));
                out.add(perChannel("peregrine_outputs_failed", "Alerts whose write failed, per channel", s, false));
            }
            reasons.merge(QUEUE_REASON, s.dropped(), Long::sum);
        }
        CounterSnapshot.Builder drops = CounterSnapshot.builder().name("peregrine_alerts_dropped")
                .help("Alerts dropped, per reason (" + QUEUE_REASON + ": the outputs' queue)");
        reasons.forEach((r, n) -> drops.dataPoint(point(Labels.of("reason", r), n)));
        out.add(drops.build());
        return new MetricSnapshots(out);
    }

    private static CounterSnapshot counter(String name, String help, long value) {
        return CounterSnapshot.builder().name(name).help(help).dataPoint(point(Labels.EMPTY, value)).build();
    }

    private static CounterSnapshot perChannel(String name, String help, OutputStats s, boolean delivered) {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
        for (Map.Entry<String, ChannelStats> e : s.channels().entrySet()) {
            long n = delivered ? e.getValue().delivered() : e.getValue().failed();
            b.dataPoint(point(Labels.of("channel", e.getKey()), n));
        }
        return b.build();
    }

    private static CounterDataPointSnapshot point(Labels labels, long value) {
        return CounterDataPointSnapshot.builder().labels(labels).value(value).build();
    }
}
