package dev.peregrine.outputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramChannelTest {

    @TempDir
    Path dir;

    private String catInto(Path file) {
        return "cat >> '" + file + "'";
    }

    @Test
    void withoutKeepAliveEachAlertRunsTheProgramToCompletion() throws Exception {
        Path file = dir.resolve("out.txt");
        ProgramChannel channel = new ProgramChannel(catInto(file), false);

        for (int i = 0; i < 5; i++) {
            channel.write(Alerts.numbered(i));
            // popen/pclose: the program has exited by the time write returns
            assertThat(Alerts.readLines(file)).isEqualTo(Alerts.lines(0, i + 1));
            assertThat(channel.running()).isFalse();
        }
        channel.close();
        assertThat(channel.name()).isEqualTo("program");
    }

    @Test
    void keepAliveFeedsOneProgramAndCloseWaitsForIt() throws Exception {
        Path file = dir.resolve("out.txt");
        // a deliberately slow consumer: close must wait until it has written every line
        ProgramChannel channel = new ProgramChannel(
                "while IFS= read -r l; do sleep 0.005; printf '%s\\n' \"$l\" >> '" + file + "'; done", true);

        for (int i = 0; i < 50; i++) {
            channel.write(Alerts.numbered(i));
        }
        assertThat(channel.running()).isTrue();
        channel.close();

        assertThat(Alerts.readLines(file)).isEqualTo(Alerts.lines(0, 50));
        assertThat(channel.running()).isFalse();
    }

    @Test
    void keepAliveReportsADeadProgramThenStartsANewOne() throws Exception {
        Path file = dir.resolve("out.txt");
        ProgramChannel channel = new ProgramChannel("head -n 1 >> '" + file + "'", true);

        channel.write(Alerts.numbered(1));
        assertThat(Alerts.awaitLines(file, 1)).isEqualTo(Alerts.lines(1, 2));
        awaitExit(channel);

        assertThatThrownBy(() -> channel.write(Alerts.numbered(2)))
                .isInstanceOf(IOException.class)
                .hasMessage("program exited with status 0: head -n 1 >> '" + file + "'");
        channel.write(Alerts.numbered(3)); // a new program
        channel.close();

        assertThat(Alerts.readLines(file)).containsExactly(Alerts.numbered(1).line(), Alerts.numbered(3).line());
    }

    @Test
    void missingProgramFailsEveryAlertWithItsExitStatus() {
        ProgramChannel channel = new ProgramChannel("/nonexistent/peregrine-no-such-program", false);

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> channel.write(Alerts.numbered(1)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("program exited with status 127")
                    .hasMessageContaining("/nonexistent/peregrine-no-such-program");
        }
    }

    @Test
    void programExitingWithAnErrorIsAFailure() {
        ProgramChannel channel = new ProgramChannel("exit 3", false);

        assertThatThrownBy(() -> channel.write(Alerts.numbered(1)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("status 3");
    }

    @Test
    void reopenEndsTheProgramAndTheNextAlertStartsAnother() throws Exception {
        Path file = dir.resolve("out.txt");
        ProgramChannel channel = new ProgramChannel("cat >> '" + file + "'; echo end >> '" + file + "'", true);

        channel.write(Alerts.numbered(1));
        channel.reopen();
        assertThat(Alerts.readLines(file)).containsExactly(Alerts.numbered(1).line(), "end");
        channel.write(Alerts.numbered(2));
        channel.close();

        assertThat(Alerts.readLines(file))
                .containsExactly(Alerts.numbered(1).line(), "end", Alerts.numbered(2).line(), "end");
    }

    private static void awaitExit(ProgramChannel channel) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (channel.running() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(channel.running()).isFalse();
    }
}
