package dev.peregrine.app.falco;

import com.fasterxml.jackson.databind.JsonNode;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.peregrine.app.falco.LiveRun.JVM;
import static dev.peregrine.app.falco.LiveRun.fields;
import static dev.peregrine.app.falco.LiveRun.rule;

/**
 * Reads and writes on the live machine: rules on read and write make the driver send every read and write of
 * the machine (high volume), and a rule for each fires exactly once for cat reading /etc/shadow (after its open)
 * and for a shell writing a file of this test, with the fd, the byte count and the process. On a shared machine
 * another program's syscall storm can overflow the ring buffer: a run with kernel drops is tried again
 * ({@link LiveRun#onLiveMachine}).
 */
class LiveReadTest {
    private static final String COMMON = "pid=%proc.pid name=%proc.name cmdline=%proc.cmdline ppid=%proc.ppid"
            + " pname=%proc.pname res=%evt.res bytes=%evt.rawres fd=%fd.name fdnum=%fd.num type=%fd.type"
            + " user=%user.name container=%container.id";

    @TempDir
    Path dir;

    @Test
    @Timeout(600)
    void readingTheShadowFileAndWritingAFileFireOnce() throws Exception {
        LiveRun.onLiveMachine(this::attempt);
    }

    private void attempt() throws Exception {
        String token = "pgr" + Long.toHexString(System.nanoTime());
        Path written = dir.resolve(token + "-written");
        String child = " and proc.ppid=" + JVM;
        StringBuilder y = new StringBuilder();
        rule(y, "live_shadow_open", "evt.type in (open, openat) and fd.name=/etc/shadow and proc.name=cat" + child,
                COMMON);
        rule(y, "live_shadow_read", "evt.type=read and fd.name=/etc/shadow and evt.rawres > 0 and proc.name=cat"
                + child, COMMON);
        rule(y, "live_write", "evt.type=write and fd.name=" + written + child, COMMON);
        try (LiveRun live = LiveRun.start(dir, token, y.toString())) {
            live.attach();
            long cat = LiveRun.run(0, "cat", "/etc/shadow").pid();
            long sh = LiveRun.run(0, "sh", "-c", "echo " + token + " > " + written).pid();
            live.drain();
            live.stop();

            Map<String, List<JsonNode>> alerts = live.alerts();
            SoftAssertions soft = new SoftAssertions();
            for (String rule : List.of("live_shadow_open", "live_shadow_read", "live_write")) {
                soft.assertThat(alerts.getOrDefault(rule, List.of())).as("alerts of " + rule + " in\n"
                        + live.output()).hasSize(1);
            }
            Map<String, String> open = fields(alerts, "live_shadow_open");
            soft.assertThat(open).as("live_shadow_open")
                    .containsEntry("proc.pid", Long.toString(cat)).containsEntry("proc.name", "cat")
                    .containsEntry("proc.cmdline", "cat /etc/shadow").containsEntry("proc.pname", "java")
                    .containsEntry("evt.res", "SUCCESS").containsEntry("fd.name", "/etc/shadow")
                    .containsEntry("fd.type", "file").containsEntry("user.name", "root")
                    .containsEntry("container.id", "host");
            long size = Files.size(Path.of("/etc/shadow"));
            soft.assertThat(fields(alerts, "live_shadow_read")).as("live_shadow_read")
                    .containsEntry("proc.pid", Long.toString(cat)).containsEntry("proc.name", "cat")
                    .containsEntry("proc.cmdline", "cat /etc/shadow").containsEntry("proc.pname", "java")
                    .containsEntry("evt.res", "SUCCESS").containsEntry("evt.rawres", Long.toString(size))
                    .containsEntry("fd.name", "/etc/shadow").containsEntry("fd.num", open.get("fd.num"))
                    .containsEntry("fd.type", "file").containsEntry("user.name", "root")
                    .containsEntry("container.id", "host");
            soft.assertThat(fields(alerts, "live_write")).as("live_write")
                    .containsEntry("proc.pid", Long.toString(sh)).containsEntry("proc.name", "sh")
                    .containsEntry("proc.cmdline", "sh -c echo " + token + " > " + written)
                    .containsEntry("proc.pname", "java").containsEntry("evt.res", "SUCCESS")
                    .containsEntry("evt.rawres", Integer.toString(token.length() + 1))
                    .containsEntry("fd.name", written.toString()).containsEntry("fd.type", "file")
                    .containsEntry("user.name", "root").containsEntry("container.id", "host");
            soft.assertAll();
        }
    }
}
