package dev.peregrine.web;

import dev.peregrine.outputs.OutputStats;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The metrics the engine updates and /metrics exposes, in a registry of its own. Names follow Falco's Prometheus
 * names where Falco has the metric ({@code falcosecurity_*}); Peregrine's own are {@code peregrine_*}; the JVM's come
 * from the client's JVM instrumentation ({@code jvm_*}, {@code process_*}).
 *
 * <p>The update methods are safe from any thread and cheap (an adder increment, no label look-up); anything derived
 * (outputs, /proc, uptime) is read at scrape time only.
 */
public final class PeregrineMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter events;
    private final Counter kernelDrops;
    private final Counter reloads;
    private final Counter inputsRejected;
    private final Gauge rulesLoaded;
    private final RuleMatches rules = new RuleMatches();
    private final OutputsCollector outputs = new OutputsCollector();
    private final AtomicLong reloadNs = new AtomicLong(nowNs());
    private final long startNs;

    /** With the JVM's metrics; {@code version} is the {@code falcosecurity_falco_version_info} label. */
    public PeregrineMetrics(String version) {
        this(version, true, Path.of("/proc"));
    }

    PeregrineMetrics(String version, boolean jvm, Path proc) {
        Objects.requireNonNull(version, "version");
        startNs = ProcessHandle.current().info().startInstant().map(PeregrineMetrics::ns).orElseGet(PeregrineMetrics::nowNs);
        events = Counter.builder().name("falcosecurity_scap_n_evts")
                .help("Events processed (Falco's scap n_evts)").withoutExemplars().register(registry);
        kernelDrops = Counter.builder().name("falcosecurity_scap_n_drops")
                .help("Events the kernel side dropped (Falco's scap n_drops)").withoutExemplars().register(registry);
        reloads = Counter.builder().name("peregrine_rules_reloads")
                .help("Configuration and rules reloads").withoutExemplars().register(registry);
        inputsRejected = Counter.builder().name("peregrine_source_inputs_rejected")
                .help("Inputs an event source skipped as unusable (malformed JSON, an unknown payload), by source")
                .labelNames("source").withoutExemplars().register(registry);
        rulesLoaded = Gauge.builder().name("peregrine_rules_loaded")
                .help("Rules the last (re)load gave").withoutExemplars().register(registry);
        info("falcosecurity_falco_version", "Peregrine's version (Falco's version_info)", "version", version);
        info("falcosecurity_falco_kernel_release", "The host kernel release", "kernel_release",
                firstLine(proc.resolve("sys/kernel/osrelease")));
        info("falcosecurity_evt_hostname", "The host name (FALCO_HOSTNAME when set, as Falco)", "hostname",
                hostname(proc));
        GaugeWithCallback.builder().name("falcosecurity_falco_reload_timestamp_nanoseconds")
                .help("When the configuration and rules were last (re)loaded, ns since the epoch")
                .callback(cb -> cb.call(reloadNs.get())).register(registry);
        GaugeWithCallback.builder().name("falcosecurity_falco_start_timestamp_nanoseconds")
                .help("When the process started, ns since the epoch").callback(cb -> cb.call(startNs))
                .register(registry);
        CounterWithCallback.builder().name("falcosecurity_falco_duration_seconds")
                .help("Seconds since the process started").callback(cb -> cb.call((nowNs() - startNs) / 1_000_000_000L))
                .register(registry);
        registry.register(rules);
        registry.register(outputs);
        registry.register(new ProcessStats(proc));
        if (jvm) {
            JvmMetrics.builder().register(registry);
        }
    }

    /** {@code delta} more events processed; the engine thread batches, calling this every few thousand events. */
    public void eventsProcessed(long delta) {
        events.inc(delta);
    }

    /** {@code delta} more events dropped by the kernel side (the ring buffer), since the last call. */
    public void kernelDrops(long delta) {
        kernelDrops.inc(delta);
    }

    /**
     * The counter of one rule, created on first use; keep it with the rule and call {@link RuleCounter#inc()} per
     * match. The same labels always give the same handle.
     *
     * @param priority Falco's priority name (exported as Falco's number, 0 = emergency .. 7 = debug)
     * @param tags     the rule's tags, comma-separated (each becomes a {@code tag_<name>="true"} label, as Falco)
     */
    public RuleCounter ruleCounter(String rule, String priority, String source, String tags) {
        return ruleCounter(rule, priority, source, splitTags(tags));
    }

    /** As {@link #ruleCounter(String, String, String, String)}, with the tags as a collection. */
    public RuleCounter ruleCounter(String rule, String priority, String source, Collection<String> tags) {
        return rules.counter(Objects.requireNonNull(rule, "rule"), Objects.requireNonNull(priority, "priority"),
                Objects.requireNonNull(source, "source"), tags);
    }

    /** One match of a rule; looks the handle up each time, so hot paths keep a {@link #ruleCounter} instead. */
    public void ruleMatched(String rule, String priority, String source, String tags) {
        ruleCounter(rule, priority, source, tags).inc();
    }

    /** Where the outputs' counters are read from at each scrape (typically {@code outputs::stats}). */
    public void outputStats(Supplier<OutputStats> stats) {
        outputs.stats(Objects.requireNonNull(stats, "stats"));
    }

    /** {@code delta} alerts dropped before reaching the outputs, for {@code reason} (say "rate_limit"). */
    public void alertsDropped(String reason, long delta) {
        outputs.dropped(Objects.requireNonNull(reason, "reason"), delta);
    }

    /** An event source (a plugin's) skipped one unusable input. */
    public void inputRejected(String source) {
        inputsRejected.labelValues(Objects.requireNonNull(source, "source")).inc();
    }

    /** The configuration and rules were reloaded: counts it and moves the reload timestamp. */
    public void reloaded() {
        reloads.inc();
        reloadNs.set(nowNs());
    }

    /** How many rules the last load gave. */
    public void rulesLoaded(int count) {
        rulesLoaded.set(count);
    }

    /** The registry, to add metrics of other parts. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition (format 0.0.4) of every metric, as /metrics serves it. */
    public void writeText(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    /** The content type of {@link #writeText}. */
    public String contentType() {
        return writer.getContentType();
    }

    static List<String> splitTags(String tags) {
        return tags == null || tags.isBlank() ? List.of()
                : Arrays.stream(tags.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
    }

    private void info(String name, String help, String label, String value) {
        if (value != null && !value.isEmpty()) {
            Info.builder().name(name).help(help).labelNames(label).register(registry).setLabelValues(value);
        }
    }

    private static String hostname(Path proc) {
        String env = System.getenv("FALCO_HOSTNAME");
        return env != null && !env.isBlank() ? env : firstLine(proc.resolve("sys/kernel/hostname"));
    }

    private static String firstLine(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long nowNs() {
        return ns(Instant.now());
    }

    private static long ns(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
