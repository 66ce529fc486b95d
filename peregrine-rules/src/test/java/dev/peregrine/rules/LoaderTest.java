package dev.peregrine.rules;

import dev.peregrine.scap.EventIds;
import dev.peregrine.scap.EventTable;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;

import static dev.peregrine.rules.RuleSnippets.FIELDS;
import static dev.peregrine.rules.RuleSnippets.assertCondition;
import static dev.peregrine.rules.RuleSnippets.load;
import static dev.peregrine.rules.RuleSnippets.loadOk;
import static dev.peregrine.rules.RuleSnippets.rule;
import static org.assertj.core.api.Assertions.assertThat;

/** Lists, macros, appends, overrides and exceptions on small hand-written rules files. */
class LoaderTest {
    @Test
    void outputsAreTrimmedAsFalcoDoes() {
        LoadResult r = loadOk("""
                - rule: folded
                  desc: d
                  condition: evt.type = open
                  output: >
                    opened %fd.name
                    by %proc.name
                  priority: INFO
                - rule: folded
                  output: >
                    as %user.name
                  override:
                    output: append
                """);
        assertThat(r.rule("folded").output()).isEqualTo("opened %fd.name by %proc.name as %user.name");
    }

    @Test
    void listsInListsAndInConditions() {
        LoadResult r = loadOk("""
                - list: a
                  items: [sh, bash]
                - list: b
                  items: [a, zsh, "'quoted thing'"]
                - list: empty
                  items: []
                - rule: r1
                  desc: d
                  condition: evt.type = execve and proc.name in (b, csh) and proc.pname in a and not proc.name in (empty)
                  output: o
                  priority: INFO
                """);
        assertCondition(r, "r1", "evt.type = execve and proc.name in (sh, bash, zsh, 'quoted thing', csh) "
                + "and proc.pname in (sh, bash) and not proc.name in ()");
        assertThat(r.rule("r1").priority()).isEqualTo(Priority.INFORMATIONAL);
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void listNamesAfterPmatchAndIntersectsAndQuotedNotExpanded() {
        LoadResult r = loadOk("""
                - list: dirs
                  items: [/etc, /usr]
                - rule: r
                  desc: d
                  condition: evt.type = open and fd.name pmatch (dirs) and proc.args intersects dirs and proc.name = "dirs"
                  output: o
                  priority: DEBUG
                """);
        assertCondition(r, "r", "evt.type = open and fd.name pmatch (/etc, /usr) "
                + "and proc.args intersects (/etc, /usr) and proc.name = \"dirs\"");
    }

    @Test
    void macrosUseEarlierMacrosAndRulesUseAny() {
        LoadResult r = loadOk("""
                - macro: spawned
                  condition: evt.type = execve and evt.dir = <
                - macro: shell
                  condition: spawned and proc.name in (shells)
                - list: shells
                  items: [sh]
                """ + rule("r", "shell and not later") + """
                - macro: later
                  condition: proc.pname = init
                """);
        assertCondition(r, "r", "((evt.type = execve and evt.dir = <) and proc.name in (sh)) and not (proc.pname = init)");
        BitSetAssert.onlyType(r.rule("r").filter().eventTypes(), "execve");
        // evt.dir, reached through two macros, is the only thing current Falco warns about here
        assertThat(r.warnings()).singleElement().satisfies(w -> {
            assertThat(w.code()).isEqualTo(LoadCode.LOAD_DEPRECATED_ITEM);
            assertThat(w.itemName()).isEqualTo("r");
            assertThat(w.text()).contains("evt.dir");
        });
    }

    @Test
    void appendedMacroSeesMacrosDefinedBeforeTheAppend() {
        LoadResult r = loadOk("""
                - macro: a
                  condition: proc.name = x
                - macro: b
                  condition: proc.name = y
                - macro: a
                  condition: or b
                  append: true
                """ + rule("r", "evt.type = open and a"));
        assertCondition(r, "r", "evt.type = open and (proc.name = x or proc.name = y)");
    }

    @Test
    void appendAcrossFilesAndDocuments() {
        LoadResult r = loadOk("""
                - list: l
                  items: [a]
                - macro: m
                  condition: proc.name in (l)
                ---
                """ + rule("r", "evt.type = open and m"), """
                - list: l
                  items: [b]
                  append: true
                - macro: m
                  condition: or proc.name = c
                  append: true
                - rule: r
                  condition: and fd.name = /x
                  append: true
                """);
        assertCondition(r, "r", "evt.type = open and (proc.name in (a, b) or proc.name = c) and fd.name = /x");
    }

    @Test
    void overrideAppendAndReplace() {
        LoadResult r = loadOk(rule("r", "evt.type = open") + "  tags: [t1]\n", """
                - rule: r
                  condition: and proc.name = cat
                  output: more %fd.name
                  priority: ERROR
                  tags: [t2]
                  enabled: false
                  override:
                    condition: append
                    output: append
                    priority: replace
                    tags: append
                    enabled: replace
                """);
        CompiledRule c = r.rule("r");
        assertCondition(r, "r", "evt.type = open and proc.name = cat");
        assertThat(c.output()).isEqualTo("out %proc.name more %fd.name");
        assertThat(c.priority()).isEqualTo(Priority.ERROR);
        assertThat(c.tags()).containsExactly("t1", "t2");
        assertThat(c.enabled()).isFalse();

        LoadResult replaced = loadOk(rule("r", "evt.type = open"), """
                - rule: r
                  condition: evt.type = close
                  override:
                    condition: replace
                """);
        assertCondition(replaced, "r", "evt.type = close");
    }

    @Test
    void redefinitionReplacesAndEnabledOnlyItemDisables() {
        LoadResult r = loadOk(rule("r", "evt.type = open") + rule("s", "evt.type = close"),
                rule("r", "evt.type = connect") + "- rule: s\n  enabled: false\n");
        assertCondition(r, "r", "evt.type = connect");
        assertThat(r.rule("s").enabled()).isFalse();
        assertThat(r.warnings()).extracting(LoadMessage::code).containsExactly(LoadCode.LOAD_DEPRECATED_ITEM);
    }

    @Test
    void exceptionsBecomeAndNotClauses() {
        LoadResult r = loadOk("""
                - list: editors
                  items: [vi, nano]
                - rule: r
                  desc: d
                  condition: evt.type = open and fd.name startswith /etc
                  output: o
                  priority: NOTICE
                  exceptions:
                    - name: pairs
                      fields: [proc.name, fd.name]
                      comps: [=, startswith]
                      values:
                        - [cat, /etc/passwd]
                        - [less, "/etc/my file"]
                    - name: lists
                      fields: [proc.name, fd.directory]
                      comps: [in, in]
                      values:
                        - [editors, [/etc/a, /etc/b]]
                    - name: single
                      fields: proc.pname
                      values: [bash, editors]
                    - name: defaults
                      fields: [proc.name]
                      values: [[sed]]
                    - name: novalues
                      fields: [proc.name]
                """);
        assertCondition(r, "r", "(evt.type = open and fd.name startswith /etc)"
                + " and not ((proc.name = cat and fd.name startswith /etc/passwd)"
                + " or (proc.name = less and fd.name startswith \"/etc/my file\"))"
                + " and not (proc.name in (vi, nano) and fd.directory in (/etc/a, /etc/b))"
                + " and not proc.pname in (bash, vi, nano)"
                + " and not proc.name = sed");
    }

    @Test
    void exceptionValuesAppendedByName() {
        LoadResult r = loadOk("""
                - rule: r
                  desc: d
                  condition: evt.type = open
                  output: o
                  priority: NOTICE
                  exceptions:
                    - name: e
                      fields: [proc.name]
                ""","""
                - rule: r
                  exceptions:
                    - name: e
                      values: [[cat]]
                    - name: f
                      fields: proc.pname
                      comps: in
                      values: [sh]
                  append: true
                """);
        assertCondition(r, "r", "evt.type = open and not proc.name = cat and not proc.pname in (sh)");
    }

    @Test
    void namingAndEmptyAppendWarnings() {
        LoadResult r = loadOk("""
                - list: bad-list
                  items: [a]
                - macro: bad macro
                  condition: proc.name in (bad-list)
                - rule: r
                  desc: d
                  condition: evt.type = open and proc.name in (bad-list)
                  output: o %container.info
                  priority: INFO
                  exceptions:
                    - name: e
                      fields: proc.name
                      values: [x]
                - rule: r
                  exceptions:
                    - name: e
                  append: true
                """);
        assertThat(r.warnings()).extracting(LoadMessage::code).containsExactly(LoadCode.LOAD_INVALID_LIST_NAME,
                LoadCode.LOAD_INVALID_MACRO_NAME, LoadCode.LOAD_APPEND_NO_VALUES, LoadCode.LOAD_UNUSED_MACRO);
        assertThat(r.warnings()).extracting(LoadMessage::line).containsExactly(1, 3, 16, 3);
        assertCondition(r, "r", "(evt.type = open and proc.name in (a)) and not proc.name in (x)");
    }

    @Test
    void requirementsAreRecorded() {
        LoadResult r = loadOk("""
                - required_engine_version: 0.31.0
                - required_plugin_versions:
                    - name: k8saudit
                      version: 0.1.0
                      alternatives:
                        - name: k8saudit-eks
                          version: 0.2.0
                """);
        assertThat(r.requiredEngineVersion()).isEqualTo("0.31.0");
        assertThat(r.requiredPlugins()).containsEntry("k8saudit", List.of("0.1.0"))
                .containsEntry("k8saudit-eks", List.of("0.2.0"));
    }

    @Test
    void warnings() {
        LoadResult r = loadOk("""
                - list: unused_list
                  items: [x]
                - macro: unused_macro
                  condition: proc.name = x
                - rule: everything
                  desc: d
                  condition: proc.name = cat
                  output: o
                  priority: DEBUG
                  colour: red
                - rule: quiet
                  desc: d
                  condition: proc.name = cat
                  output: o
                  priority: DEBUG
                  warn_evttypes: false
                - rule: k8s
                  desc: d
                  condition: evt.type = open and k8s.nope = x
                  output: o
                  priority: DEBUG
                  skip-if-unknown-filter: true
                - rule: other
                  desc: d
                  condition: ka.verb = get
                  output: o
                  priority: DEBUG
                  source: k8s_audit
                - weird: item
                """);
        assertThat(r.warnings()).extracting(LoadMessage::code).containsExactlyInAnyOrder(
                LoadCode.LOAD_UNKNOWN_KEY, LoadCode.LOAD_UNKNOWN_ITEM, LoadCode.LOAD_NO_EVTTYPE,
                LoadCode.LOAD_UNKNOWN_FILTER, LoadCode.LOAD_UNKNOWN_SOURCE, LoadCode.LOAD_UNUSED_MACRO,
                LoadCode.LOAD_UNUSED_LIST);
        LoadMessage noEvt = r.warnings().stream().filter(m -> m.code() == LoadCode.LOAD_NO_EVTTYPE).findFirst()
                .orElseThrow();
        assertThat(noEvt.itemName()).isEqualTo("everything");
        assertThat(noEvt.line()).isEqualTo(5);
        assertThat(noEvt.file()).isEqualTo("f1.yaml");
        assertThat(r.rules()).extracting(CompiledRule::name).containsExactly("everything", "quiet");
    }

    @Test
    void readsFilesFromDisk(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.yaml");
        Files.writeString(f, rule("r", "evt.type = open"));
        LoadResult r = new RulesLoader(FIELDS).add(f).add(dir.resolve("missing.yaml")).load();
        assertThat(r.errors()).extracting(LoadMessage::code).containsExactly(LoadCode.LOAD_ERR_FILE_READ);
        assertThat(r.rules()).isEmpty();
    }

    /** Event-type sets of compiled rules. */
    static final class BitSetAssert {
        static void onlyType(BitSet types, String name) {
            EventTable table = EventTable.get();
            BitSet named = (BitSet) types.clone();
            named.clear(EventIds.GENERIC_E); // in every set: they stand for syscalls without a type of their own
            named.clear(EventIds.GENERIC_X);
            for (int i = named.nextSetBit(0); i >= 0; i = named.nextSetBit(i + 1)) {
                assertThat(table.info(i).name()).isEqualTo(name);
            }
            assertThat(named.isEmpty()).isFalse();
        }
    }
}
