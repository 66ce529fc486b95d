package dev.peregrine.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigTreeTest {
    private static final String SAMPLE = """
            base_value:
                id: 1
                name: 'sample_name'
                subvalue:
                  subvalue2:
                    boolean: true
            base_value_2:
              sample_list:
                - elem1
                - elem2
                - elem3
            plugins:
              - name: one
                init_config: {a: 1}
              - name: two
            annotations:
              kubernetes.io/role: master
              example[0]: bracket_val
              back\\slash: bslash_val
            empty:
            tilde: ~
            quoted_null: "null"
            """;

    private static ConfigTree sample() {
        return ConfigTree.parse(SAMPLE, "/etc/falco/falco.yaml", Map.of());
    }

    @Test
    void readsNestedKeysAndListIndexes() {
        ConfigTree t = sample();
        assertThat(t.integer("base_value.id", -1)).isEqualTo(1);
        assertThat(t.string("base_value.name", "none")).isEqualTo("sample_name");
        assertThat(t.bool("base_value.subvalue.subvalue2.boolean", false)).isTrue();
        assertThat(t.string("base_value_2.sample_list[0]", "none")).isEqualTo("elem1");
        assertThat(t.string("base_value_2.sample_list[2]", "none")).isEqualTo("elem3");
        assertThat(t.string("base_value_2.sample_list[3]", "none")).isEqualTo("none");
        assertThat(t.string("plugins[0].name", "")).isEqualTo("one");
        assertThat(t.integer("plugins[0].init_config.a", 0)).isEqualTo(1);
        assertThat(t.string("plugins[1].name", "")).isEqualTo("two");
        assertThat(t.stringList("base_value_2.sample_list")).containsExactly("elem1", "elem2", "elem3");
    }

    @Test
    void hasAndNodeTellPresentFromAbsent() {
        ConfigTree t = sample();
        assertThat(t.has("base_value")).isTrue();
        assertThat(t.has("base_value.id")).isTrue();
        assertThat(t.has("unknown_base_value")).isFalse();
        assertThat(t.has("base_value.nope.deeper")).isFalse();
        // A null value is present (Falco's is_defined) but reads as its default.
        assertThat(t.has("empty")).isTrue();
        assertThat(t.node("empty")).get().matches(ConfigNode::isNull);
        assertThat(t.string("empty", "def")).isEqualTo("def");
        assertThat(t.bool("tilde", true)).isTrue();
        assertThat(t.stringList("empty")).isEmpty();
        assertThat(t.has("empty.below")).isFalse();
        // Quoted, it is a string.
        assertThat(t.string("quoted_null", "def")).isEqualTo("null");
        assertThat(t.node("base_value.subvalue")).get().isInstanceOf(ConfigNode.Mapping.class);
        assertThat(t.node("base_value_2.sample_list")).get().isInstanceOf(ConfigNode.Sequence.class);
    }

    @Test
    void escapedKeys() {
        ConfigTree t = sample();
        assertThat(t.string("annotations.kubernetes\\.io/role", "none")).isEqualTo("master");
        assertThat(t.string("annotations.example\\[0]", "none")).isEqualTo("bracket_val");
        assertThat(t.string("annotations.example\\[0\\]", "none")).isEqualTo("bracket_val");
        assertThat(t.string("annotations.back\\\\slash", "none")).isEqualTo("bslash_val");
    }

    @ParameterizedTest
    @ValueSource(strings = {"annotations\\", "annotations\\x", "a..b", ".a", "a.", "a[x]", "a[0", "a[0]b", "a[]",
            ""})
    void malformedKeysAreConfigErrors(String key) {
        assertThatThrownBy(() -> sample().string(key, ""))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Config error at key \"" + key + "\": Parsing error: ");
    }

    @Test
    void keyPathSteps() {
        KeyPath p = KeyPath.forSetting("rules[].disable.tag");
        assertThat(p.steps()).containsExactly(new KeyPath.Name("rules", "rules"), new KeyPath.Append("rules[]"),
                new KeyPath.Name("disable", "rules[].disable"), new KeyPath.Name("tag", "rules[].disable.tag"));
        assertThat(KeyPath.of("m[1][3]").steps()).containsExactly(new KeyPath.Name("m", "m"),
                new KeyPath.Index(1, "m[1]"), new KeyPath.Index(3, "m[1][3]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y"})
    void yamlOneOneTrue(String word) {
        ConfigTree t = ConfigTree.parse("v: " + word + "\nq: \"" + word + "\"\n", "f.yaml", Map.of());
        assertThat(t.bool("v", false)).isTrue();
        assertThat(t.bool("q", false)).isTrue(); // yaml-cpp ignores quoting when converting
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N"})
    void yamlOneOneFalse(String word) {
        assertThat(ConfigTree.parse("v: " + word, "f.yaml", Map.of()).bool("v", true)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"maybe", "tRUE", "1", "0", "truee", "''"})
    void notBooleans(String word) {
        ConfigTree t = ConfigTree.parse("x: 1\nv: " + word, "f.yaml", Map.of());
        assertThatThrownBy(() -> t.bool("v", true)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("f.yaml:2: v: expected a boolean, got '");
    }

    @Test
    void typeErrorNamesFileLineAndKey() {
        String yaml = "priority: debug\n".repeat(1) + "#\n".repeat(10) + "json_output: maybe\n";
        ConfigTree t = ConfigTree.parse(yaml, "/etc/falco/falco.yaml", Map.of());
        assertThatThrownBy(() -> t.bool("json_output", false)).isInstanceOf(ConfigException.class)
                .hasMessage("/etc/falco/falco.yaml:12: json_output: expected a boolean, got 'maybe'");
    }

    @Test
    void typeErrorsForEveryGetter() {
        ConfigTree t = ConfigTree.parse("""
                a:
                  n: twelve
                  d: 1.5.2
                  m:
                    k: v
                  l: [x, {y: z}]
                  big: 3000000000
                  neg: -1
                """, "c.yaml", Map.of());
        assertThatThrownBy(() -> t.integer("a.n", 0)).hasMessage("c.yaml:2: a.n: expected an integer, got 'twelve'");
        assertThatThrownBy(() -> t.longValue("a.n", 0)).hasMessage("c.yaml:2: a.n: expected an integer, got 'twelve'");
        assertThatThrownBy(() -> t.dbl("a.d", 0)).hasMessage("c.yaml:3: a.d: expected a number, got '1.5.2'");
        assertThatThrownBy(() -> t.string("a.m", "")).hasMessage("c.yaml:5: a.m: expected a string, got a mapping");
        assertThatThrownBy(() -> t.bool("a.l", false)).hasMessage("c.yaml:6: a.l: expected a boolean, got a sequence");
        assertThatThrownBy(() -> t.stringList("a.l")).hasMessage("c.yaml:6: a.l[1]: expected a string, got a mapping");
        assertThatThrownBy(() -> t.stringList("a.m"))
                .hasMessage("c.yaml:5: a.m: expected a string or a sequence of strings, got a mapping");
        assertThatThrownBy(() -> t.integer("a.big", 0)).hasMessage("c.yaml:7: a.big: expected an integer, got '3000000000'");
        assertThat(t.longValue("a.big", 0)).isEqualTo(3_000_000_000L);
        assertThatThrownBy(() -> t.unsignedLong("a.neg", 0))
                .hasMessage("c.yaml:8: a.neg: expected a non-negative integer, got '-1'");
        // Going through a scalar or a sequence by name is a type error on the node in the way.
        assertThatThrownBy(() -> t.string("a.n.deeper", "")).hasMessage("c.yaml:2: a.n: expected a mapping, got 'twelve'");
        assertThatThrownBy(() -> t.string("a.l.x", "")).hasMessage("c.yaml:6: a.l: expected a mapping, got a sequence");
        assertThatThrownBy(() -> t.string("a.m[0]", "")).hasMessage("c.yaml:5: a.m: expected a sequence, got a mapping");
    }

    @Test
    void numbersAsYamlCppReadsThem() {
        ConfigTree t = ConfigTree.parse("""
                dec: 42
                plus: +7
                neg: -3
                hex: 0x1F
                oct: 010
                trailing: "5  "
                d1: .1
                d2: -1.5e3
                d3: 2
                d4: .inf
                d5: -.Inf
                d6: .NaN
                d7: 1.
                """, "n.yaml", Map.of());
        assertThat(t.integer("dec", 0)).isEqualTo(42);
        assertThat(t.integer("plus", 0)).isEqualTo(7);
        assertThat(t.integer("neg", 0)).isEqualTo(-3);
        assertThat(t.integer("hex", 0)).isEqualTo(31);
        assertThat(t.integer("oct", 0)).isEqualTo(8); // C++ streams read a leading 0 as octal
        assertThat(t.integer("trailing", 0)).isEqualTo(5);
        assertThat(t.dbl("d1", 0)).isEqualTo(.1);
        assertThat(t.dbl("d2", 0)).isEqualTo(-1500.0);
        assertThat(t.dbl("d3", 0)).isEqualTo(2.0);
        assertThat(t.dbl("d4", 0)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(t.dbl("d5", 0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(t.dbl("d6", 0)).isNaN();
        assertThat(t.dbl("d7", 0)).isEqualTo(1.0);
        assertThat(t.dbl("oct", 0)).isEqualTo(10.0);
        assertThat(t.integer("absent", 9)).isEqualTo(9);
        assertThat(t.longValue("absent", 9L)).isEqualTo(9L);
        assertThat(t.dbl("absent", .5)).isEqualTo(.5);
        assertThat(t.string("d1", "")).isEqualTo(".1");
        assertThat(t.string("hex", "")).isEqualTo("0x1F");
    }

    @Test
    void stringListTakesAScalarOrASequence() {
        ConfigTree t = ConfigTree.parse("one: a.yaml\nmany: [a, b]\nnone: []\n", "s.yaml", Map.of());
        assertThat(t.stringList("one")).containsExactly("a.yaml");
        assertThat(t.stringList("many")).containsExactly("a", "b");
        assertThat(t.stringList("none")).isEmpty();
        assertThat(t.stringList("absent")).isEmpty();
    }

    @Test
    void environmentReferencesAsFalcoExpandsThem() {
        Map<String, String> env = Map.of("ENV_VAR", "envVarValue", "ENV_VAR_EMBEDDED", "${ENV_VAR}",
                "ENV_VAR_BOOL", "true", "ENV_VAR_INT", "12", "ENV_VAR_EMPTY", "");
        ConfigTree t = ConfigTree.parse("""
                base_value:
                    id: $ENV_VAR
                    name: '${ENV_VAR}'
                    string: my_string
                    invalid: $${ENV_VAR}
                    invalid_env: $$ENV_VAR
                    invalid_double_env: $${ENV_VAR}$${ENV_VAR}
                    invalid_embedded_env: $${${ENV_VAR}}
                    invalid_valid_env: $${ENV_VAR}${ENV_VAR}
                    escaped: "${ENV_VAR}"
                    unset: ${UNSED_XX_X_X_VAR}
                sample_list:
                    - ${ENV_VAR}
                    - ' ${ENV_VAR}'
                    - '${ENV_VAR} '
                    - $UNSED_XX_X_X_VAR
                paths:
                    - ${ENV_VAR}/foo
                    - $ENV_VAR/foo
                    - /foo/${ENV_VAR}/
                    - /${ENV_VAR}/${ENV_VAR}${ENV_VAR}/foo
                    - ${ENV_VAR_EMBEDDED}/foo
                is_test: ${ENV_VAR_BOOL}
                num_test: ${ENV_VAR_INT}
                empty_test: ${ENV_VAR_EMPTY}
                ${ENV_VAR}: keys are not expanded
                """, "env.yaml", env);
        assertThat(t.string("base_value.id", "")).isEqualTo("$ENV_VAR");
        assertThat(t.string("base_value.name", "")).isEqualTo("envVarValue");
        assertThat(t.string("base_value.string", "")).isEqualTo("my_string");
        assertThat(t.string("base_value.invalid", "")).isEqualTo("${ENV_VAR}");
        assertThat(t.string("base_value.invalid_env", "")).isEqualTo("$$ENV_VAR");
        assertThat(t.string("base_value.invalid_double_env", "")).isEqualTo("${ENV_VAR}${ENV_VAR}");
        assertThat(t.string("base_value.invalid_embedded_env", "")).isEqualTo("${envVarValue}");
        assertThat(t.string("base_value.invalid_valid_env", "")).isEqualTo("${ENV_VAR}envVarValue");
        assertThat(t.string("base_value.escaped", "")).isEqualTo("envVarValue");
        assertThat(t.string("base_value.unset", "default")).isEqualTo("");
        assertThat(t.stringList("sample_list"))
                .containsExactly("envVarValue", " envVarValue", "envVarValue ", "$UNSED_XX_X_X_VAR");
        assertThat(t.stringList("paths")).containsExactly("envVarValue/foo", "$ENV_VAR/foo", "/foo/envVarValue/",
                "/envVarValue/envVarValueenvVarValue/foo", "envVarValue/foo");
        assertThat(t.bool("is_test", false)).isTrue();
        assertThat(t.integer("num_test", -1)).isEqualTo(12);
        assertThat(t.string("empty_test", "default")).isEqualTo("");
        assertThat(t.has("${ENV_VAR}")).isTrue();
    }

    @Test
    void selfReferencingVariableIsAnError() {
        assertThatThrownBy(() -> ConfigTree.parse("a: x\nb: ${LOOP}\n", "loop.yaml", Map.of("LOOP", "${LOOP}")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("loop.yaml:2: ");
    }

    @Test
    void originsOfNodes() {
        ConfigTree t = sample();
        assertThat(t.node("base_value.id").orElseThrow().origin())
                .isEqualTo(new Origin.FileLine("/etc/falco/falco.yaml", 2));
        assertThat(t.node("base_value_2.sample_list[1]").orElseThrow().origin().where())
                .isEqualTo("/etc/falco/falco.yaml:10");
        assertThat(t.error("plugins[1].name", "unknown plugin").getMessage())
                .isEqualTo("/etc/falco/falco.yaml:15: plugins[1].name: unknown plugin");
    }

    @Test
    void documentShapes() {
        assertThat(ConfigTree.parse("", "e.yaml", Map.of()).root().entries()).isEmpty();
        assertThat(ConfigTree.parse("# only a comment\n", "e.yaml", Map.of()).has("x")).isFalse();
        assertThatThrownBy(() -> ConfigTree.parse("- a\n- b\n", "list.yaml", Map.of()))
                .hasMessage("list.yaml:1: the configuration must be a YAML mapping");
        assertThatThrownBy(() -> ConfigTree.parse("a: 1\n? [x]\n: y\n", "k.yaml", Map.of()))
                .hasMessage("k.yaml:2: mapping keys must be scalars");
        // Only the first document counts, as with yaml-cpp's Load.
        assertThat(ConfigTree.parse("a: 1\n---\na: 2\n", "d.yaml", Map.of()).integer("a", 0)).isEqualTo(1);
        // A repeated key keeps its first value, as yaml-cpp's lookup finds it.
        assertThat(ConfigTree.parse("a: 1\na: 2\n", "d.yaml", Map.of()).integer("a", 0)).isEqualTo(1);
        // Anchors and aliases.
        ConfigTree anchors = ConfigTree.parse("x: &v [a, b]\ny: *v\n", "a.yaml", Map.of());
        assertThat(anchors.stringList("y")).containsExactly("a", "b");
    }

    @Test
    void syntaxErrorsNameFileAndLine() {
        assertThatThrownBy(() -> ConfigTree.parse("a: 1\nb: [x, y\nc: 3\n", "bad.yaml", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageMatching("bad\\.yaml:\\d+: YAML syntax error: .+")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> ConfigTree.parse("a: 1\n  b: 2\n", "bad.yaml", Map.of()))
                .hasMessageStartingWith("bad.yaml:2: YAML syntax error: ");
    }

    @Test
    void listOfStringsKeepsOrder() {
        ConfigTree t = ConfigTree.parse("l:\n  - c\n  - a\n  - b\n", "o.yaml", Map.of());
        assertThat(t.stringList("l")).isEqualTo(List.of("c", "a", "b"));
    }
}
