package dev.peregrine.rules;

import dev.peregrine.fields.FieldDef;
import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.fields.FieldType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules of several event sources in one load: each rule's condition, output and exceptions are checked against
 * its own source's fields, rules of unknown sources are skipped with a warning, and plugin requirements are met
 * as Falco meets them.
 */
class SourcesTest {
    private static FieldRegistry demoFields() {
        FieldRegistry r = new FieldRegistry();
        r.add(new FieldDef("demo.name", FieldType.CHARBUF, "a name", FieldDef.Arg.NONE, a -> (ctx, out) -> false));
        r.add(RuleSnippets.FIELDS.get("evt.num"));
        return r;
    }

    private static LoadResult load(String text) {
        Map<String, Supplier<FieldRegistry>> sources = Map.of("syscall", () -> RuleSnippets.FIELDS, "demo",
                SourcesTest::demoFields);
        return new RulesLoader(sources).add("r.yaml", text).load();
    }

    @Test
    void eachRuleCompilesAgainstItsSourcesFields() {
        LoadResult r = load("""
                - rule: demo_rule
                  desc: d
                  condition: demo.name = x and evt.num > 0
                  output: "name=%demo.name"
                  priority: WARNING
                  source: demo
                  exceptions:
                    - name: known
                      fields: [demo.name]
                      values: [[y]]
                - rule: syscall_rule
                  desc: d
                  condition: evt.type = open
                  output: "%proc.name"
                  priority: WARNING
                - rule: other_rule
                  desc: d
                  condition: other.field = 1
                  output: o
                  priority: WARNING
                  source: other
                """);
        assertThat(r.errors()).isEmpty();
        assertThat(r.rules()).extracting(CompiledRule::name).containsExactly("demo_rule", "syscall_rule");
        assertThat(r.rule("demo_rule").source()).isEqualTo("demo");
        // no "too many event types" warning for a plugin source's rule without evt.type
        assertThat(r.warnings()).extracting(LoadMessage::code).containsExactly(LoadCode.LOAD_UNKNOWN_SOURCE);
    }

    @Test
    void aFieldOfAnotherSourceIsAnError() {
        LoadResult condition = load("""
                - rule: r
                  desc: d
                  condition: proc.name = cat
                  output: o
                  priority: WARNING
                  source: demo
                """);
        assertThat(condition.errors()).extracting(LoadMessage::text)
                .containsExactly("filter_check called with nonexistent field proc.name");
        LoadResult exception = load("""
                - rule: r
                  desc: d
                  condition: demo.name = x
                  output: o
                  priority: WARNING
                  exceptions:
                    - name: e
                      fields: [demo.name]
                      values: [[y]]
                """);
        assertThat(exception.errors()).extracting(LoadMessage::text)
                .containsExactly("'demo.name' is not a supported filter field");
    }

    @Test
    void pluginRequirementsAreMetByOneAlternativeAtACompatibleVersion() {
        List<List<PluginRequirement>> groups = load("""
                - required_plugin_versions:
                    - name: k8saudit
                      version: 0.18.0
                      alternatives:
                        - name: k8saudit-eks
                          version: 0.12.0
                    - name: json
                      version: 0.7.0
                """).pluginRequirements();
        assertThat(groups).hasSize(2);
        assertThat(PluginRequirement.unmet(groups, Map.of("k8saudit", "0.18.2", "json", "0.7.4"))).isNull();
        assertThat(PluginRequirement.unmet(groups, Map.of("k8saudit-eks", "0.12.0", "json", "0.7.4"))).isNull();
        assertThat(PluginRequirement.unmet(groups, Map.of("k8saudit", "0.17.0", "json", "0.7.4")))
                .isEqualTo("Plugin 'k8saudit' version '0.17.0' is not compatible with required plugin version "
                        + "'0.18.0'");
        assertThat(PluginRequirement.unmet(groups, Map.of("k8saudit", "1.0.0", "json", "0.7.4")))
                .startsWith("Plugin 'k8saudit' version '1.0.0' is not compatible");
        assertThat(PluginRequirement.unmet(groups, Map.of("k8saudit", "0.18.0")))
                .isEqualTo("Plugin requirement not satisfied, must load one of: json (>= 0.7.0)");
    }
}
