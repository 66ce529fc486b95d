package dev.peregrine.filter;

import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every macro body and rule condition of Falco's rules files (stable, incubating, sandbox, deprecated,
 * application, 1.0.1), of the legacy regression rules and of the k8s audit rules parses, and printing then
 * re-parsing gives the same tree. Appended conditions are parsed joined to what they extend (see
 * {@link Conditions}). The only conditions allowed to fail are those Falco's legacy specs expect to fail to
 * parse, and they must fail with Falco's message.
 */
class RulesFilesTest {
    private static final List<String> SUMMARY = new ArrayList<>();
    /** file (relative to falco-legacy-tests) -> "kind:name" -> the parse error Falco reports for it. */
    private static final Map<String, Map<String, String>> EXPECTED_ERRORS = new HashMap<>();
    private static int total;

    @BeforeAll
    static void readLegacySpecs() throws IOException {
        Path legacy = SharedData.root().resolve("upstream/falco-legacy-tests");
        for (String spec : List.of("falco_tests.yaml", "falco_tests_exceptions.yaml")) {
            Path file = legacy.resolve(spec);
            if (!Files.exists(file)) {
                continue;
            }
            for (LegacySpecs.Validation v : LegacySpecs.read(file)) {
                if (v.files().size() != 1) {
                    continue;
                }
                for (LegacySpecs.ExpectedError e : v.errors()) {
                    if (LegacySpecs.COMPILE_CONDITION.equals(e.code())) {
                        EXPECTED_ERRORS.computeIfAbsent(v.files().get(0), k -> new HashMap<>())
                                .put(e.itemType() + ":" + e.itemName(), e.message());
                    }
                }
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> falcoRules() throws IOException {
        return filesUnder("rules", false);
    }

    @TestFactory
    Stream<DynamicTest> legacyTestRules() throws IOException {
        return filesUnder("falco-legacy-tests/rules", true);
    }

    @TestFactory
    Stream<DynamicTest> k8sAuditRules() throws IOException {
        return filesUnder("k8saudit", false);
    }

    @AfterAll
    static void printSummary() {
        if (!SUMMARY.isEmpty()) {
            System.out.println("conditions parsed and round-tripped, per rules file:");
            for (String line : SUMMARY) {
                System.out.println("  " + line);
            }
            System.out.println("  total: " + total);
        }
    }

    /** A test per YAML file under upstream/{@code relative}, or one test reporting the folder missing. */
    private static Stream<DynamicTest> filesUnder(String relative, boolean recursive) throws IOException {
        Path dir = SharedData.root().resolve("upstream").resolve(relative);
        if (!Files.isDirectory(dir)) {
            // skipped, or failed when CI=true, as a visible test rather than an empty factory
            return Stream.of(DynamicTest.dynamicTest(relative, () -> SharedData.upstream(relative)));
        }
        List<Path> files;
        try (Stream<Path> s = recursive ? Files.walk(dir) : Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        Path base = dir.getParent();
        return files.stream().map(f -> DynamicTest.dynamicTest(base.relativize(f).toString(), () -> checkFile(f)));
    }

    private static void checkFile(Path file) throws IOException {
        Path upstream = SharedData.root().resolve("upstream");
        String label = upstream.relativize(file).toString();
        List<Conditions.Entry> entries;
        try {
            entries = Conditions.collect(List.of(file));
        } catch (YamlEngineException e) {
            // Falco's tests include files that are deliberately not YAML
            assertThat(file.getFileName().toString()).as("unreadable YAML in %s", label).startsWith("invalid_");
            record(label + ": not YAML (a deliberate error case)");
            return;
        }
        String legacyName = upstream.resolve("falco-legacy-tests").relativize(file).toString();
        Map<String, String> expected = EXPECTED_ERRORS.getOrDefault(legacyName, Map.of());
        int macros = 0;
        int rules = 0;
        int appends = 0;
        int noCondition = 0;
        int danglingAppends = 0;
        int deliberate = 0;
        List<String> failures = new ArrayList<>();
        for (Conditions.Entry entry : entries) {
            if (entry.condition() == null) {
                if (entry.written()) {
                    danglingAppends++;
                } else {
                    noCondition++;
                }
                continue;
            }
            String failure = RoundTrip.check(entry.condition());
            if (failure != null) {
                String reason = RoundTrip.parseError(entry.condition());
                if (reason != null && reason.equals(expected.get(entry.key()))) {
                    deliberate++;
                } else {
                    failures.add(entry.where() + ": " + failure);
                }
                continue;
            }
            appends += entry.append() ? 1 : 0;
            if (entry.kind().equals("macro")) {
                macros++;
            } else {
                rules++;
            }
        }
        assertThat(failures).as("conditions of %s", label).isEmpty();
        StringBuilder line = new StringBuilder(String.format("%-66s %4d  (%d macros, %d rules", label,
                macros + rules, macros, rules));
        if (appends > 0) {
            line.append("; ").append(appends).append(" with appends joined");
        }
        if (deliberate > 0) {
            line.append("; ").append(deliberate).append(" deliberate error(s) failing with Falco's message");
        }
        if (noCondition > 0) {
            line.append("; ").append(noCondition).append(" item(s) without a condition");
        }
        if (danglingAppends > 0) {
            line.append("; ").append(danglingAppends).append(" append(s) with nothing to append to, not parsed");
        }
        record(line.append(')').toString());
        synchronized (RulesFilesTest.class) {
            total += macros + rules;
        }
    }

    private static synchronized void record(String line) {
        SUMMARY.add(line);
    }
}
