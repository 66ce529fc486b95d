package dev.peregrine.app;

import dev.peregrine.scap.EventTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * capset on the live machine: a process (root, every capability) that keeps only CAP_CHOWN and CAP_DAC_OVERRIDE
 * has those as its thread.cap_permitted / cap_effective from its capset on; a rule on capset fires once and shows
 * both the capset's arguments and the thread's new sets.
 */
class LiveCapabilitiesTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void capsetChangesTheThreadsCapabilities() throws Exception {
        PeregrineJvm.requireLiveCapture();
        String token = "pgcaps" + Long.toHexString(System.nanoTime());
        Path canary = Files.writeString(dir.resolve(token), "x");
        Path rules = Files.writeString(dir.resolve("rules.yaml"), """
                - rule: canary
                  desc: an open of the test's file
                  condition: evt.type=openat and fd.name=%s
                  output: "canary %%proc.pid"
                  priority: WARNING
                - rule: capset
                  desc: the test's capset
                  condition: evt.type=capset and proc.cmdline contains %s
                  output: "capset res=%%evt.res permitted=[%%thread.cap_permitted] effective=[%%thread.cap_effective] inheritable=[%%thread.cap_inheritable]"
                  priority: WARNING
                """.formatted(canary, token));
        PeregrineJvm run = PeregrineJvm.start(dir, Map.of(), "-r", rules.toString(), "-o", "engine.kind=modern_ebpf",
                "-o", "webserver.enabled=false", "-o", "log_syslog=false", "-o", "syslog_output.enabled=false");
        try {
            run.await("the driver attached", () -> {
                try {
                    Files.readString(canary);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return run.out().contains("Warning canary");
            });
            String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
            // struct __user_cap_header_struct {version 3, pid 0}; two __user_cap_data_struct {effective, permitted,
            // inheritable}: keep CAP_CHOWN (0) and CAP_DAC_OVERRIDE (1)
            Process p = new ProcessBuilder(python, "-c", "TOKEN='" + token + "'\n"
                    + "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
                    + "hdr = (ctypes.c_uint32 * 2)(0x20080522, 0)\n"
                    + "data = (ctypes.c_uint32 * 6)(3, 3, 0, 0, 0, 0)\n"
                    + "assert libc.syscall(" + EventTable.get().nativeSyscall("capset").number()
                    + ", hdr, data) == 0, ctypes.get_errno()\n")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            run.await("the capset alert", () -> run.out().contains("Warning capset "));
            Thread.sleep(300);
            run.interrupt();
        } finally {
            run.kill();
        }
        List<String> alerts = run.out().lines().filter(l -> l.contains("Warning capset ")).toList();
        assertThat(alerts).as(run.out()).singleElement().asString().endsWith("capset res=SUCCESS permitted=[CAP_CHOWN "
                + "CAP_DAC_OVERRIDE] effective=[CAP_CHOWN CAP_DAC_OVERRIDE] inheritable=[]");
    }
}
