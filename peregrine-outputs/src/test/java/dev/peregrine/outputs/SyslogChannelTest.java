package dev.peregrine.outputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What needs no syslog daemon; {@link SyslogChannelRsyslogTest} checks delivery through a real one. */
class SyslogChannelTest {

    @Test
    void priorityIsLogUserWithTheAlertsSeverity() {
        for (int severity = 0; severity <= 7; severity++) {
            Alert alert = Alert.of(1L, severity, "r", "syscall", "h", List.of(), "line");
            assertThat(SyslogChannel.priority(alert)).isEqualTo(8 + severity); // LOG_USER is 1 << 3
        }
    }

    @Test
    void nameAndIdentAreFalcos() throws Exception {
        SyslogChannel channel = new SyslogChannel();
        assertThat(channel.name()).isEqualTo("syslog");
        assertThat(channel.ident()).isEqualTo("falco");
        channel.close();
    }

    @Test
    void worksWithoutAnyDaemonAsSyslog3DropsSilently() throws Exception {
        SyslogChannel channel = new SyslogChannel();
        if (Files.exists(Path.of("/dev/log"))) {
            channel.close(); // something serves /dev/log: do not put test alerts into this machine's log
            return;
        }
        for (int i = 0; i < 3; i++) {
            channel.write(Alerts.numbered(i)); // nowhere to go: must neither fail nor block
        }
        channel.flush();
        channel.reopen();
        channel.close();
    }

    @Test
    void identWithNulIsRejected() {
        assertThatThrownBy(() -> new SyslogChannel("fal\0co")).isInstanceOf(IllegalArgumentException.class);
    }
}
