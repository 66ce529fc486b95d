package dev.peregrine.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StdoutChannelTest {

    @Test
    void unbufferedFlushesEveryAlertThroughABufferedStdout() throws Exception {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        // stands for a process stdout that buffers on its own: only a flush gets the line out
        StdoutChannel channel = new StdoutChannel(new BufferedOutputStream(terminal, 1 << 16), false);

        channel.write(Alerts.numbered(1));
        assertThat(terminal.toString(StandardCharsets.UTF_8)).isEqualTo(Alerts.numbered(1).line() + "\n");
        channel.write(Alerts.numbered(2));
        assertThat(terminal.toString(StandardCharsets.UTF_8))
                .isEqualTo(Alerts.numbered(1).line() + "\n" + Alerts.numbered(2).line() + "\n");
        assertThat(channel.name()).isEqualTo("stdout");
    }

    @Test
    void bufferedHoldsAlertsUntilFlushOrClose() throws Exception {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        StdoutChannel channel = new StdoutChannel(terminal, true);

        channel.write(Alerts.numbered(1));
        channel.write(Alerts.numbered(2));
        assertThat(terminal.size()).isZero();
        channel.flush();
        assertThat(terminal.toString(StandardCharsets.UTF_8).lines().toList()).isEqualTo(Alerts.lines(1, 3));

        channel.write(Alerts.numbered(3));
        assertThat(terminal.toString(StandardCharsets.UTF_8).lines().toList()).hasSize(2);
        channel.close();
        assertThat(terminal.toString(StandardCharsets.UTF_8).lines().toList()).isEqualTo(Alerts.lines(1, 4));
    }

    @Test
    void writesUtf8LinesAsGiven() throws Exception {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        StdoutChannel channel = new StdoutChannel(terminal, false);
        Alert json = Alert.of(1, 3, "r", "syscall", "h", null, "{\"output\":\"caf\u00e9\",\"priority\":\"Error\"}");

        channel.write(json);

        assertThat(terminal.toByteArray())
                .isEqualTo((json.line() + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
