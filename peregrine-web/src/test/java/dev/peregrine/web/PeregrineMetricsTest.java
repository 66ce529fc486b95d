package dev.peregrine.web;

import dev.peregrine.outputs.ChannelStats;
import dev.peregrine.outputs.OutputStats;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PeregrineMetricsTest {

    static PromText scrape(PeregrineMetrics metrics) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.writeText(out);
        return PromText.parse(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void countsEventsAndKernelDropsUnderFalcosNames() throws IOException {
        PeregrineMetrics m = new PeregrineMetrics("0.1.0");
        m.eventsProcessed(1000);
        m.eventsProcessed(234);
        m.kernelDrops(5);

        PromText text = scrape(m);
        assertThat(text.value("falcosecurity_scap_n_evts_total")).isEqualTo(1234);
        assertThat(text.value("falcosecurity_scap_n_drops_total")).isEqualTo(5);
        assertThat(text.types()).containsEntry("falcosecurity_scap_n_evts_total", "counter");
        assertThatThrownBy(() -> m.eventsProcessed(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countsRuleMatchesWithFalcosLabels() throws IOException {
        PeregrineMetrics m = new PeregrineMetrics("0.1.0");
        RuleCounter read = m.ruleCounter("Read sensitive file untrusted", "Warning", "syscall",
                "maturity_stable, host, filesystem, mitre_credential_access, T1555");
        read.inc();
        read.inc();
        m.ruleMatched("Read sensitive file untrusted", "Warning", "syscall",
                "maturity_stable, host, filesystem, mitre_credential_access, T1555");
        m.ruleCounter("Never matched", "Notice", "syscall", "");

        PromText text = scrape(m);
        List<PromText.Sample> rules = text.all("falcosecurity_falco_rules_matches_total");
        assertThat(rules).hasSize(1); // as Falco, rules without matches are not listed
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("priority", "4");
        expected.put("rule_name", "Read sensitive file untrusted");
        expected.put("source", "syscall");
        expected.put("tag_T1555", "true");
        expected.put("tag_filesystem", "true");
        expected.put("tag_host", "true");
        expected.put("tag_maturity_stable", "true");
        expected.put("tag_mitre_credential_access", "true");
        assertThat(rules.getFirst().labels()).isEqualTo(expected);
        assertThat(rules.getFirst().value()).isEqualTo(3);
        assertThat(text.types()).containsEntry("falcosecurity_falco_rules_matches_total", "counter");
    }

    @Test
    void ruleCounterHandlesAreCachedPerLabels() {
        PeregrineMetrics m = new PeregrineMetrics("0.1.0", false, Path.of("/proc"));
        RuleCounter a = m.ruleCounter("r", "Error", "syscall", "b, a");
        assertThat(m.ruleCounter("r", "Error", "syscall", List.of("a", "b"))).isSameAs(a);
        assertThat(m.ruleCounter("r", "Error", "k8s_audit", "a, b")).isNotSameAs(a);
        a.inc(4);
        assertThat(a.count()).isEqualTo(4);
    }

    @Test
    void priorityAndTagLabelsFollowFalco() {
        assertThat(RuleMatches.priorityLabel("Emergency")).isEqualTo("0");
        assertThat(RuleMatches.priorityLabel("WARNING")).isEqualTo("4");
        assertThat(RuleMatches.priorityLabel("info")).isEqualTo("6");
        assertThat(RuleMatches.priorityLabel("Informational")).isEqualTo("6");
        assertThat(RuleMatches.priorityLabel("debug")).isEqualTo("7");
        assertThat(RuleMatches.priorityLabel("custom")).isEqualTo("custom");
        assertThat(RuleMatches.labelName("tag_mitre.credential--access")).isEqualTo("tag_mitre_credential_access");
    }

    @Test
    void readsOutputStatsAtScrapeTime() throws IOException {
        PeregrineMetrics m = new PeregrineMetrics("0.1.0", false, Path.of("/proc"));
        Map<String, ChannelStats> channels = new LinkedHashMap<>();
        channels.put("stdout", new ChannelStats(7, 0));
        channels.put("file", new ChannelStats(6, 1));
        OutputStats[] current = {new OutputStats(10, 3, 0, channels)};
        m.outputStats(() -> current[0]);
        m.alertsDropped("rate_limit", 2);

        PromText text = scrape(m);
        assertThat(text.value("falcosecurity_falco_outputs_queue_num_drops_total")).isEqualTo(3);
        assertThat(text.value("peregrine_outputs_submitted_total")).isEqualTo(10);
        assertThat(text.value("peregrine_outputs_queue_depth")).isZero();
        assertThat(text.value("peregrine_outputs_delivered_total", Map.of("channel", "file"))).isEqualTo(6);
        assertThat(text.value("peregrine_outputs_failed_total", Map.of("channel", "file"))).isEqualTo(1);
        assertThat(text.value("peregrine_alerts_dropped_total", Map.of("reason", "output_queue"))).isEqualTo(3);
        assertThat(text.value("peregrine_alerts_dropped_total", Map.of("reason", "rate_limit"))).isEqualTo(2);
        assertThat(text.types()).containsEntry("peregrine_outputs_queue_depth", "gauge");

        current[0] = new OutputStats(12, 4, 1, channels);
        assertThat(scrape(m).value("falcosecurity_falco_outputs_queue_num_drops_total")).isEqualTo(4);
        assertThat(scrape(m).value("peregrine_outputs_queue_depth")).isEqualTo(1);
    }

    @Test
    void withoutOutputsOnlyTheEngineDropsAreListed() throws IOException {
        PeregrineMetrics m = new PeregrineMetrics("0.1.0", false, Path.of("/proc"));
        PromText text = scrape(m);
        assertThat(text.all("falcosecurity_falco_outputs_queue_num_drops_total")).isEmpty();
        assertThat(text.all("peregrine_alerts_dropped_total")).isEmpty();
    }

    @Test
    void reloadsRulesVersionAndUptime() throws IOException {
        PeregrineMetrics m = new PeregrineMetrics("0.1.0-test");
        double before = scrape(m).value("falcosecurity_falco_reload_timestamp_nanoseconds");
        m.reloaded();
        m.rulesLoaded(42);

        PromText text = scrape(m);
        assertThat(text.value("peregrine_rules_reloads_total")).isEqualTo(1);
        assertThat(text.value("peregrine_rules_loaded")).isEqualTo(42);
        assertThat(text.value("falcosecurity_falco_reload_timestamp_nanoseconds")).isGreaterThanOrEqualTo(before);
        assertThat(text.value("falcosecurity_falco_version_info", Map.of("version", "0.1.0-test"))).isEqualTo(1);
        assertThat(text.types()).containsEntry("falcosecurity_falco_version_info", "gauge");
        double startNs = text.value("falcosecurity_falco_start_timestamp_nanoseconds");
        assertThat(startNs).isCloseTo(System.currentTimeMillis() * 1e6, within(3600e9));
        assertThat(text.value("falcosecurity_falco_duration_seconds_total")).isGreaterThanOrEqualTo(0);
    }

    @Test
    void processAndJvmMetricsFromProc() throws IOException {
        PeregrineMetrics m = new PeregrineMetrics("0.1.0");
        PromText text = scrape(m);
        assertThat(text.all("jvm_memory_used_bytes")).isNotEmpty();
        assertThat(text.all("jvm_threads_current")).isNotEmpty();
        if (Files.isReadable(Path.of("/proc/self/status"))) {
            assertThat(text.value("falcosecurity_falco_memory_rss_bytes")).isGreaterThan(1e6);
            assertThat(text.value("falcosecurity_falco_memory_vsz_bytes"))
                    .isGreaterThanOrEqualTo(text.value("falcosecurity_falco_memory_rss_bytes"));
            assertThat(text.value("falcosecurity_falco_cpu_usage_ratio")).isBetween(0.0, 1024.0);
            assertThat(text.value("process_cpu_seconds_total")).isPositive();
        }
    }

    @Test
    void parsesProcFilesAsLibsDoes(@org.junit.jupiter.api.io.TempDir Path proc) throws IOException {
        Files.createDirectories(proc.resolve("self"));
        // a command name with spaces and parentheses; utime 300, stime 100 ticks, started 1000 ticks after boot
        Files.writeString(proc.resolve("self/stat"),
                "42 (my (odd) java) S 1 42 42 0 -1 4194560 100 0 0 0 300 100 0 0 20 0 30 0 1000 123 456\n");
        Files.writeString(proc.resolve("uptime"), "50.00 10.00\n");
        Files.writeString(proc.resolve("self/status"), "Name:\tjava\nVmSize:\t  2048 kB\nVmRSS:\t   1024 kB\n");
        ProcessStats stats = new ProcessStats(proc);
        // 4 s of CPU over (50 - 10) s
        assertThat(stats.cpuUsageRatio()).isCloseTo(0.1, within(1e-9));

        PromText text = PromText.parse(
                io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.create()
                        .toDebugString(stats.collect()));
        assertThat(text.value("falcosecurity_falco_memory_rss_bytes")).isEqualTo(1024 * 1024);
        assertThat(text.value("falcosecurity_falco_memory_vsz_bytes")).isEqualTo(2048 * 1024);
        assertThat(text.all("falcosecurity_falco_memory_pss_bytes")).isEmpty(); // no smaps_rollup: left out
    }

    @Test
    void noProcMeansNoProcessGaugesRatherThanAFailedScrape(@org.junit.jupiter.api.io.TempDir Path empty)
            throws IOException {
        PeregrineMetrics m = new PeregrineMetrics("0.1.0", false, empty);
        m.eventsProcessed(1);
        PromText text = scrape(m);
        assertThat(text.all("falcosecurity_falco_cpu_usage_ratio")).isEmpty();
        assertThat(text.all("falcosecurity_falco_memory_rss_bytes")).isEmpty();
        assertThat(text.value("falcosecurity_scap_n_evts_total")).isEqualTo(1);
    }

    @Test
    void everyInstanceHasItsOwnJvmMetrics() throws IOException {
        // the JVM instrumentation registers once per registry: a second instance must still list them
        new PeregrineMetrics("a");
        assertThat(scrape(new PeregrineMetrics("b")).all("jvm_memory_used_bytes")).isNotEmpty();
    }

    @Test
    void ruleCountsAddUpUnderConcurrentMatchesAndScrapes() throws Exception {
        PeregrineMetrics m = new PeregrineMetrics("0.1.0", false, Path.of("/proc"));
        RuleCounter c = m.ruleCounter("r", "Critical", "syscall", "t");
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = Thread.ofPlatform().start(() -> {
                for (int j = 0; j < 10_000; j++) {
                    c.inc();
                }
            });
        }
        for (int i = 0; i < 5; i++) {
            scrape(m); // scrapes while counting must not disturb it
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(scrape(m).value("falcosecurity_falco_rules_matches_total", Map.of("rule_name", "r")))
                .isEqualTo(40_000);
    }

    @Test
    void everySeriesIsUnique() throws IOException {
        PeregrineMetrics m = new PeregrineMetrics("0.1.0");
        m.ruleMatched("a", "Error", "syscall", "x");
        m.ruleMatched("b", "Error", "syscall", "");
        PromText text = scrape(m);
        List<String> series = text.samples().stream().map(s -> s.name() + s.labels()).toList();
        assertThat(series).doesNotHaveDuplicates();
    }
}
