package dev.peregrine.filter.eval;

import dev.peregrine.testkit.SharedData;
import dev.peregrine.testkit.Sysdig;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every expression of differential-filters.txt must select exactly the events sysdig 0.29.3 selects
 * ({@code sysdig -r F -p %evt.num EXPR}, which must succeed) on the shared captures, some events on at least one of
 * them, and the compiled filter must agree with the reference interpreter on every event.
 */
class FilterDifferentialTest {
    /**
     * The shared captures sysdig 0.29.3 can open (not curl_google_comments.scap, whose section header has options),
     * except docker-k8s-capture.scap: its UDP DNS sockets make sysdig read tuples through a C union holding another
     * address (see EventsParityTest.SYSDIG_MISREADS), which changes fd.* matches on many of its events.
     */
    private static final List<String> CAPTURES = List.of(
            "falco-legacy-tests/trace_files/cat_write.scap",
            "falco-legacy-tests/trace_files/connect_localhost.scap",
            "falco-legacy-tests/trace_files/empty.scap",
            "falco-legacy-tests/trace_files/open-multiple-files.scap",
            "falco-legacy-tests/trace_files/ping_sendto.scap",
            "falco-legacy-tests/trace_files/syscall.scap",
            "libs-traces/curl_google.scap",
            "libs-traces/sample.scap",
            "libs-traces/test_ipv6_client.scap",
            "libs-traces/single_ipv6_conn.scap",
            "demo-traces/502Error.scap");

    static List<String> expressions() throws Exception {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                FilterDifferentialTest.class.getResourceAsStream("differential-filters.txt"),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line);
                }
            }
        }
        return out;
    }

    /**
     * Expressions sysdig 0.29.3 rejects by design (expression, why), which cannot be compared: sysdig must still
     * reject them, else they belong with the others. None today: sysdig accepts every expression of the file, and
     * those it would reject are checked by hand in FilterSemanticsTest instead (see the file's header).
     */
    private static final Map<String, String> REJECTED_BY_SYSDIG = Map.of();

    @TestFactory
    List<DynamicTest> matchesSysdig() throws Exception {
        Sysdig.require();
        List<Path> captures = new ArrayList<>();
        for (String c : CAPTURES) {
            captures.add(SharedData.upstream(c));
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (String expr : expressions()) {
            String rejection = REJECTED_BY_SYSDIG.get(expr);
            tests.add(DynamicTest.dynamicTest(expr, () -> {
                if (rejection != null) {
                    Sysdig.Result r = Sysdig.exec(captures.getFirst(), "-p", "%evt.num", expr);
                    assertThat(r.exitStatus() != 0 || !r.err().isBlank())
                            .as("sysdig rejects %s (%s); it printed %d lines", expr, rejection, r.lines().size())
                            .isTrue();
                    return;
                }
                long selected = 0;
                for (Path capture : captures) {
                    // sysdig prints nothing for an expression it rejects: that is no agreement
                    Sysdig.Result r = Sysdig.exec(capture, "-p", "%evt.num", expr);
                    assertThat(r.exitStatus()).as("sysdig's exit status for %s on %s; its stderr: %s", expr,
                            capture.getFileName(), r.err()).isZero();
                    assertThat(r.err()).as("sysdig's stderr for %s on %s", expr, capture.getFileName()).isBlank();
                    List<String> expected = r.lines();
                    assertThat(FilterReplay.matching(capture, expr)).as("%s on %s", expr, capture.getFileName())
                            .isEqualTo(expected);
                    selected += expected.size();
                }
                assertThat(selected).as("events %s selects in all the captures (one that selects none compares "
                        + "nothing)", expr).isPositive();
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> atLeast150Expressions() throws Exception {
        return List.of(
                DynamicTest.dynamicTest("count", () -> assertThat(expressions()).hasSizeGreaterThanOrEqualTo(150)),
                DynamicTest.dynamicTest("rejected ones are in the file",
                        () -> assertThat(expressions()).containsAll(REJECTED_BY_SYSDIG.keySet())));
    }
}
