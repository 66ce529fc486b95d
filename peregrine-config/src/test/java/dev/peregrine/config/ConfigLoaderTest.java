package dev.peregrine.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private ConfigTree load(Path file, String... overrides) {
        return ConfigLoader.load(file, List.of(overrides), dir, Map.of());
    }

    private static final String MAIN = """
            config_files:
              - conf_2.yaml
              - conf_3.yaml
            foo: [ bar ]
            base_value:
                id: 1
                name: foo
            """;

    @Test
    void missingFile() {
        assertThatThrownBy(() -> load(dir.resolve("nope.yaml")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Could not find configuration file at " + dir.resolve("nope.yaml"));
    }

    @Test
    void directoryInsteadOfFile() {
        assertThatThrownBy(() -> load(dir)).hasMessage("Cannot read config file (" + dir + "): it is a directory");
    }

    @Test
    void unreadableFile() throws IOException {
        Path p = write("secret.yaml", "a: 1\n");
        if (!p.toFile().setReadable(false) || Files.isReadable(p)) {
            return; // running as root: every file is readable
        }
        assertThatThrownBy(() -> load(p)).hasMessage("Cannot read config file (" + p + "): permission denied");
    }

    @Test
    void syntaxErrorNamesFileAndLine() throws IOException {
        Path p = write("bad.yaml", "a: 1\nb:\n  - x\n  y: 2\n");
        assertThatThrownBy(() -> load(p)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(p + ":4: YAML syntax error: ");
    }

    @Test
    void loadsAndRemembersTheFile() throws IOException {
        Path p = write("falco.yaml", "json_output: true\n");
        ConfigTree t = load(p);
        assertThat(t.name()).isEqualTo(p.toString());
        assertThat(t.files()).containsExactly(p.toString());
        assertThat(t.bool("json_output", false)).isTrue();
    }

    @Test
    void relativeMainFileIsResolvedAgainstTheWorkingDirectory() throws IOException {
        write("rel.yaml", "a: 1\n");
        ConfigTree t = load(Path.of("rel.yaml"));
        assertThat(t.name()).isEqualTo("rel.yaml");
        assertThat(t.integer("a", 0)).isEqualTo(1);
    }

    @Test
    void emptyHasEveryDefault() {
        ConfigTree t = ConfigLoader.empty();
        assertThat(t.name()).isEqualTo("default");
        assertThat(t.root().entries()).isEmpty();
        assertThat(t.bool("json_output", false)).isFalse();
        ConfigTree o = ConfigLoader.withoutFile(List.of("json_output=true", "config_files=x.yaml"));
        assertThat(o.bool("json_output", false)).isTrue();
        assertThat(o.files()).isEmpty();
    }

    // ---- config_files

    @Test
    void includesFilesInOrderWithDefaultAppend() throws IOException {
        Path main = write("main.yaml", MAIN);
        write("conf_2.yaml", "foo: [ bar2 ]\nfoo2: bar2\nbase_value_2:\n    id: 2\n");
        write("conf_3.yaml", "base_value:\n    id: 3\n");
        write("conf_4.yaml", "base_value_4:\n    id: 4\n");
        ConfigTree t = load(main);
        assertThat(t.files()).containsExactly(main.toString(), "conf_2.yaml", "conf_3.yaml");
        assertThat(t.stringList("foo")).containsExactly("bar", "bar2");
        assertThat(t.string("foo2", "")).isEqualTo("bar2");
        assertThat(t.integer("base_value_2.id", 0)).isEqualTo(2);
        // The whole block is replaced: merging is by top-level key.
        assertThat(t.integer("base_value.id", 0)).isEqualTo(3);
        assertThat(t.has("base_value.name")).isFalse();
        assertThat(t.has("base_value_4")).isFalse();
        // Errors point into the included file.
        assertThat(t.node("foo[1]").orElseThrow().origin().where()).isEqualTo("conf_2.yaml:1");
        assertThat(t.node("base_value.id").orElseThrow().origin().where()).isEqualTo("conf_3.yaml:2");
    }

    @Test
    void strategies() throws IOException {
        write("seq.yaml", "foo: [ bar2 ]\nbase_value_2:\n    id: 2\n");
        write("conf_3.yaml", "base_value:\n    id: 3\n");
        for (String strategy : List.of("append", "override", "add-only", "wrong")) {
            Path main = write("main-" + strategy + ".yaml", """
                    config_files:
                      - path: seq.yaml
                        strategy: %s
                      - conf_3.yaml
                    foo: [ bar ]
                    base_value:
                        id: 1
                        name: foo
                    """.formatted(strategy));
            ConfigTree t = load(main);
            List<String> foo = switch (strategy) {
                case "override" -> List.of("bar2");
                case "add-only" -> List.of("bar");
                default -> List.of("bar", "bar2"); // an unknown strategy means append
            };
            assertThat(t.stringList("foo")).as(strategy).isEqualTo(foo);
            assertThat(t.integer("base_value_2.id", 0)).as(strategy).isEqualTo(2);
            assertThat(t.integer("base_value.id", 0)).as(strategy).isEqualTo(3);
        }
    }

    @Test
    void addOnlyKeepsPresentKeysEvenNull() throws IOException {
        Path main = write("main.yaml", "config_files:\n  - path: inc.yaml\n    strategy: add-only\na:\nb: 1\n");
        write("inc.yaml", "a: 5\nb: 2\nc: 3\n");
        ConfigTree t = load(main);
        assertThat(t.integer("a", 0)).isZero();
        assertThat(t.integer("b", 0)).isEqualTo(1);
        assertThat(t.integer("c", 0)).isEqualTo(3);
    }

    @Test
    void appendToAbsentOrNullSequenceCreatesIt() throws IOException {
        Path main = write("main.yaml", "config_files: inc.yaml\nrules_files:\n");
        write("inc.yaml", "rules_files: [a.yaml]\nextra: [x]\n");
        ConfigTree t = load(main);
        assertThat(t.stringList("rules_files")).containsExactly("a.yaml");
        assertThat(t.stringList("extra")).containsExactly("x");
    }

    @Test
    void appendToANonSequenceIsAnError() throws IOException {
        Path main = write("main.yaml", "config_files: inc.yaml\nfoo: bar\n");
        write("inc.yaml", "foo: [x]\n");
        assertThatThrownBy(() -> load(main))
                .hasMessage("inc.yaml:1: foo: cannot append a sequence to 'bar' (set at " + main + ":2)");
    }

    @Test
    void scalarAndEmptyConfigFiles() throws IOException {
        Path scalar = write("scalar.yaml", "config_files: conf_2.yaml\nfoo: bar\n");
        write("conf_2.yaml", "foo2: bar2\n");
        assertThat(load(scalar).string("foo2", "")).isEqualTo("bar2");
        Path empty = write("empty.yaml", "config_files:\nfoo: bar\n");
        assertThat(load(empty).files()).containsExactly(empty.toString());
        Path emptyList = write("empty-list.yaml", "config_files: []\nfoo: bar\n");
        assertThat(load(emptyList).string("foo", "")).isEqualTo("bar");
    }

    @Test
    void missingIncludesAreSkipped() throws IOException {
        Path main = write("main.yaml", "config_files:\n  - conf_5.yaml\n  - /no/such/dir\nbase_value:\n  id: 1\n");
        ConfigTree t = load(main);
        assertThat(t.files()).containsExactly(main.toString());
        assertThat(t.integer("base_value.id", 0)).isEqualTo(1);
    }

    @Test
    void relativeIncludesAreRelativeToTheWorkingDirectoryNotTheMainFile() throws IOException {
        Path main = write("etc/main.yaml", "config_files:\n  - conf_2.yaml\n  - " + dir.resolve("abs.yaml")
                + "\n");
        write("conf_2.yaml", "from_cwd: true\n");
        write("etc/conf_2.yaml", "from_main_dir: true\n");
        write("abs.yaml", "absolute: true\n");
        ConfigTree t = load(main);
        assertThat(t.bool("from_cwd", false)).isTrue();
        assertThat(t.has("from_main_dir")).isFalse();
        assertThat(t.bool("absolute", false)).isTrue();
    }

    @Test
    void includesADirectoryInNameOrderRegularFilesOnly() throws IOException {
        Path main = write("main.yaml", "config_files: " + dir.resolve("config.d") + "\nfoo: bar\n");
        write("config.d/20-b.yaml", "foo2: bar3\nbase_value_3:\n  id: 3\n");
        write("config.d/10-a.yaml", "foo2: bar2\nbase_value_2:\n  id: 2\nlist: [a]\n");
        write("config.d/30-c.conf", "list: [c]\n"); // every regular file, whatever its name
        write("config.d/sub/conf_4.yaml", "foo4: bar4\n");
        ConfigTree t = load(main);
        assertThat(t.files()).containsExactly(main.toString(), dir.resolve("config.d/10-a.yaml").toString(),
                dir.resolve("config.d/20-b.yaml").toString(), dir.resolve("config.d/30-c.conf").toString());
        assertThat(t.string("foo2", "")).isEqualTo("bar3");
        assertThat(t.integer("base_value_2.id", 0)).isEqualTo(2);
        assertThat(t.integer("base_value_3.id", 0)).isEqualTo(3);
        assertThat(t.stringList("list")).containsExactly("a", "c");
        assertThat(t.has("foo4")).isFalse();
    }

    @Test
    void includedFilesCannotInclude() throws IOException {
        Path main = write("main.yaml", "config_files:\n  - conf_2.yaml\nfoo: bar\n");
        write("conf_2.yaml", "config_files:\n  - conf_4.yaml\nfoo2: bar2\n");
        assertThatThrownBy(() -> load(main))
                .hasMessage("Config error: 'config_files' directive in included config file conf_2.yaml.");
    }

    @Test
    void mainFileCannotIncludeItself() throws IOException {
        Path main = write("main.yaml", "config_files: main.yaml\nfoo: bar\n");
        assertThatThrownBy(() -> load(Path.of("main.yaml"))).hasMessage(
                "Config error: 'config_files' directive tried to recursively include main config file: main.yaml.");
        assertThatThrownBy(() -> load(main)).hasMessageContaining("tried to recursively include main config file");
    }

    @Test
    void badIncludeEntriesAndBadIncludedYaml() throws IOException {
        Path main = write("main.yaml", "config_files:\n  - strategy: override\n");
        assertThatThrownBy(() -> load(main)).hasMessage(main + ":2: config_files[0]: expected a path or a mapping"
                + " with 'path' (and 'strategy'), got a mapping");
        Path main2 = write("main2.yaml", "config_files: broken.yaml\n");
        write("broken.yaml", "a: [1\n");
        assertThatThrownBy(() -> load(main2)).hasMessageStartingWith("broken.yaml:").hasMessageContaining(
                "YAML syntax error");
    }

    @Test
    void includedFilesExpandEnvironmentReferences() throws IOException {
        Path main = write("main.yaml", "config_files: inc.yaml\n");
        write("inc.yaml", "who: ${WHO}\n");
        ConfigTree t = ConfigLoader.load(main, List.of(), dir, Map.of("WHO", "me"));
        assertThat(t.string("who", "")).isEqualTo("me");
    }

    // ---- -o overrides

    @Test
    void overrideScalarsAndNestedKeys() throws IOException {
        Path p = write("falco.yaml", "json_output: true\nwebserver:\n  enabled: true\n  listen_port: 8765\n");
        ConfigTree t = load(p, "json_output=False", "webserver.listen_port=9000", "new.deep.key=v",
                "priority=warning");
        assertThat(t.bool("json_output", true)).isFalse();
        assertThat(t.integer("webserver.listen_port", 0)).isEqualTo(9000);
        assertThat(t.bool("webserver.enabled", false)).isTrue();
        assertThat(t.string("new.deep.key", "")).isEqualTo("v");
        assertThat(t.string("priority", "")).isEqualTo("warning");
    }

    @Test
    void overridesApplyInOrder() throws IOException {
        Path p = write("falco.yaml", "a: 1\n");
        assertThat(load(p, "a=2", "a=3").integer("a", 0)).isEqualTo(3);
    }

    @Test
    void valueIsEverythingAfterTheFirstEquals() throws IOException {
        Path p = write("falco.yaml", "a: 1\n");
        ConfigTree t = load(p, "program_output.program=curl -d x=y", "empty=");
        assertThat(t.string("program_output.program", "")).isEqualTo("curl -d x=y");
        assertThat(t.string("empty", "def")).isEqualTo("");
    }

    @Test
    void overrideListIndexesAndAppends() throws IOException {
        Path p = write("falco.yaml", "rules_files:\n  - /a.yaml\n  - /b.yaml\n");
        ConfigTree t = load(p, "rules_files[0]=/x.yaml", "rules_files[]=/c.yaml", "rules_files[3]=/d.yaml");
        assertThat(t.stringList("rules_files")).containsExactly("/x.yaml", "/b.yaml", "/c.yaml", "/d.yaml");
        ConfigTree fresh = load(p, "new_list[]=a", "new_list[]=b", "other[0]=z");
        assertThat(fresh.stringList("new_list")).containsExactly("a", "b");
        assertThat(fresh.stringList("other")).containsExactly("z");
        assertThatThrownBy(() -> load(p, "rules_files[7]=/z.yaml"))
                .hasMessage("-o rules_files[7]=/z.yaml: rules_files[7]: index 7 is past the end of a sequence of 2");
    }

    @Test
    void overrideInsideListItems() throws IOException {
        Path p = write("falco.yaml", "plugins:\n  - name: a\n    init_config: \"\"\n");
        ConfigTree t = load(p, "plugins[0].open_params=x", "rules[].disable.tag=maturity_incubating",
                "rules[].enable.rule=Adding ssh keys to authorized_keys");
        assertThat(t.string("plugins[0].open_params", "")).isEqualTo("x");
        assertThat(t.string("plugins[0].name", "")).isEqualTo("a");
        assertThat(t.string("rules[0].disable.tag", "")).isEqualTo("maturity_incubating");
        assertThat(t.string("rules[1].enable.rule", "")).isEqualTo("Adding ssh keys to authorized_keys");
    }

    @Test
    void overrideWithYamlObjects() throws IOException {
        Path p = write("falco.yaml", "a: 1\n");
        ConfigTree t = load(p, "rules[]={\"disable\": {\"tag\": \"maturity_incubating\"}}",
                "rules[]={enable: {rule: Adding ssh keys to authorized_keys}}",
                "append_output[]={\"match\": {\"source\": \"syscall\", \"tags\": [\"persistence\"]}, "
                        + "\"extra_output\": \"gparent=%proc.aname[2]\"}");
        assertThat(t.string("rules[0].disable.tag", "")).isEqualTo("maturity_incubating");
        assertThat(t.string("rules[1].enable.rule", "")).isEqualTo("Adding ssh keys to authorized_keys");
        assertThat(t.stringList("append_output[0].match.tags")).containsExactly("persistence");
        assertThat(t.string("append_output[0].extra_output", "")).isEqualTo("gparent=%proc.aname[2]");
        // Only braces make YAML; a bracketed list stays one string, as in Falco.
        assertThat(load(p, "rules_files=[a, b]").stringList("rules_files")).containsExactly("[a, b]");
        assertThatThrownBy(() -> load(p, "x={a: [}")).hasMessageStartingWith("-o x={a: [}: YAML syntax error: ");
    }

    @Test
    void overrideWithEscapedKeys() throws IOException {
        Path p = write("falco.yaml", "annotations:\n  kubernetes.io/role: master\n");
        ConfigTree t = load(p, "annotations.kubernetes\\.io/role=worker", "base.back\\\\slash=b");
        assertThat(t.string("annotations.kubernetes\\.io/role", "")).isEqualTo("worker");
        assertThat(t.string("base.back\\\\slash", "")).isEqualTo("b");
        assertThat(t.root().get("base")).isInstanceOfSatisfying(ConfigNode.Mapping.class,
                m -> assertThat(m.entries()).containsKey("back\\slash"));
    }

    @Test
    void overrideErrorsNameTheOption() throws IOException {
        Path p = write("falco.yaml", "json_output: true\nrules_files: [a]\nwebserver:\n  enabled: true\n");
        ConfigTree t = load(p, "json_output=maybe");
        assertThatThrownBy(() -> t.bool("json_output", false))
                .hasMessage("-o json_output=maybe: json_output: expected a boolean, got 'maybe'");
        ConfigTree nested = load(p, "x={a: {b: nope}}");
        assertThatThrownBy(() -> nested.integer("x.a.b", 0))
                .hasMessage("-o x={a: {b: nope}}: x.a.b: expected an integer, got 'nope'");
        assertThatThrownBy(() -> load(p, "json_output.deeper=1")).hasMessage(
                "-o json_output.deeper=1: json_output: expected a mapping, got 'true' (set at " + p + ":1)");
        assertThatThrownBy(() -> load(p, "webserver[0]=1")).hasMessage(
                "-o webserver[0]=1: webserver: expected a sequence, got a mapping (set at " + p + ":4)");
        assertThatThrownBy(() -> load(p, "rules_files.x=1")).hasMessage(
                "-o rules_files.x=1: rules_files: expected a mapping, got a sequence (set at " + p + ":2)");
    }

    @Test
    void malformedOverrides() throws IOException {
        Path p = write("falco.yaml", "a: 1\n");
        assertThatThrownBy(() -> load(p, "json_output")).isInstanceOf(ConfigException.class).hasMessage(
                "Error parsing config option \"json_output\". Must be of the form key=val or key.subkey=val");
        assertThatThrownBy(() -> load(p, "a..b=1"))
                .hasMessage("-o a..b=1: Config error at key \"a..b\": Parsing error: expected a name at pos 2");
        assertThatThrownBy(() -> load(p, "=1"))
                .hasMessage("-o =1: Config error at key \"\": Parsing error: empty key");
        assertThatThrownBy(() -> load(p, "a[x]=1")).hasMessage(
                "-o a[x]=1: Config error at key \"a[x]\": Parsing error: expected a numeric index, found 'x'");
        // Checked before the file is read.
        assertThatThrownBy(() -> load(dir.resolve("missing.yaml"), "bad"))
                .hasMessageStartingWith("Error parsing config option \"bad\"");
    }

    @Test
    void configFilesFromTheCommandLine() throws IOException {
        Path main = write("main.yaml", "foo: bar\nbase_value:\n  id: 1\n");
        write("conf_2.yaml", "foo2: bar2\nbase_value_2:\n  id: 2\n");
        write("conf_3.yaml", "foo3: bar3\n");
        ConfigTree t = load(main, "config_files=conf_2.yaml", "foo2=bar22");
        assertThat(t.files()).containsExactly(main.toString(), "conf_2.yaml");
        assertThat(t.string("foo", "")).isEqualTo("bar");
        // The other options apply after the merge, so they win over included files.
        assertThat(t.string("foo2", "")).isEqualTo("bar22");
        assertThat(t.integer("base_value_2.id", 0)).isEqualTo(2);
        Path withList = write("with-list.yaml", "config_files: [conf_2.yaml]\n");
        ConfigTree appended = load(withList, "config_files[]=conf_3.yaml");
        assertThat(appended.files()).containsExactly(withList.toString(), "conf_2.yaml", "conf_3.yaml");
        assertThat(appended.stringList("config_files")).containsExactly("conf_2.yaml", "conf_3.yaml");
        ConfigTree disabled = load(withList, "config_files=");
        assertThat(disabled.files()).containsExactly(withList.toString());
    }
}
