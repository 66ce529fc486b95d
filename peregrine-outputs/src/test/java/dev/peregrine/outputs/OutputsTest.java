package dev.peregrine.outputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputsTest {

    @TempDir
    Path dir;

    private final List<String> errors = new CopyOnWriteArrayList<>();

    @Test
    void everyChannelGetsEveryAlertInOrderByTheTimeCloseReturns() throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        Path file = dir.resolve("events.txt");
        Path programOut = dir.resolve("program.txt");
        int n = 300;

        try (Outputs outputs = new Outputs(List.of(
                new StdoutChannel(stdout, true),
                new FileChannel(file, true, true),
                new ProgramChannel("cat >> '" + programOut + "'", true)), 0, errors::add)) {
            for (int i = 0; i < n; i++) {
                assertThat(outputs.submit(Alerts.numbered(i))).isTrue();
            }
        }

        List<String> expected = Alerts.lines(0, n);
        assertThat(stdout.toString(StandardCharsets.UTF_8).lines().toList()).isEqualTo(expected);
        assertThat(Files.readAllLines(file)).isEqualTo(expected);
        assertThat(Files.readAllLines(programOut)).isEqualTo(expected);
        assertThat(errors).isEmpty();
    }

    @Test
    void countsDeliveriesPerChannel() throws Exception {
        Outputs outputs = new Outputs(List.of(new StdoutChannel(new ByteArrayOutputStream(), false),
                new FileChannel(dir.resolve("e.txt"), false, false)), 16, errors::add);
        for (int i = 0; i < 10; i++) {
            outputs.submit(Alerts.numbered(i));
        }
        outputs.close();

        OutputStats stats = outputs.stats();
        assertThat(stats.submitted()).isEqualTo(10);
        assertThat(stats.dropped()).isZero();
        assertThat(stats.queued()).isZero();
        assertThat(stats.channels()).containsOnlyKeys("stdout", "file");
        assertThat(stats.channel("stdout")).isEqualTo(new ChannelStats(10, 0));
        assertThat(stats.channel("file")).isEqualTo(new ChannelStats(10, 0));
        assertThat(outputs.capacity()).isEqualTo(16);
    }

    @Test
    void failingProgramIsCountedAndReportedWhileOtherChannelsGetEverything() throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        Path file = dir.resolve("events.txt");
        int n = 20;
        // a frozen clock: every failure after the first falls in the same second and is suppressed
        Outputs outputs = new Outputs(List.of(new ProgramChannel("exit 1", false),
                new StdoutChannel(stdout, false), new FileChannel(file, false, false)),
                0, errors::add, Duration.ofSeconds(30), () -> 42L);
        for (int i = 0; i < n; i++) {
            outputs.submit(Alerts.numbered(i));
        }
        outputs.close();

        OutputStats stats = outputs.stats();
        assertThat(stats.channel("program")).isEqualTo(new ChannelStats(0, n));
        assertThat(stats.channel("stdout")).isEqualTo(new ChannelStats(n, 0));
        assertThat(stats.channel("file")).isEqualTo(new ChannelStats(n, 0));
        assertThat(stdout.toString(StandardCharsets.UTF_8).lines().toList()).isEqualTo(Alerts.lines(0, n));
        assertThat(Files.readAllLines(file)).isEqualTo(Alerts.lines(0, n));
        assertThat(errors).hasSize(2);
        // "(Broken pipe)" may or may not appear, depending on whether the program died before the write
        assertThat(errors.get(0)).startsWith("program: program exited with status 1").endsWith(": exit 1");
        assertThat(errors.get(1)).isEqualTo("program: 19 further errors suppressed");
    }

    @Test
    void keepAliveProgramThatDiesIsRestartedAndOtherChannelsGetEverything() throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        int n = 10;
        Outputs outputs = new Outputs(List.of(new ProgramChannel("/nonexistent/peregrine-prog", true),
                new StdoutChannel(stdout, false)), 0, errors::add);
        for (int i = 0; i < n; i++) {
            outputs.submit(Alerts.numbered(i));
            outputs.flush().get(10, TimeUnit.SECONDS);
            Thread.sleep(30); // time for sh to find no program and exit
        }
        outputs.close();

        OutputStats stats = outputs.stats();
        ChannelStats program = stats.channel("program");
        assertThat(program.failed()).isPositive();
        assertThat(program.failed() + program.delivered()).isEqualTo(n);
        assertThat(stats.channel("stdout")).isEqualTo(new ChannelStats(n, 0));
        assertThat(stdout.toString(StandardCharsets.UTF_8).lines().toList()).isEqualTo(Alerts.lines(0, n));
        assertThat(errors).isNotEmpty().allMatch(e -> e.startsWith("program: "));
        assertThat(errors.getFirst()).contains("status 127").contains("/nonexistent/peregrine-prog");
    }

    @Test
    void slowChannelMakesSubmitDropNotBlockAndCloseDeliversWhatWasQueued() throws Exception {
        GatedChannel slow = new GatedChannel(false, 0);
        Outputs outputs = new Outputs(List.of(slow), 4, errors::add);

        assertThat(outputs.submit(Alerts.numbered(0))).isTrue();
        assertThat(slow.entered.await(10, TimeUnit.SECONDS)).isTrue(); // the worker is stuck in alert 0

        int accepted = 0;
        long start = System.nanoTime();
        for (int i = 1; i < 100; i++) {
            if (outputs.submit(Alerts.numbered(i))) {
                accepted++;
            }
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMs).isLessThan(1000);
        assertThat(accepted).isEqualTo(4);
        assertThat(outputs.stats().dropped()).isEqualTo(95);
        assertThat(outputs.stats().queued()).isEqualTo(4);

        slow.gate.countDown();
        outputs.close();

        OutputStats stats = outputs.stats();
        assertThat(slow.lines).isEqualTo(Alerts.lines(0, 5));
        assertThat(stats.submitted()).isEqualTo(100);
        assertThat(stats.channel("slow").delivered()).isEqualTo(5);
        assertThat(stats.submitted()).isEqualTo(stats.channel("slow").delivered() + stats.dropped());
        assertThat(slow.closed).isTrue();
        assertThat(errors).containsExactly("outputs: 95 alerts dropped so far (queue capacity 4)");
    }

    @Test
    void closeWaitsForASlowChannelToWorkThroughTheQueue() {
        GatedChannel slow = new GatedChannel(true, 5);
        Outputs outputs = new Outputs(List.of(slow), 100, errors::add);
        for (int i = 0; i < 100; i++) {
            assertThat(outputs.submit(Alerts.numbered(i))).isTrue();
        }
        outputs.close();

        assertThat(slow.lines).isEqualTo(Alerts.lines(0, 100));
        assertThat(outputs.stats().dropped()).isZero();
        assertThat(errors).isEmpty();
    }

    @Test
    void closeGivesUpOnABlockedChannelAfterItsTimeout() {
        GatedChannel stuck = new GatedChannel(false, 0);
        Outputs outputs = new Outputs(List.of(stuck), 10, errors::add, Duration.ofMillis(200));
        for (int i = 0; i < 5; i++) {
            outputs.submit(Alerts.numbered(i));
        }

        long start = System.nanoTime();
        outputs.close();
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(elapsedMs).isBetween(150L, 5000L);
        OutputStats stats = outputs.stats();
        assertThat(stats.channel("slow").failed()).isEqualTo(1); // the interrupted write
        assertThat(stats.dropped()).isEqualTo(4);
        assertThat(stats.submitted())
                .isEqualTo(stats.channel("slow").delivered() + stats.channel("slow").failed() + stats.dropped());
        assertThat(errors.getFirst()).isEqualTo("outputs: channels still blocked after 200 ms, discarded 4 queued alerts");
        assertThat(stuck.closed).isTrue();
    }

    @Test
    void reopenRotatesTheFileAfterEarlierAlerts() throws Exception {
        Path file = dir.resolve("events.log");
        Path rotated = dir.resolve("events.log.1");
        Outputs outputs = new Outputs(List.of(new FileChannel(file, true, false)), 0, errors::add);
        outputs.submit(Alerts.numbered(1));
        outputs.flush().get(10, TimeUnit.SECONDS);

        Files.move(file, rotated);
        outputs.reopen().get(10, TimeUnit.SECONDS);
        outputs.submit(Alerts.numbered(2));
        outputs.close();

        assertThat(Files.readAllLines(rotated)).isEqualTo(Alerts.lines(1, 2));
        assertThat(Files.readAllLines(file)).isEqualTo(Alerts.lines(2, 3));
    }

    @Test
    void aChannelThrowingUncheckedExceptionsDoesNotStopTheWorker() throws Exception {
        AlertChannel broken = new AlertChannel() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public void write(Alert alert) {
                throw new IllegalStateException("bug");
            }

            @Override
            public void flush() {
            }

            @Override
            public void reopen() {
                throw new IllegalStateException("cannot reopen");
            }

            @Override
            public void close() {
            }
        };
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        Outputs outputs = new Outputs(List.of(broken, new StdoutChannel(stdout, false)), 0, errors::add);
        outputs.submit(Alerts.numbered(1));
        outputs.reopen().get(10, TimeUnit.SECONDS);
        outputs.submit(Alerts.numbered(2));
        outputs.close();

        assertThat(stdout.toString(StandardCharsets.UTF_8).lines().toList()).isEqualTo(Alerts.lines(1, 3));
        assertThat(outputs.stats().channel("broken")).isEqualTo(new ChannelStats(0, 2));
        assertThat(errors.getFirst()).isEqualTo("broken: java.lang.IllegalStateException: bug");
    }

    @Test
    void submitAfterCloseIsDroppedAndControlsCompleteAtOnce() throws Exception {
        Outputs outputs = new Outputs(List.of(new StdoutChannel(new ByteArrayOutputStream(), false)), 0, errors::add);
        outputs.close();
        outputs.close();

        assertThat(outputs.submit(Alerts.numbered(1))).isFalse();
        assertThat(outputs.reopen()).isDone();
        assertThat(outputs.stats().dropped()).isEqualTo(1);
        assertThat(outputs.stats().submitted()).isEqualTo(1);
    }

    @Test
    void rejectsDuplicateNamesAndNegativeCapacity() throws Exception {
        StdoutChannel a = new StdoutChannel(new ByteArrayOutputStream(), false);
        StdoutChannel b = new StdoutChannel(new ByteArrayOutputStream(), false);
        assertThatThrownBy(() -> new Outputs(List.of(a, b), 0, errors::add))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unique");
        assertThatThrownBy(() -> new Outputs(List.of(a), -1, errors::add))
                .isInstanceOf(IllegalArgumentException.class);
        try (Outputs unbounded = new Outputs(List.of(a), 0, errors::add)) {
            assertThat(unbounded.capacity()).isEqualTo(Outputs.UNBOUNDED_LIMIT);
        }
    }
}
