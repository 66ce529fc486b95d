package dev.peregrine.app;

import dev.peregrine.scap.EventTable;
import dev.peregrine.testkit.Sysdig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A capture recorded from the live machine with {@code peregrine events -w} is read by sysdig 0.29.3, which prints
 * the same lines as {@code peregrine events -r} for it.
 *
 * <p>The driver writes today's event layouts; sysdig 0.29.3 predates some of their parameters (close's fd,
 * openat's ino, execve's capabilities, ...) and decodes with its own table, so it shows fewer. Peregrine is
 * therefore run with sysdig 0.29.3's table here (that libs' parameter lists, from the shared event-table JSON of
 * libs e5c53d6): the same bytes, the same decoder choices, and every line must be identical.
 */
class LiveRecordingParityTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void sysdigPrintsWhatPeregrinePrintsForALiveRecording() throws Exception {
        PeregrineJvm.requireLiveCapture();
        Sysdig.require();
        EventTable sysdigTable = SysdigTable.get();
        Path capture = dir.resolve("live.scap");
        Path work = Files.createDirectory(dir.resolve("work"));
        Path sentinel = Files.writeString(work.resolve("sentinel"), "done");
        PeregrineJvm run = PeregrineJvm.start(dir, Map.of(), "events", "-w", capture.toString());
        try {
            run.await("the capture file", () -> Files.exists(capture));
            Process p = new ProcessBuilder("sh", "-c", """
                    cat /etc/hostname > copy.txt
                    chmod 600 copy.txt && ln -s copy.txt link.txt && mv link.txt moved.txt && rm moved.txt
                    mkdir sub && cd sub && ls -la .. > /dev/null && cd .. && rmdir sub
                    sh -c 'echo nested | cat > nested.txt'
                    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); s.listen(1); c=socket.create_connection(s.getsockname()); a,_=s.accept(); a.close(); c.close(); s.close()'
                    cat sentinel
                    """).directory(work.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            // events come in order from one ring: once the sentinel's open is printed, the workload's are out
            run.await("the sentinel's open", () -> run.out().contains("name=" + sentinel.getFileName() + "("));
            run.interrupt();
        } finally {
            run.kill();
        }

        List<String> theirs = Sysdig.run(capture);
        List<String> ours = PrintedEvents.lines(capture, null, sysdigTable);
        assertThat(theirs).as("sysdig's lines").hasSizeGreaterThan(50)
                .anyMatch(l -> l.contains(" < execve ") && l.contains("python3"))
                .anyMatch(l -> l.contains(" < connect ") && l.contains("127.0.0.1"));
        PrintedEvents.assertSameLines(theirs, ours, capture.toString(), null);
        String format = "*%evt.num %evt.type %proc.name %proc.pname %proc.cmdline %fd.name %evt.res";
        PrintedEvents.assertSameLines(Sysdig.run(capture, "-p", format),
                PrintedEvents.lines(capture, format, sysdigTable), capture.toString(), format);
    }
}
