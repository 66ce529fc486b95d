package dev.peregrine.bench;

import dev.peregrine.app.falco.Detection;
import dev.peregrine.app.falco.Pipeline;
import dev.peregrine.inspector.CaptureSource;
import dev.peregrine.inspector.Inspector;
import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.filter.FilterPrinter;
import dev.peregrine.outputs.Outputs;
import dev.peregrine.outputs.StdoutChannel;
import dev.peregrine.rules.CompiledRule;
import dev.peregrine.rules.LoadResult;
import dev.peregrine.rules.Priority;
import dev.peregrine.rules.RulesLoader;
import dev.peregrine.rules.engine.AlertFormatter;
import dev.peregrine.rules.engine.AlertOptions;
import dev.peregrine.rules.engine.RuleSelection;
import dev.peregrine.rules.engine.Ruleset;
import dev.peregrine.scap.CaptureReader;
import dev.peregrine.scap.CaptureWriter;
import dev.peregrine.scap.EventView;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Rules benchmarks.
 * <ul>
 *   <li>{@code load FILE...}: loads the rules files together (parse, expand, compile), first in a fresh JVM and
 *   then warm; prints the times and the time since JVM start.</li>
 *   <li>{@code replay [--rounds N] [--warmup N] CAPTURE FILE...}: replays the capture with the rules enabled as
 *   Falco's defaults enable them (rule_matching first, priority debug, -A off), alerts formatted and written to a
 *   discarded stdout; prints the steady-state events/s.</li>
 *   <li>{@code conditions FILE...}: prints each enabled rule's condition with macros and lists expanded, one per
 *   line, for a comparison with sysdig's filtering.</li>
 *   <li>{@code repeat N IN OUT}: writes a capture holding IN's events N times over, so that whole-command timings
 *   of sysdig measure its filtering rather than its start-up.</li>
 * </ul>
 */
public final class RulesBenchmark {
    private RulesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "load" -> load(files(args, 1));
            case "replay" -> replay(Arrays.copyOfRange(args, 1, args.length));
            case "conditions" -> conditions(files(args, 1));
            case "repeat" -> repeat(Integer.parseInt(args[1]), Path.of(args[2]), Path.of(args[3]));
            default -> throw new IllegalArgumentException("usage: RulesBenchmark load|replay|conditions ...");
        }
    }

    private static List<Path> files(String[] args, int from) {
        return Arrays.stream(args, from, args.length).map(Path::of).toList();
    }

    private static LoadResult loadOnce(List<Path> files) {
        LoadResult r = RulesLoader.load(files);
        if (!r.successful()) {
            throw new IllegalStateException("rules did not load: " + r.errors().getFirst());
        }
        return r;
    }

    private static void load(List<Path> files) {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long t0 = System.nanoTime();
        LoadResult first = loadOnce(files);
        long coldNs = System.nanoTime() - t0;
        long sinceStartMs = System.currentTimeMillis() - jvmStart;
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            long t = System.nanoTime();
            loadOnce(files);
            best = Math.min(best, System.nanoTime() - t);
        }
        System.out.printf("load files=%d rules=%d first_load_ms=%.0f since_jvm_start_ms=%d warm_load_ms=%.1f%n",
                files.size(), first.rules().size(), coldNs / 1e6, sinceStartMs, best / 1e6);
    }

    private static void replay(String[] args) throws Exception {
        int rounds = 10;
        int warmup = 5;
        int i = 0;
        for (; args[i].startsWith("--"); i += 2) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path capture = Path.of(args[i]);
        List<Path> files = files(args, i + 1);
        LoadResult rules = loadOnce(files);
        Ruleset ruleset = Ruleset.build(rules.rules(), RuleSelection.none(), Priority.DEBUG, true);
        FieldRegistry registry = FieldRegistry.standard();
        AlertFormatter formatter = new AlertFormatter(AlertOptions.text("bench"));
        double[] rates = new double[rounds];
        long events = 0;
        long alerts = 0;
        for (int r = -warmup; r < rounds; r++) {
            try (Outputs outputs = new Outputs(List.of(new StdoutChannel(OutputStream.nullOutputStream(), true)), 0,
                    System.err::println)) {
                Detection d = new Detection(new Pipeline(ruleset, registry, formatter, outputs, null, false), 0);
                long t0 = System.nanoTime();
                try (Inspector inspector = new Inspector(CaptureSource.open(capture))) {
                    d.run(inspector);
                }
                long ns = System.nanoTime() - t0;
                events = d.events();
                alerts = d.current().stats().total();
                if (r >= 0) {
                    rates[r] = events / (ns / 1e9);
                }
            }
        }
        Arrays.sort(rates);
        System.out.printf("replay capture=%s rules=%d enabled=%d events=%d alerts=%d best=%.0f median=%.0f "
                        + "events/s%n", capture.getFileName(), rules.rules().size(), ruleset.enabledCount(), events,
                alerts, rates[rounds - 1], rates[rounds / 2]);
    }

    private static void repeat(int times, Path in, Path out) throws Exception {
        try (CaptureReader first = CaptureReader.open(in);
             CaptureWriter w = CaptureWriter.create(out, first)) {
            for (int i = 0; i < times; i++) {
                try (CaptureReader r = CaptureReader.open(in)) {
                    EventView e = new EventView();
                    while (r.next(e)) {
                        w.write(e);
                    }
                }
            }
            System.out.printf("repeat events=%d%n", w.eventsWritten());
        }
    }

    private static void conditions(List<Path> files) {
        for (CompiledRule r : loadOnce(files).rules()) {
            if (r.enabled()) {
                System.out.println(FilterPrinter.print(r.condition()));
            }
        }
    }
}
