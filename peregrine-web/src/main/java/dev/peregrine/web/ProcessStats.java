package dev.peregrine.web;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Falco's resource-utilization gauges, computed as libs does from /proc at scrape time: CPU usage as a ratio of one
 * CPU averaged over the process lifetime (as ps shows it), resident, virtual and proportional memory in bytes. A
 * file that cannot be read (not Linux, a hardened /proc) leaves its gauges out instead of failing the scrape.
 */
final class ProcessStats implements MultiCollector {
    // USER_HZ: the unit of /proc/<pid>/stat times, fixed at 100 in the Linux user ABI (libs falls back to it too)
    private static final double HZ = 100.0;

    private final Path proc;

    ProcessStats(Path proc) {
        this.proc = proc;
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> out = new ArrayList<>();
        Double cpu = cpuUsageRatio();
        if (cpu != null) {
            out.add(gauge("falcosecurity_falco_cpu_usage_ratio",
                    "CPU time over lifetime, as a ratio of one CPU (Falco's cpu_usage_perc / 100)", cpu));
        }
        String status = read("self/status");
        addKb(out, status, "VmRSS:", "falcosecurity_falco_memory_rss_bytes", "Resident memory");
        addKb(out, status, "VmSize:", "falcosecurity_falco_memory_vsz_bytes", "Virtual memory size");
        addKb(out, read("self/smaps_rollup"), "Pss:", "falcosecurity_falco_memory_pss_bytes",
                "Proportional set size");
        return new MetricSnapshots(out);
    }

    /** (utime + stime) / (host uptime - process start), as libs' linux_resource_utilization. */
    Double cpuUsageRatio() {
        String stat = read("self/stat");
        String uptime = read("uptime");
        if (stat == null || uptime == null) {
            return null;
        }
        try {
            // the command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            double cpuSec = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / HZ; // fields 14 and 15
            double startSec = Long.parseLong(f[19]) / HZ;                         // field 22
            double elapsed = Double.parseDouble(uptime.trim().split("\\s+")[0]) - startSec;
            return elapsed > 0 ? cpuSec / elapsed : 0.0;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void addKb(List<MetricSnapshot> out, String text, String key, String name, String help) {
        Long kb = kb(text, key);
        if (kb != null) {
            out.add(gauge(name, help + " in bytes", kb * 1024.0));
        }
    }

    /** The number of a "Key:   123 kB" line. */
    static Long kb(String text, String key) {
        if (text == null) {
            return null;
        }
        for (String line : text.split("\n")) {
            if (line.startsWith(key)) {
                String[] parts = line.substring(key.length()).trim().split("\\s+");
                try {
                    return Long.parseLong(parts[0]);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private String read(String relative) {
        try {
            return Files.readString(proc.resolve(relative));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeDataPointSnapshot.builder().value(value).build()).build();
    }
}
