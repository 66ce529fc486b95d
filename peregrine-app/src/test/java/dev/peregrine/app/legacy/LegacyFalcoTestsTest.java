package dev.peregrine.app.legacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peregrine.testkit.LegacySpecs;
import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Falco's legacy regression specs run through Peregrine's Falco-compatible command line, checked the way Falco's
 * last Python harness (test/falco_test.py, removed in Falco 0.36) checked them, in the same order.
 */
class LegacyFalcoTestsTest {
    private static final List<String> SPECS = List.of("falco_tests.yaml", "falco_tests_exceptions.yaml",
            "falco_k8s_audit_tests.yaml");
    /** falco_test.py killed Falco after 180 s. */
    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The specs that cannot run here (spec, why): skipped while their inputs are missing. Any other spec whose input
     * is missing is skipped outside CI and fails under CI=true, as any missing shared data does.
     */
    private static final Map<String, String> CANNOT_RUN_HERE = Map.of(
            "falco_tests.yaml:detect_counts", "its capture, traces-positive/falco-event-generator.scap, was in the "
                    + "trace archive Falco's old harness downloaded, which the shared data does not hold");

    @TestFactory
    Stream<DynamicTest> legacySpecs() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String file : SPECS) {
            Path spec = SharedData.upstream("falco-legacy-tests/" + file);
            for (LegacySpecs.LegacyTest t : LegacySpecs.tests(spec)) {
                // Read in the test, not here: one odd entry fails itself, not the whole factory.
                tests.add(DynamicTest.dynamicTest(file + ":" + t.name(), () -> check(new LegacyCase(spec, t))));
                names.add(file + ":" + t.name());
            }
        }
        tests.add(DynamicTest.dynamicTest("the specs that cannot run here are specs",
                () -> Assertions.assertTrue(names.containsAll(CANNOT_RUN_HERE.keySet()),
                        () -> "not specs: " + CANNOT_RUN_HERE.keySet().stream().filter(n -> !names.contains(n))
                                .toList())));
        return tests.stream();
    }

    private static void check(LegacyCase c) throws IOException {
        // A key nobody checks would let a test pass without testing anything: say so instead.
        Assertions.assertTrue(c.unhandledKeys.isEmpty(),
                () -> c.name + ": spec keys this harness does not handle: " + c.unhandledKeys);
        for (String input : c.inputs()) {
            if (!Files.exists(c.resolve(input))) {
                String reason = CANNOT_RUN_HERE.get(c.name);
                if (reason != null) {
                    Assumptions.abort(c.name + " cannot run here: " + reason);
                }
                SharedData.missing(c.name + ": input " + input + " is missing from ../shared/upstream/"
                        + "falco-legacy-tests (" + c.folder + ")");
            }
        }
        String mismatch = RulesVersionCheck.mismatch(c);
        Assumptions.assumeTrue(mismatch == null, () -> c.name + ": written for other rules files than the shared "
                + "ones (" + mismatch + "); Falco fails it on these files too");
        List<String> args = LegacyRun.args(c);
        GrpcAnswers grpc = c.grpc ? GrpcAnswers.collect(c.grpcAddress) : null;
        LegacyRun r = Assertions.assertTimeoutPreemptively(TIMEOUT, () -> LegacyRun.run(c, args),
                () -> c.name + ": peregrine " + String.join(" ", args) + " did not finish within " + TIMEOUT);
        new Checks(c, r).all();
        if (grpc != null) {
            // falco_test.py ran grpcurl's get and looked for each result line in its (protobuf text) answers;
            // spacing differs between text printers, so lines are compared without white space
            List<String> answers = grpc.await();
            for (String want : c.grpcResults) {
                String w = want.replaceAll("\\s", "");
                Assertions.assertTrue(answers.stream().anyMatch(a -> a.replaceAll("\\s", "").contains(w)),
                        () -> c.name + ": no gRPC answer holds '" + want + "'; answers: " + answers);
            }
        }
    }

    /**
     * Calls the gRPC outputs service's get while Peregrine runs (it keeps serving for the -M duration), until
     * answers have come and then stopped coming: get drains what is queued, so answers are gathered over calls.
     */
    private static final class GrpcAnswers {
        private final java.util.concurrent.CompletableFuture<List<String>> answers;

        private GrpcAnswers(java.util.concurrent.CompletableFuture<List<String>> answers) {
            this.answers = answers;
        }

        static GrpcAnswers collect(String address) throws IOException {
            Path socket = address.startsWith("unix://") ? Path.of(address.substring("unix://".length())) : null;
            if (socket != null) {
                Files.deleteIfExists(socket);
            }
            return new GrpcAnswers(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                List<String> got = new ArrayList<>();
                long deadline = System.nanoTime() + 20_000_000_000L;
                int quiet = 0;
                while (System.nanoTime() < deadline && (got.isEmpty() || quiet < 5)) {
                    if (socket == null || Files.exists(socket)) {
                        try {
                            List<String> more = dev.peregrine.grpc.GrpcOutputsClient.get(address,
                                    java.time.Duration.ofSeconds(2));
                            quiet = more.isEmpty() ? quiet + 1 : 0;
                            got.addAll(more);
                        } catch (RuntimeException e) {
                            quiet = 0; // not serving yet
                        }
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                return got;
            }));
        }

        List<String> await() {
            return answers.join();
        }
    }

    /** The checks of one run; every failure shows the command line, exit status, stdout and stderr. */
    private record Checks(LegacyCase c, LegacyRun r) {
        void all() throws IOException {
            if (r.status == LegacyRun.THREW) {
                fail("Main.run threw (stack trace at the end of stderr)");
            }
            if (c.stdoutIs != null && !c.stdoutIs.equals(r.out)) {
                fail("stdout is not exactly: " + c.stdoutIs);
            }
            // falco_test.py compared stderr_is with stdout (a slip); stderr is what the key means.
            if (c.stderrIs != null && !c.stderrIs.equals(r.err)) {
                fail("stderr is not exactly: " + c.stderrIs);
            }
            for (String p : c.stderrContains) {
                if (!find(p, Pattern.DOTALL, r.err)) {
                    fail("stderr has nothing matching " + p);
                }
            }
            for (String p : c.stdoutContains) {
                if (!find(p, Pattern.DOTALL, r.out)) {
                    fail("stdout has nothing matching " + p);
                }
            }
            for (String p : c.stderrNotContains) {
                if (find(p, 0, r.err)) {
                    fail("stderr has something matching " + p + " and should not");
                }
            }
            for (String p : c.stdoutNotContains) {
                if (find(p, 0, r.out)) {
                    fail("stdout has something matching " + p + " and should not");
                }
            }
            if (r.status != c.exitStatus) {
                fail("exit status " + r.status + ", expected " + c.exitStatus);
            }
            validateOk();
            validated("errors", c.validateErrors);
            validated("warnings", c.validateWarnings);
            if (r.status != 0) {
                return; // as falco_test.py: no output to check when Falco exited abnormally
            }
            // rules_events is not checked: Falco stopped printing "Event types for rule ..." (falco#1715), so the
            // old harness found nothing to compare and no longer checked it either. Nor was rules_warning read.
            boolean validating = !c.validateRulesFiles.isEmpty();
            if (!validating) {
                detections();
            }
            if (!c.detectCounts.isEmpty()) {
                detectionsByRule();
            }
            if (!validating && c.jsonOutput) {
                jsonEvents();
            }
            for (LegacyCase.Strict s : c.outputStrictlyContains) {
                strictlyContains(s);
            }
        }

        private void detections() {
            Matcher m = Pattern.compile("Events detected: (\\d+)").matcher(r.out);
            if (!m.find()) {
                fail("no line 'Events detected: <count>' in stdout");
            }
            long detected = Long.parseLong(m.group(1));
            if (!c.detect && detected > 0) {
                fail("detected " + detected + " events when it should have detected none");
            }
            if (c.detect) {
                if (detected == 0) {
                    fail("detected no events when it should have detected some");
                }
                // Only the line's presence: the old harness's "count > 0 per level" check was unreachable.
                for (String level : c.detectLevels) {
                    if (!find("(?i)" + level + ": (\\d+)", 0, r.out)) {
                        fail("no line '" + level + ": <count>' in stdout");
                    }
                }
            }
        }

        private void detectionsByRule() {
            Matcher block = Pattern.compile("Triggered rules by rule name:(.*)", Pattern.DOTALL).matcher(r.out);
            if (!block.find()) {
                fail("no block 'Triggered rules by rule name: ...' in stdout");
            }
            for (Map.Entry<String, Integer> e : c.detectCounts.entrySet()) {
                // Rule names may hold regex characters (rule_names_with_regex_chars): quoted.
                Matcher m = Pattern.compile("\\s" + Pattern.quote(e.getKey()) + ": (\\d+)").matcher(block.group(1));
                long actual = m.find() ? Long.parseLong(m.group(1)) : 0;
                if (actual != e.getValue()) {
                    fail("rule " + e.getKey() + " triggered " + actual + " times, expected " + e.getValue());
                }
            }
        }

        private void jsonEvents() {
            for (String line : r.out.split("\\R")) {
                if (line.startsWith("{")) {
                    JsonNode event = json(line, "an event line");
                    List<String> attrs = new ArrayList<>(List.of("time", "rule", "priority"));
                    if (c.jsonIncludeOutputProperty) {
                        attrs.add("output");
                    }
                    if (c.jsonIncludeTagsProperty) {
                        attrs.add("tags");
                    }
                    for (String attr : attrs) {
                        if (!event.has(attr)) {
                            fail("JSON event has no property \"" + attr + "\": " + line);
                        }
                    }
                }
            }
        }

        /** The validation result is the first line of stdout (json_output is forced when validating). */
        private JsonNode loadResults() {
            return json(r.out.split("\n", 2)[0], "the first line of stdout (the validation result)")
                    .path("falco_load_results");
        }

        private void validateOk() {
            for (String file : c.validateOk) {
                boolean found = false;
                for (JsonNode result : loadResults()) {
                    String name = text(result, "name");
                    found |= result.path("successful").asBoolean(false) && name != null
                            && Path.of(name).getFileName().toString().equals(file);
                }
                if (!found) {
                    fail("validation result has no successful result for file " + file);
                }
            }
        }

        /**
         * Falco renamed LOAD_UNKNOWN_FIELD to LOAD_UNKNOWN_FILTER (same meaning: an unknown field in a rule with
         * skip-if-unknown-filter); the specs predate the rename.
         */
        static String currentCode(String code) {
            return "LOAD_UNKNOWN_FIELD".equals(code) ? "LOAD_UNKNOWN_FILTER" : code;
        }

        /** Some result holds an error (warning) with the code, the message and a location naming the item. */
        private void validated(String kind, List<LegacyCase.Expected> expected) {
            for (LegacyCase.Expected want : expected) {
                boolean found = false;
                for (JsonNode result : loadResults()) {
                    for (JsonNode got : result.path(kind)) {
                        String message = text(got, "message");
                        boolean messageOk = want.message() != null ? want.message().equals(message)
                                : message != null && message.contains(want.messageContains());
                        if (!Objects.equals(currentCode(want.code()), text(got, "code")) || !messageOk) {
                            continue;
                        }
                        for (JsonNode loc : got.path("context").path("locations")) {
                            found |= Objects.equals(want.itemType(), text(loc, "item_type"))
                                    && Objects.equals(want.itemName(), text(loc, "item_name"));
                        }
                    }
                }
                if (!found) {
                    fail("validation result has no " + kind + " entry " + want.code() + " for " + want.itemType()
                            + " '" + want.itemName() + "' with message "
                            + (want.message() != null ? "'" + want.message() + "'"
                            : "containing '" + want.messageContains() + "'"));
                }
            }
        }

        /** The expected file's lines appear in the actual output in order, each after the previous one. */
        private void strictlyContains(LegacyCase.Strict s) throws IOException {
            String actual;
            if (s.actual().equals("stdout")) {
                actual = r.out;
            } else {
                Path file = Path.of(s.actual());
                if (!Files.exists(file)) {
                    fail("output file " + file + " was not written");
                }
                actual = Files.readString(file);
            }
            int cursor = 0;
            for (String line : Files.readString(c.resolve(s.expected())).split("\\R")) {
                // A JSON line is compared as JSON, with the actual lines in order, not as a substring: the expected
                // file was written by an older Falco whose key order and spacing differ from current Falco's
                // (falcosecurity/testing compares these lines with JSONEq too).
                JsonNode expectedJson = jsonObjectOrNull(line);
                int next = expectedJson != null ? afterJsonLine(actual, cursor, expectedJson)
                        : afterSubstring(actual, cursor, line);
                if (next < 0) {
                    fail(s.actual() + " does not strictly contain " + s.expected() + ": no line\n    " + line
                            + "\n  after offset " + cursor + " of:\n" + actual.substring(0, Math.min(actual.length(),
                            4096)));
                }
                cursor = next;
            }
        }

        private static int afterSubstring(String actual, int from, String line) {
            int pos = actual.indexOf(line, from);
            return pos < 0 ? -1 : pos + line.length();
        }

        /** The end of the first line at or after {@code from} that is JSON equal to {@code expected}, or -1. */
        private static int afterJsonLine(String actual, int from, JsonNode expected) {
            for (int start = from; start < actual.length(); ) {
                int end = actual.indexOf('\n', start);
                end = end < 0 ? actual.length() : end;
                if (expected.equals(jsonObjectOrNull(actual.substring(start, end)))) {
                    return end;
                }
                start = end + 1;
            }
            return -1;
        }

        private static JsonNode jsonObjectOrNull(String line) {
            if (!line.strip().startsWith("{")) {
                return null;
            }
            try {
                JsonNode n = JSON.readTree(line);
                return n != null && n.isObject() ? n : null;
            } catch (IOException e) {
                return null;
            }
        }

        private JsonNode json(String text, String what) {
            try {
                return JSON.readTree(text);
            } catch (JsonProcessingException e) {
                fail(what + " is not JSON (" + e.getOriginalMessage() + "): " + text);
                return null; // not reached
            }
        }

        /** A field's text, or null when absent (Python's harness would have failed on the missing key). */
        private static String text(JsonNode n, String field) {
            JsonNode v = n.get(field);
            return v == null || v.isNull() ? null : v.asText();
        }

        /** Python's re.search: a match anywhere in the text. */
        private static boolean find(String regex, int flags, String text) {
            return Pattern.compile(regex, flags).matcher(text).find();
        }

        private void fail(String why) {
            Assertions.fail(c.name + ": " + why + r.report());
        }
    }
}
