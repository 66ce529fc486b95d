package dev.peregrine.outputs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/** Alerts and expectations shared by the tests. */
final class Alerts {

    private Alerts() {
    }

    static Alert numbered(int i) {
        return Alert.of(1_700_000_000_000_000_000L + i, 4, "Test rule", "syscall", "host1", List.of("test"),
                "12:00:00.000000000: Warning alert " + i);
    }

    static List<String> lines(int from, int toExclusive) {
        return IntStream.range(from, toExclusive).mapToObj(i -> numbered(i).line()).toList();
    }

    static List<String> readLines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    /** Polls until the file holds {@code count} lines or 10 s pass. */
    static List<String> awaitLines(Path file, int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<String> lines = readLines(file);
        while (lines.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
            lines = readLines(file);
        }
        return lines;
    }
}
