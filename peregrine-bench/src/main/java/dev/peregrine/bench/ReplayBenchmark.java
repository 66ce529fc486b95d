package dev.peregrine.bench;

import dev.peregrine.app.EventsCommand;
import dev.peregrine.app.EventPrinter;
import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.fields.OutputFormat;
import dev.peregrine.filter.eval.Filter;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Replays captures as {@code peregrine events -r F} does, output discarded, several times in one JVM, and prints
 * the steady-state events/s (JVM start-up and JIT warm-up excluded): the best of the timed rounds after warm-up.
 * Usage: ReplayBenchmark [--rounds N] [--warmup N] [-p FORMAT] [-f FILTER] CAPTURE...
 */
public final class ReplayBenchmark {
    private ReplayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 10;
        int warmup = 5;
        String format = EventsCommand.DEFAULT_FORMAT;
        String filterText = null;
        int i = 0;
        for (; i < args.length && args[i].startsWith("-"); i += 2) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "-p" -> format = args[i + 1];
                case "-f" -> filterText = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        OutputFormat compiled = OutputFormat.compile(format, FieldRegistry.standard());
        Filter filter = filterText == null ? null : Filter.compile(filterText, FieldRegistry.standard());
        for (; i < args.length; i++) {
            Path capture = Path.of(args[i]);
            long events = 0;
            for (int w = 0; w < warmup; w++) {
                events = new EventPrinter(capture, compiled, -1, null, filter).run(OutputStream.nullOutputStream());
            }
            double[] rates = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                new EventPrinter(capture, compiled, -1, null, filter).run(OutputStream.nullOutputStream());
                rates[r] = events / ((System.nanoTime() - t0) / 1e9);
            }
            Arrays.sort(rates);
            System.out.printf("%s events=%d best=%.0f median=%.0f events/s%n", capture.getFileName(), events,
                    rates[rounds - 1], rates[rounds / 2]);
        }
    }
}
