package dev.peregrine.rules;

import dev.peregrine.fields.FieldRegistry;

import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Falco's own rules files load without errors: the stable, 1.0.1 and application files alone, and the incubating,
 * sandbox and deprecated files after the stable one (they use its macros and lists, as Falco expects).
 */
class RulesFilesLoadTest {
    private static Path rules(String name) {
        return SharedData.upstream("rules/" + name);
    }

    private static LoadResult loadClean(String... names) {
        List<Path> files = new ArrayList<>();
        for (String n : names) {
            files.add(rules(n));
        }
        RulesLoader loader = new RulesLoader(FieldRegistry.standard());
        files.forEach(loader::add);
        LoadResult r = loader.load();
        Map<LoadCode, Integer> counts = new TreeMap<>();
        for (LoadMessage m : r.warnings()) {
            counts.merge(m.code(), 1, Integer::sum);
        }
        System.out.println(String.join(" + ", names) + ": " + r.rules().size() + " rules, warnings " + counts);
        for (LoadMessage m : r.warnings()) {
            System.out.println("  " + m);
        }
        assertThat(r.errors()).as("errors loading %s", String.join(", ", names)).isEmpty();
        assertThat(r.successful()).isTrue();
        return r;
    }

    @Test
    void stable() {
        LoadResult r = loadClean("falco_rules.yaml");
        assertThat(r.rules()).hasSize(25);
        assertThat(r.requiredEngineVersion()).isNotNull();
        // no rule of the stable set runs on every event type
        assertThat(r.warnings()).noneMatch(m -> m.code() == LoadCode.LOAD_NO_EVTTYPE);
        assertThat(r.warnings()).noneMatch(m -> m.code().name().startsWith("LOAD_UNKNOWN"));
        for (CompiledRule rule : r.rules()) {
            assertThat(rule.filter()).isNotNull();
            assertThat(rule.format()).isNotNull();
            assertThat(rule.priority()).isNotNull();
        }
    }

    /** Every field the rules use exists, k8s.* included (RulesLoader.load uses the standard fields). */
    @Test
    void everyFieldTheRulesUseExists() {
        LoadResult r = RulesLoader.load(List.of(rules("falco_rules.yaml"), rules("falco-incubating_rules.yaml"),
                rules("falco-sandbox_rules.yaml"), rules("falco-deprecated_rules.yaml"),
                rules("application_rules.yaml")));
        assertThat(r.errors()).isEmpty();
        assertThat(r.rules()).isNotEmpty();
    }

    @Test
    void stableOneZeroOne() {
        assertThat(loadClean("falco_rules-1.0.1.yaml").rules()).hasSize(80);
    }

    /** The application rules are all commented out: what is left are macros no rule uses, as Falco warns. */
    @Test
    void application() {
        LoadResult r = loadClean("application_rules.yaml");
        assertThat(r.rules()).isEmpty();
        assertThat(r.warnings()).isNotEmpty().allMatch(m -> m.code() == LoadCode.LOAD_UNUSED_MACRO
                || m.code() == LoadCode.LOAD_UNUSED_LIST);
        assertThat(r.warnings()).anySatisfy(m -> {
            assertThat(m.itemName()).isEqualTo("elasticsearch_port");
            assertThat(m.line()).isEqualTo(33);
        });
    }

    @Test
    void incubating() {
        loadClean("falco_rules.yaml", "falco-incubating_rules.yaml");
    }

    @Test
    void sandbox() {
        loadClean("falco_rules.yaml", "falco-sandbox_rules.yaml");
    }

    @Test
    void deprecated() {
        loadClean("falco_rules.yaml", "falco-deprecated_rules.yaml");
    }

    @Test
    void allTogether() {
        LoadResult stable = new RulesLoader(FieldRegistry.standard()).add(rules("falco_rules.yaml")).load();
        LoadResult all = loadClean("falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml",
                "falco-deprecated_rules.yaml", "application_rules.yaml");
        assertThat(all.rules().size()).isGreaterThan(stable.rules().size());
        // later files use the stable file's macros and lists, so those warn less when loaded together
        long unusedTogether = all.warnings().stream().filter(m -> m.code() == LoadCode.LOAD_UNUSED_MACRO
                && m.file().endsWith("falco_rules.yaml")).count();
        long unusedAlone = stable.warnings().stream().filter(m -> m.code() == LoadCode.LOAD_UNUSED_MACRO).count();
        assertThat(unusedTogether).isLessThanOrEqualTo(unusedAlone);
    }
}
