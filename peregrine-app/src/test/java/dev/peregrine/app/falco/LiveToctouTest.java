package dev.peregrine.app.falco;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peregrine.scap.EventTable;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.peregrine.app.falco.LiveRun.JVM;
import static dev.peregrine.app.falco.LiveRun.fields;
import static dev.peregrine.app.falco.LiveRun.rule;

/**
 * TOCTOU mitigation end to end: a process opens a FIFO (the open blocks after the kernel has copied the path) and
 * rewrites the path in its memory before the open returns, so the exit event names a decoy. The rules must see
 * the file really opened, from the enter event, once (the enter event itself never reaches the rules), and never
 * the decoy.
 */
class LiveToctouTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(600)
    void aPathRewrittenDuringOpenDoesNotFoolTheRules() throws Exception {
        LiveRun.onLiveMachine(this::attempt);
    }

    private void attempt() throws Exception {
        String token = "pgr" + Long.toHexString(System.nanoTime());
        Path fifo = dir.resolve(token + "-real-fifo");
        Path decoy = dir.resolve(token + "-decoy");
        String child = " and proc.ppid=" + JVM;
        StringBuilder y = new StringBuilder();
        rule(y, "live_real_open", "evt.type=openat and fd.name=" + fifo + child,
                "dir=%evt.dir fd=%fd.name name=%evt.arg.name");
        rule(y, "live_decoy_open", "evt.type=openat and fd.name=" + decoy, "fd=%fd.name");
        try (LiveRun live = LiveRun.start(dir, token, y.toString())) {
            live.attach();
            LiveRun.run(0, LiveRun.python(), "-c", """
                    import ctypes, os, threading, time
                    libc = ctypes.CDLL(None, use_errno=True)
                    fifo, decoy = %s, %s
                    os.mkfifo(fifo)
                    os.link(fifo, fifo + b'-writer')  # the writer's open: the same FIFO under another name
                    buf = ctypes.create_string_buffer(fifo, 4096)
                    def rewrite():
                        time.sleep(0.5)  # the reader is blocked in the kernel by now
                        ctypes.memmove(buf, decoy + b'\\0', len(decoy) + 1)
                        os.close(os.open(fifo + b'-writer', os.O_WRONLY))  # lets the open return
                    t = threading.Thread(target=rewrite)
                    t.start()
                    fd = libc.syscall(%d, -100, buf, os.O_RDONLY, 0)
                    t.join()
                    assert fd >= 0 and buf.value == decoy
                    """.formatted(pyBytes(fifo), pyBytes(decoy), EventTable.get().nativeSyscall("openat").number()));
            live.drain();
            live.stop();

            Map<String, List<JsonNode>> alerts = live.alerts();
            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(alerts.getOrDefault("live_real_open", List.of())).as("alerts in\n" + live.output())
                    .hasSize(1);
            soft.assertThat(fields(alerts, "live_real_open")).containsEntry("evt.dir", "<")
                    .containsEntry("fd.name", fifo.toString())
                    .as("the exit event's own copy of the path is the decoy")
                    .containsEntry("evt.arg.name", decoy.toString());
            soft.assertThat(alerts.getOrDefault("live_decoy_open", List.of())).as("decoy alerts").isEmpty();
            soft.assertAll();
        }
    }

    private static String pyBytes(Path p) {
        return "b'" + p.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
