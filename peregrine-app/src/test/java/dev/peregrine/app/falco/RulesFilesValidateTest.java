package dev.peregrine.app.falco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Falco's own rules files validate with -V: no errors, and exactly the warnings current Falco gives for them
 * (none for the maintained files; unused macros in the archived application rules; the deprecated evt.dir field
 * in the archived and the old 1.0.1 rules).
 */
class RulesFilesValidateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path rules(String name) {
        return SharedData.upstream("rules/" + name);
    }

    private static List<JsonNode> validate(Path... files) throws Exception {
        List<String> args = new ArrayList<>(List.of("-o", "json_output=true"));
        for (Path f : files) {
            args.add("-V");
            args.add(f.toString());
        }
        CliRun r = CliRun.run(args.toArray(new String[0]));
        assertThat(r.status()).as(r.err()).isZero();
        List<JsonNode> results = new ArrayList<>();
        JSON.readTree(r.outLines().getFirst()).get("falco_load_results").forEach(results::add);
        assertThat(results).hasSize(files.length);
        for (JsonNode res : results) {
            assertThat(res.get("successful").asBoolean()).as(res.toString()).isTrue();
            assertThat(res.get("errors")).as(res.get("name").asText()).isEmpty();
        }
        return results;
    }

    private static Set<String> warned(JsonNode result, String code) {
        Set<String> names = new TreeSet<>();
        for (JsonNode w : result.get("warnings")) {
            assertThat(w.get("code").asText()).as(w.toString()).isEqualTo(code);
            JsonNode locs = w.get("context").get("locations");
            names.add(locs.get(locs.size() - 1).get("item_name").asText());
        }
        return names;
    }

    @Test
    void maintainedRulesValidateTogetherWithoutWarnings() throws Exception {
        // incubating and sandbox rules use the stable file's macros and lists, so they are validated after it,
        // as Falco loads them
        List<JsonNode> results = validate(rules("falco_rules.yaml"), rules("falco-incubating_rules.yaml"),
                rules("falco-sandbox_rules.yaml"));
        for (JsonNode r : results) {
            assertThat(r.get("warnings")).as(r.get("name").asText()).isEmpty();
        }
        CliRun text = CliRun.run("-V", rules("falco_rules.yaml").toString());
        assertThat(text.out()).isEqualTo(rules("falco_rules.yaml") + ": Ok\n");
    }

    @Test
    void applicationRulesWarnAboutExactlyTheirUnusedMacros() throws Exception {
        JsonNode r = validate(rules("application_rules.yaml")).getFirst();
        // the file's YAML without comments (several rules there are commented out, their macros left unused)
        String text = Files.readString(rules("application_rules.yaml")).replaceAll("(?m)^\\s*#.*$", "");
        Set<String> unused = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^- macro: (\\S+)").matcher(text);
        while (m.find()) {
            String name = m.group(1);
            // used = named as a word anywhere but in its own definition
            Matcher uses = Pattern.compile("(?<![\\w.-])" + Pattern.quote(name) + "(?![\\w.-])").matcher(text);
            int count = 0;
            while (uses.find()) {
                count++;
            }
            if (count == 1) {
                unused.add(name);
            }
        }
        assertThat(unused).isNotEmpty();
        assertThat(warned(r, "LOAD_UNUSED_MACRO")).isEqualTo(unused);
    }

    @Test
    void rulesUsingEvtDirWarnAboutTheDeprecatedField() throws Exception {
        for (String f : List.of("falco-deprecated_rules.yaml", "falco_rules-1.0.1.yaml")) {
            JsonNode r = validate(rules(f)).getFirst();
            Set<String> names = warned(r, "LOAD_DEPRECATED_ITEM");
            assertThat(names).as(f).isNotEmpty();
            for (JsonNode w : r.get("warnings")) {
                assertThat(w.get("message").asText()).contains("evt.dir");
            }
        }
    }

    @Test
    void allRulesFilesLoadTogetherForARun() {
        CliRun r = CliRun.run("-r", rules("falco_rules.yaml").toString(), "-r",
                rules("falco-incubating_rules.yaml").toString(), "-r", rules("falco-sandbox_rules.yaml").toString(),
                "-r", rules("falco-deprecated_rules.yaml").toString(), "-r",
                rules("application_rules.yaml").toString(), "-L");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.outLines().size()).isGreaterThan(90);
    }
}
