package dev.peregrine.rules;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Broken rules files: each gives Falco's code, with the file, the line and the item. */
class BrokenInputTest {
    private static LoadMessage onlyError(String content) {
        LoadResult r = new RulesLoader(RuleSnippets.FIELDS).add("ok.yaml", RuleSnippets.rule("good", "evt.type = open"))
                .add("bad.yaml", content).load();
        assertThat(r.errors()).as("errors of %s", content).hasSize(1);
        assertThat(r.rules()).isEmpty();
        assertThat(r.successful()).isFalse();
        LoadMessage m = r.errors().get(0);
        assertThat(m.file()).isEqualTo("bad.yaml");
        System.out.println(m);
        return m;
    }

    private static void expect(String content, LoadCode code, int line, String type, String name, String text) {
        LoadMessage m = onlyError(content);
        assertThat(m.code()).isEqualTo(code);
        assertThat(m.line()).isEqualTo(line);
        assertThat(m.itemType()).isEqualTo(type);
        assertThat(m.itemName()).isEqualTo(name);
        assertThat(m.text()).contains(text);
    }

    @Test
    void yamlSyntax() {
        expect("- rule: x\n  desc: [unclosed\n", LoadCode.LOAD_ERR_YAML_PARSE, 3, null, null, "");
    }

    @Test
    void notASequence() {
        expect("rule: x\n", LoadCode.LOAD_ERR_YAML_VALIDATE, 1, null, null, "not yaml array");
    }

    @Test
    void itemNotAMapping() {
        expect("- just a string\n", LoadCode.LOAD_ERR_YAML_VALIDATE, 1, "rules content item", "", "associative array");
    }

    @Test
    void ruleWithoutOutput() {
        expect("- list: l\n  items: [a]\n- rule: r\n  desc: d\n  condition: proc.name in (l)\n  priority: INFO\n",
                LoadCode.LOAD_ERR_YAML_VALIDATE, 3, "rule", "r", "Item has no mapping for key 'output'");
    }

    @Test
    void badPriority() {
        expect("- rule: r\n  desc: d\n  condition: evt.type = open\n  output: o\n  priority: LOUD\n",
                LoadCode.LOAD_ERR_YAML_VALIDATE, 5, "rule", "r", "Invalid priority");
    }

    @Test
    void conditionSyntax() {
        expect("\n" + RuleSnippets.rule("r", "evt.type = open and (proc.name = cat"),
                LoadCode.LOAD_ERR_COMPILE_CONDITION, 2, "rule", "r", "expected a ')' token");
    }

    @Test
    void unknownField() {
        expect(RuleSnippets.rule("r", "evt.type = open and proc.nmae = cat"),
                LoadCode.LOAD_ERR_COMPILE_CONDITION, 1, "rule", "r", "filter_check called with nonexistent field proc.nmae");
    }

    @Test
    void undefinedMacro() {
        expect(RuleSnippets.rule("r", "evt.type = open and no_such_macro"),
                LoadCode.LOAD_ERR_VALIDATE, 1, "rule", "r", "Undefined macro 'no_such_macro' used in filter.");
    }

    @Test
    void macroSyntaxError() {
        expect("- macro: m\n  condition: proc.name =\n", LoadCode.LOAD_ERR_COMPILE_CONDITION, 1, "macro", "m", "");
    }

    @Test
    void recursiveMacro() {
        expect("- macro: m\n  condition: proc.name = a or m\n" + RuleSnippets.rule("r", "evt.type = open and m"),
                LoadCode.LOAD_ERR_VALIDATE, 1, "macro", "m", "Undefined macro 'm' used in filter.");
    }

    @Test
    void macroUsingALaterMacro() {
        expect("- macro: a\n  condition: proc.name = x or b\n- macro: b\n  condition: proc.name = y\n"
                        + RuleSnippets.rule("r", "evt.type = open and a"),
                LoadCode.LOAD_ERR_VALIDATE, 1, "macro", "a", "Undefined macro 'b' used in filter.");
    }

