package dev.peregrine.bench;

import dev.peregrine.fields.EventContext;
import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.filter.eval.Filter;
import dev.peregrine.filter.eval.Interpreter;
import dev.peregrine.inspector.CaptureSource;
import dev.peregrine.inspector.EventSource;
import dev.peregrine.inspector.Inspector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Cost of evaluating typical rule conditions on a real capture: the capture is replayed (reader and state) once
 * per benchmark call, and the condition evaluated on every event, compiled or by the reference interpreter;
 * {@code baseline} replays without a condition. Per-event cost = (time - baseline time) / events.
 * Run with bin/bench-filter (capture from -Dperegrine.capture, default the largest shared capture).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class FilterBenchmark {
    /** Typical rule conditions, in the style of Falco's stable rules. */
    @Param({
            "evt.type in (open, openat, openat2) and evt.dir=< and fd.name pmatch (/etc, /usr/bin, /bin)",
            "evt.type=execve and evt.dir=< and proc.name in (bash, sh, zsh, dash, ksh) and not proc.pname in (sshd, login)",
            "evt.type in (connect, accept) and fd.sip exists and not fd.snet in (10.0.0.0/8, 172.16.0.0/12)",
            "proc.cmdline contains curl or proc.cmdline contains wget or proc.cmdline contains nc",
            "fd.name startswith /proc and proc.name glob '*ctl' or fd.name regex '/etc/(passwd|shadow)'"})
    public String condition;

    private Path capture;
    private Filter filter;
    private long events;

    @Setup
    public void setup() throws Exception {
        capture = Path.of(System.getProperty("peregrine.capture", "../shared/upstream/demo-traces/docker-k8s-capture.scap"));
        filter = Filter.compile(condition, FieldRegistry.standard());
        events = replay(Mode2.BASELINE);
    }

    private enum Mode2 { BASELINE, COMPILED, INTERPRETED }

    private long replay(Mode2 mode) throws Exception {
        Interpreter interpreter = mode == Mode2.INTERPRETED ? filter.interpreter() : null;
        long matched = 0;
        try (Inspector inspector = new Inspector(CaptureSource.open(capture))) {
            EventContext ctx = inspector.context();
            while (inspector.next() == EventSource.EVENT) {
                switch (mode) {
                    case BASELINE -> matched++;
                    case COMPILED -> matched += filter.matches(ctx) ? 1 : 0;
                    case INTERPRETED -> matched += interpreter.matches(ctx) ? 1 : 0;
                }
            }
        }
        return matched;
    }

    @Benchmark
    public long baseline() throws Exception {
        return replay(Mode2.BASELINE);
    }

    @Benchmark
    public long compiled() throws Exception {
        return replay(Mode2.COMPILED);
    }

    @Benchmark
    public long interpreted() throws Exception {
        return replay(Mode2.INTERPRETED);
    }
}
