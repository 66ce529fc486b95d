package dev.peregrine.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.peregrine.scap.CaptureReader;
import dev.peregrine.scap.EventFlags;
import dev.peregrine.scap.EventIds;
import dev.peregrine.scap.EventView;
import dev.peregrine.scap.UserEntry;
import dev.peregrine.testkit.SharedData;
import dev.peregrine.testkit.Sysdig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays shared captures through {@link SystemState} and compares, for every event sysdig prints, thread identity,
 * process fields, fd number/name, container id and user with sysdig 0.29.3's output. The formatter here is a
 * minimal stand-in for the fields module.
 */
class SysdigOracleTest {
    static final String SEP = "\u001f"; // ASCII unit separator: survives any locale
    static final String[] FIELDS = {"evt.num", "thread.tid", "proc.pid", "proc.ppid", "proc.name", "proc.exe",
            "proc.cwd", "proc.args", "fd.num", "fd.name", "container.id", "user.uid", "user.name", "thread.vtid",
            "proc.nthreads"};
    /** A value the stand-in formatter cannot compute (fields-module territory): not compared. */
    static final String SKIP = "\u0000skip";

    static final Map<String, Integer> KNOWN_FD_NAME_MISMATCHES = Map.of(
            "demo-traces/docker-k8s-capture.scap", 39);

    record Result(int events, Map<String, Integer> mismatches, List<String> samples) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"falco-legacy-tests/trace_files/cat_write.scap",
            "falco-legacy-tests/trace_files/connect_localhost.scap",
            "falco-legacy-tests/trace_files/open-multiple-files.scap",
            "falco-legacy-tests/trace_files/ping_sendto.scap",
            "falco-legacy-tests/trace_files/syscall.scap",
            "falco-legacy-tests/trace_files/empty.scap",
            "libs-traces/curl_google.scap",
            "libs-traces/sample.scap",
            "libs-traces/single_ipv6_conn.scap",
            "libs-traces/test_ipv6_client.scap",
            "demo-traces/502Error.scap",
            "demo-traces/docker-k8s-capture.scap"})
    void matchesSysdig(String capture) throws Exception {
        Path file = SharedData.upstream(capture);
        Sysdig.require();
        Result r = compare(file);
        System.out.println(capture + ": " + r.events() + " events compared, mismatches " + r.mismatches());
        r.samples().forEach(System.out::println);
        if (!capture.endsWith("empty.scap")) {
            assertThat(r.events()).isPositive();
        }
        // Known residue: UDP sockets whose tuple libsinsp reads through its sockinfo union (server address
        // overlaid on the tuple, uninitialised bytes); bounded so that regressions still fail.
        int allowedFdName = KNOWN_FD_NAME_MISMATCHES.getOrDefault(capture, 0);
        Map<String, Integer> unexpected = new HashMap<>(r.mismatches());
        if (unexpected.getOrDefault("fd.name", 0) <= allowedFdName) {
            unexpected.remove("fd.name");
        }
        assertThat(unexpected).as(capture + " " + r.samples()).isEmpty();
    }

    static Result compare(Path file) throws Exception {
        Map<Long, String[]> oracle = runSysdig(file);
        Map<String, Integer> mismatches = new HashMap<>();
        List<String> samples = new ArrayList<>();
        int compared = 0;
        try (CaptureReader reader = CaptureReader.open(file)) {
            SystemState state = new SystemState(reader.metadata());
            EventView ev = new EventView();
            long num = 0;
            while (true) {
                try {
                    if (!reader.next(ev)) {
                        break;
                    }
                } catch (Exception e) {
                    break; // truncated captures: sysdig stops there too
                }
                state.process(ev);
                if (ev.type() >= EventIds.LEGACY_EVENT_MAX) {
                    continue; // libscap e5c53d6 does not know (nor number) these types
                }
                num++;
                String[] expected = oracle.get(num);
                if (expected == null) {
                    continue;
                }
                String[] actual = format(state, ev, num);
                compared++;
                for (int i = 0; i < FIELDS.length; i++) {
                    if (actual[i] == SKIP || i >= expected.length) {
                        continue;
                    }
                    if (!actual[i].equals(expected[i])) {
                        mismatches.merge(FIELDS[i], 1, Integer::sum);
                        if (samples.size() < 15) {
                            samples.add("  #" + num + " " + ev.info().name() + (ev.isEnter() ? " >" : " <") + " "
                                    + FIELDS[i] + ": sysdig=[" + expected[i] + "] state=[" + actual[i] + "]");
                        }
                    }
                }
            }
        }
        return new Result(compared, mismatches, samples);
    }

    static Map<Long, String[]> runSysdig(Path file) {
        StringBuilder fmt = new StringBuilder("*");
        for (int i = 0; i < FIELDS.length; i++) {
            fmt.append(i == 0 ? "" : SEP).append('%').append(FIELDS[i]);
        }
        Map<Long, String[]> out = new HashMap<>();
        for (String raw : Sysdig.run(file, "-p", fmt.toString())) {
            // Sysdig.run gives one char per byte (ISO-8859-1); SEP and the values are UTF-8
            String line = new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            String[] parts = line.split(SEP, -1);
            if (parts.length != FIELDS.length) {
                continue;
            }
            try {
                out.put(Long.parseLong(parts[0]), parts);
            } catch (NumberFormatException e) {
                // not an event line
            }
        }
        return out;
    }

    static String[] format(SystemState s, EventView ev, long num) {
        String[] v = new String[FIELDS.length];
        java.util.Arrays.fill(v, "<NA>");
        v[0] = Long.toString(num);
        v[1] = Long.toString(ev.tid());
        ThreadInfo t = s.currentThread();
        if (t == null) {
            return v;
        }
        v[2] = Long.toString(t.pid());
        ThreadInfo mt = s.mainThread(t);
        v[3] = t.isMainThread() ? Long.toString(t.ptid()) : mt == null ? "<NA>" : Long.toString(mt.ptid());
        v[4] = t.comm();
        v[5] = t.exe();
        v[6] = s.cwdOf(t);
        v[7] = String.join(" ", t.args());
        int flags = EventTypes.flags(ev.type());
        if ((flags & (EventFlags.CREATES_FD | EventFlags.USES_FD | EventFlags.DESTROYS_FD)) != 0) {
            v[8] = Long.toString(s.currentFdNum());
            FdInfo f = s.currentFd();
            String name = ev.info().name();
            boolean failedConnect = name.equals("connect") && !ev.isEnter() && ev.nparams() > 0
                    && ev.paramAsLong(0) < 0;
            if (f != null && !failedConnect) {
                v[9] = printable(f.name()); // output drops non-printable characters, as libsinsp does
            } else if (ev.isEnter()) {
                v[9] = "<NA>";
            } else if (name.equals("open") || name.equals("creat") || name.equals("accept")
                    || name.equals("accept4") || name.equals("connect") || name.equals("openat")
                    || name.equals("openat2")) {
                v[9] = SKIP;
            } else {
                v[9] = "";
            }
        }
        v[10] = t.containerId().isEmpty() ? "host" : t.containerId();
        v[11] = Integer.toUnsignedString(t.uid());
        UserEntry u = s.user(t.uid());
        v[12] = u == null ? "<NA>" : u.name();
        v[13] = t.vtid() == -1 ? "<NA>" : Long.toString(t.vtid());
        v[14] = mt == null ? "<NA>" : Long.toString(mt.nchilds() + 1);
        return v;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            }
        }
        return b.toString();
    }
}