    @Test
    void badOutput() {
        expect("- rule: r\n  desc: d\n  condition: evt.type = open\n  output: \"%proc.nmae\"\n  priority: INFO\n",
                LoadCode.LOAD_ERR_COMPILE_OUTPUT, 1, "rule", "r", "proc.nmae");
    }

    @Test
    void appendWithoutBase() {
        expect("- macro: m\n  condition: and x\n  append: true\n", LoadCode.LOAD_ERR_VALIDATE, 1, "macro", "m",
                "no macro by that name already exists");
        expect("- list: l\n  items: [x]\n  append: true\n", LoadCode.LOAD_ERR_VALIDATE, 1, "list", "l",
                "no list by that name already exists");
        expect("\n- rule: nope\n  condition: and x\n  override:\n    condition: append\n",
                LoadCode.LOAD_ERR_VALIDATE, 2, "rule", "nope", "no rule by that name already exists");
    }

    @Test
    void badOverrides() {
        expect("- rule: good\n  priority: INFO\n  override:\n    priority: append\n", LoadCode.LOAD_ERR_VALIDATE, 4,
                "rule", "good", "cannot be appended to");
        expect("- rule: good\n  condition: and x\n  append: true\n  override:\n    condition: append\n",
                LoadCode.LOAD_ERR_VALIDATE, 5, "rule", "good", "cannot be used together");
        expect("- rule: good\n  override:\n    condition: append\n", LoadCode.LOAD_ERR_VALIDATE, 3, "rule", "good",
                "has no 'condition' key");
        expect("- rule: good\n  condition: x\n  override:\n    condition: merge\n", LoadCode.LOAD_ERR_VALIDATE, 4,
                "rule", "good", "Invalid override mode");
    }

    @Test
    void badExceptions() {
        String head = "- rule: r\n  desc: d\n  condition: evt.type = open\n  output: o\n  priority: INFO\n"
                + "  exceptions:\n";
        expect(head + "    - name: e\n      fields: [proc.name, fd.name]\n      comps: [=]\n",
                LoadCode.LOAD_ERR_VALIDATE, 7, "exception", "e", "Fields and comps lists must have equal length");
        expect(head + "    - name: e\n      fields: [proc.name]\n      values: [[a, b]]\n",
                LoadCode.LOAD_ERR_VALIDATE, 9, "exception", "e", "Fields and values lists must have equal length");
        expect(head + "    - name: e\n      fields: [proc.name]\n      comps: [like]\n",
                LoadCode.LOAD_ERR_VALIDATE, 9, "exception", "e", "'like' is not a supported comparison operator");
        expect(head + "    - fields: [proc.name]\n", LoadCode.LOAD_ERR_YAML_VALIDATE, 7, "exception", "",
                "Item has no mapping for key 'name'");
        expect(head + "    - name: e\n", LoadCode.LOAD_ERR_YAML_VALIDATE, 7, "exception", "e",
                "Item has no mapping for key 'fields'");
        expect(head + "    - name: e\n      fields: [proc.nmae]\n      values: [[a]]\n",
                LoadCode.LOAD_ERR_VALIDATE, 8, "exception", "e", "'proc.nmae' is not a supported filter field");
    }

    @Test
    void badBoolean() {
        expect("- rule: r\n  desc: d\n  condition: evt.type = open\n  output: o\n  priority: INFO\n  enabled: maybe\n",
                LoadCode.LOAD_ERR_YAML_VALIDATE, 6, "rule", "r", "must be a boolean");
    }

    @Test
    void firstErrorStopsTheFile() {
        LoadResult r = new RulesLoader(RuleSnippets.FIELDS)
                .add("bad.yaml", "- rule: r\n  desc: d\n- rule: s\n  desc: d\n").load();
        assertThat(r.errors()).hasSize(1);
        assertThat(r.errors().get(0).itemName()).isEqualTo("r");
    }
}
