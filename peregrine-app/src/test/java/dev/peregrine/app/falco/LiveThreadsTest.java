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
import static dev.peregrine.app.falco.LiveRun.printed;
import static dev.peregrine.app.falco.LiveRun.python;
import static dev.peregrine.app.falco.LiveRun.rule;

/**
 * Threads and processes created through clone3, which glibc uses for pthread_create and posix_spawn (the JDK's
 * way of starting a process): a rule on the clone3 that creates a python thread fires once, with the new thread's
 * id as its result, and the thread's own events carry its process (pid, name, command line, parent pid, user).
 * A command this JVM starts is then known from its clone3 on, before its execve.
 * <p>
 * The clone3 rule also makes sure that the driver traces clone3, whatever Peregrine's default state set
 * (InterestingSyscalls.STATE) holds: without clone3, a thread created after the start is unknown to the state
 * (proc.pid is the thread's id, proc.name &lt;NA&gt;, no parent, no user).
 */
class LiveThreadsTest {
    private static final String COMMON = "pid=%proc.pid tid=%thread.tid name=%proc.name cmdline=%proc.cmdline"
            + " ppid=%proc.ppid pname=%proc.pname res=%evt.res rawres=%evt.rawres user=%user.name uid=%user.uid"
            + " container=%container.id";

    @TempDir
    Path dir;

    @Test
    @Timeout(400)
    void threadsAndSpawnedProcessesCarryTheirProcess() throws Exception {
        LiveRun.onLiveMachine(this::attempt);
    }

    private void attempt() throws Exception {
        String token = "pgt" + Long.toHexString(System.nanoTime());
        Path threadFile = Files.writeString(dir.resolve(token + "-thread"), "thread");
        Path spawnFile = Files.writeString(dir.resolve(token + "-spawn"), "spawn");
        Path script = Files.writeString(dir.resolve(token + "-thread.py"), """
                import sys, threading
                tids = []
                def work():
                    tids.append(threading.get_native_id())
                    open(sys.argv[1]).close()
                t = threading.Thread(target=work)
                t.start()
                t.join()
                print(tids[0])
                """);
        String open = "evt.type in (open, openat) and fd.name=";
        StringBuilder y = new StringBuilder();
        rule(y, "live_clone3_thread", "evt.type=clone3 and evt.rawres > 0 and proc.cmdline contains \""
                + token + "-thread.py\" and proc.ppid=" + JVM, COMMON);
        rule(y, "live_thread_open", open + threadFile, COMMON + " fd=%fd.name");
        rule(y, "live_spawned_open", open + spawnFile + " and proc.ppid=" + JVM, COMMON + " fd=%fd.name");
        try (LiveRun live = LiveRun.start(dir, token, y.toString())) {
            live.attach();
            Process threads = LiveRun.run(0, python(), script.toString(), threadFile.toString());
            long thread = printed(threads);
            long cat = LiveRun.run(0, "cat", spawnFile.toString()).pid();
            live.drain();
            live.stop();

            Map<String, List<JsonNode>> alerts = live.alerts();
            SoftAssertions soft = new SoftAssertions();
            for (String rule : List.of("live_clone3_thread", "live_thread_open", "live_spawned_open")) {
                soft.assertThat(alerts.getOrDefault(rule, List.of())).as("alerts of " + rule + " in\n"
                        + live.output()).hasSize(1);
            }
            String pid = Long.toString(threads.pid());
            soft.assertThat(fields(alerts, "live_clone3_thread")).as("live_clone3_thread")
                    .containsEntry("proc.pid", pid).containsEntry("thread.tid", pid)
                    .containsEntry("evt.rawres", Long.toString(thread)).containsEntry("evt.res", "SUCCESS")
                    .containsEntry("proc.name", "python3").containsEntry("proc.pname", "java")
                    .containsEntry("user.name", "root");
            // a thread's proc.pname follows libsinsp 2022 (the creating thread's name), so it is not checked
            soft.assertThat(fields(alerts, "live_thread_open")).as("live_thread_open")
                    .containsEntry("proc.pid", pid).containsEntry("thread.tid", Long.toString(thread))
                    .containsEntry("proc.name", "python3")
                    .containsEntry("proc.cmdline", "python3 " + script + " " + threadFile)
                    .containsEntry("proc.ppid", Long.toString(JVM)).containsEntry("evt.res", "SUCCESS")
                    .containsEntry("user.name", "root").containsEntry("user.uid", "0")
                    .containsEntry("container.id", "host").containsEntry("fd.name", threadFile.toString());
            soft.assertThat(fields(alerts, "live_spawned_open")).as("live_spawned_open")
                    .containsEntry("proc.pid", Long.toString(cat)).containsEntry("thread.tid", Long.toString(cat))
                    .containsEntry("proc.name", "cat").containsEntry("proc.cmdline", "cat " + spawnFile)
                    .containsEntry("proc.pname", "java").containsEntry("evt.res", "SUCCESS")
                    .containsEntry("user.name", "root").containsEntry("container.id", "host");
            soft.assertAll();
        }
    }
}
