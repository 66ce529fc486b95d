package dev.peregrine.fields;

import dev.peregrine.scap.CaptureReader;
import dev.peregrine.scap.EventView;
import dev.peregrine.state.SystemState;
import org.junit.jupiter.api.Assumptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Differential testing against sysdig 0.29.3 on the shared captures. Without the shared data or sysdig a test is
 * skipped, unless CI=true, where it fails.
 */
final class Oracle {
    static final Path SYSDIG = Paths.get("/usr/bin/sysdig");

    private Oracle() {
    }

    /** Skips (or, with CI=true, fails) the calling test when {@code ok} is false. */
    static void require(boolean ok, String what) {
        if (ok) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("missing in CI: " + what);
        }
        Assumptions.assumeTrue(false, "skipped: " + what + " not available");
    }

    /** The shared data directory: system property peregrine.shared, or ../shared from the repository root. */
    static Path shared() {
        String prop = System.getProperty("peregrine.shared");
        if (prop != null && !prop.isBlank() && Files.isDirectory(Paths.get(prop))) {
            return Paths.get(prop);
        }
        Path dir = Paths.get("").toAbsolutePath();
        for (int i = 0; i < 3 && dir != null; i++, dir = dir.getParent()) {
            Path cand = dir.resolve("../shared").normalize();
            if (Files.isDirectory(cand.resolve("upstream"))) {
                return cand;
            }
        }
        return null;
    }

    /** A capture under shared/upstream, skipping the test when it (or sysdig) is missing. */
    static Path capture(String relative) {
        Path shared = shared();
        require(shared != null, "shared data directory (-Dperegrine.shared)");
        Path p = shared.resolve("upstream").resolve(relative);
        require(Files.isRegularFile(p), "capture " + p);
        require(Files.isExecutable(SYSDIG), "sysdig at " + SYSDIG);
        return p;
    }

    /** sysdig's lines for a format (printed with '*', so every event shows). */
    static List<String> sysdig(Path capture, String format, String filter) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(SYSDIG.toString(), "-r", capture.toString(), "-p", "*" + format));
        if (filter != null) {
            cmd.add(filter);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("TZ", "UTC");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process proc = pb.start();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (InputStream in = proc.getInputStream()) {
            in.transferTo(bytes);
        }
        proc.waitFor(5, TimeUnit.MINUTES);
        return lines(bytes.toString(StandardCharsets.UTF_8));
    }

    /** Peregrine's lines for the same format, over every event that sysdig would show. */
    static List<String> peregrine(Path capture, String format) throws Exception {
        OutputFormat f = OutputFormat.compile("*" + format, FieldRegistry.standard());
        StringBuilder sb = new StringBuilder();
        try (CaptureReader reader = CaptureReader.open(capture)) {
            SystemState state = new SystemState(reader.metadata());
            EventView event = new EventView();
            EventContext ctx = new EventContext(state, event);
            TextBuffer line = new TextBuffer(1024);
            long num = 0;
            while (reader.next(event)) {
                num++;
                state.process(event);
                ctx.advance(num);
                if (HiddenEvents.isHidden(event)) {
                    continue;
                }
                line.reset();
                f.render(ctx, line);
                sb.append(line).append('\n');
            }
        }
        return lines(sb.toString());
    }

    private static List<String> lines(String s) {
        List<String> out = new ArrayList<>(List.of(s.split("\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /** Lines that differ, as "expected | actual" pairs, at most {@code max}; prefixed by the count. */
    static List<String> diff(List<String> expected, List<String> actual, int max) {
        List<String> d = new ArrayList<>();
        int n = Math.max(expected.size(), actual.size());
        int count = 0;
        for (int i = 0; i < n; i++) {
            String e = i < expected.size() ? expected.get(i) : "<missing>";
            String a = i < actual.size() ? actual.get(i) : "<missing>";
            if (!e.equals(a)) {
                if (count < max) {
                    d.add("line " + (i + 1) + "\n  sysdig:    " + e + "\n  peregrine: " + a);
                }
                count++;
            }
        }
        if (count > 0) {
            d.add(0, count + " of " + n + " lines differ");
        }
        return d;
    }
}
