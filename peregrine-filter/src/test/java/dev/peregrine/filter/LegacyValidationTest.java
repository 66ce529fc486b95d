package dev.peregrine.filter;

import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Falco's legacy specs validate rules files (sometimes several, loaded in order, later ones appending to earlier
 * ones) and expect some conditions to fail with {@code LOAD_ERR_COMPILE_CONDITION}. Where that failure is a parse
 * error, the parser must fail with the very same message; where the condition parses, the error belongs to the
 * later compile stage (unknown field, unknown event type).
 */
class LegacyValidationTest {
    @Test
    void conditionErrorsMatchFalcosMessages() throws IOException {
        Path legacy = SharedData.upstream("falco-legacy-tests");
        int parseErrors = 0;
        List<String> compileStage = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        for (String spec : List.of("falco_tests.yaml", "falco_tests_exceptions.yaml")) {
            for (LegacySpecs.Validation v : LegacySpecs.read(SharedData.upstream("falco-legacy-tests/" + spec))) {
                List<Path> files = new ArrayList<>();
                for (String f : v.files()) {
                    files.add(legacy.resolve(f));
                }
                Map<String, Conditions.Entry> conditions = null;
                for (LegacySpecs.ExpectedError e : v.errors()) {
                    if (!LegacySpecs.COMPILE_CONDITION.equals(e.code())) {
                        continue;
                    }
                    if (conditions == null) {
                        conditions = Conditions.finalConditions(Conditions.collect(files));
                    }
                    Conditions.Entry entry = conditions.get(e.itemType() + ":" + e.itemName());
                    assertThat(entry).as("%s: no condition for %s '%s'", v.test(), e.itemType(), e.itemName())
                            .isNotNull();
                    String reason = RoundTrip.parseError(entry.condition());
                    if (reason == null) {
                        compileStage.add(v.test() + ": " + e.message());
                    } else if (reason.equals(e.message())) {
                        parseErrors++;
                    } else {
                        mismatches.add(v.test() + ": expected \"" + e.message() + "\", got \"" + reason + "\"");
                    }
                }
            }
        }
        System.out.println("legacy specs: " + parseErrors + " expected condition errors are parse errors with "
                + "Falco's exact message; " + compileStage.size() + " belong to the compile stage: " + compileStage);
        assertThat(mismatches).isEmpty();
        assertThat(parseErrors).isGreaterThanOrEqualTo(4);
    }
}
