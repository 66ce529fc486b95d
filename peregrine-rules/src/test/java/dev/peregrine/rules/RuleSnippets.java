package dev.peregrine.rules;

import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.filter.FilterParser;

import static org.assertj.core.api.Assertions.assertThat;

/** Small rules files written inline by tests, loaded with the standard fields. */
final class RuleSnippets {
    static final FieldRegistry FIELDS = FieldRegistry.standard();

    private RuleSnippets() {
    }

    static LoadResult load(String... files) {
        RulesLoader loader = new RulesLoader(FIELDS);
        for (int i = 0; i < files.length; i++) {
            loader.add("f" + (i + 1) + ".yaml", files[i]);
        }
        return loader.load();
    }

    static LoadResult loadOk(String... files) {
        LoadResult r = load(files);
        assertThat(r.errors()).as("errors").isEmpty();
        return r;
    }

    static void assertCondition(LoadResult r, String rule, String expected) {
        assertThat(r.rule(rule)).as("rule %s", rule).isNotNull();
        assertThat(r.rule(rule).condition()).isEqualTo(FilterParser.parse(expected));
    }

    static String rule(String name, String condition) {
        return "- rule: " + name + "\n  desc: d\n  condition: " + condition + "\n  output: out %proc.name\n"
                + "  priority: WARNING\n";
    }
}
