package dev.peregrine.app.falco;

import dev.peregrine.app.PluginJar;
import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plugin built apart from Peregrine (a jar compiled during the test against the plugin API alone) is found
 * through load_plugins/plugins and ServiceLoader, and used: its own event source with its own rules, its fields
 * (typed, with arguments, lists, on its source and on syscall events), its event parsing and its init schema;
 * several sources run at once, each with its rules.
 */
class PluginsTest {
    @TempDir
    static Path dir;
    private static Path jar;

    @BeforeAll
    static void buildPlugin() throws Exception {
        jar = PluginJar.build("counter", "org.example.counter.CounterPlugin", dir);
    }

    private static Path config(String initConfig, String openParams) throws Exception {
        return config(initConfig, openParams, jar);
    }

    private static Path config(String initConfig, String openParams, Path jar) throws Exception {
        Path c = Files.createTempFile(dir, "falco", ".yaml");
        Files.writeString(c, """
                stdout_output:
                  enabled: true
                plugins:
                  - name: counter
                    library_path: %s
                    init_config: %s
                    open_params: "%s"
                  - name: k8saudit
                    library_path: libk8saudit.so
                    open_params: %s
                  - name: json
                    library_path: libjson.so
                load_plugins: [counter, k8saudit, json]
                """.formatted(jar, initConfig, openParams,
                SharedData.upstream("falco-legacy-tests/trace_files/k8s_audit/create_configmap_sensitive_values.json")));
        return c;
    }

    private static Path rules(String text) throws Exception {
        Path r = Files.createTempFile(dir, "rules", ".yaml");
        Files.writeString(r, text);
        return r;
    }

    private static final String COUNTER_RULES = """
            - required_plugin_versions:
                - name: counter
                  version: 1.0.0
            - rule: even ticks
              desc: even ticks past 2
              condition: counter.value > 2 and counter.word = even and counter.char[5] != "x"
              output: "tick=%counter.value word=%counter.word seen=%counter.seen digits=%counter.digits plugin=%evt.pluginname source=%evt.source"
              priority: WARNING
              source: counter
            - rule: tick with a 1
              desc: digits hold 1
              condition: counter.digits intersects (1)
              output: "one in %counter.value"
              priority: NOTICE
              source: counter
            """;

    private static final String K8S_RULE = """
            - rule: configmap written
              desc: a configmap created or changed
              condition: ka.target.resource = configmaps and ka.verb in (create, update, patch)
              output: "configmap %ka.req.configmap.name by %ka.user.name"
              priority: ERROR
              source: k8s_audit
            """;

    @Test
    void aSeparatelyBuiltPluginIsListedWithItsCapabilities() throws Exception {
        CliRun r = run("-c", config("\"\"", "3").toString(), "--list-plugins");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("3 Plugins Loaded:", "Name: counter", "Version: 1.2.3",
                "  - Event Sourcing (ID=999, source='counter')", "  - Field Extraction", "  - Event Parsing",
                "Name: k8saudit", "  - Event Sourcing (ID=1, source='k8s_audit')", "Name: json");
        CliRun fields = run("-c", config("\"\"", "3").toString(), "--list=counter", "-N");
        assertThat(fields.outLines()).contains("counter.value", "counter.char[ARG]", "evt.pluginname", "evt.num",
                "json.value[ARG]").doesNotContain("proc.name", "ka.user.name");
        CliRun syscall = run("-c", config("\"\"", "3").toString(), "--list", "-N");
        assertThat(syscall.outLines()).contains("proc.name", "counter.evtlen").doesNotContain("ka.user.name");
    }

    @Test
    void itsSourceRunsItsRulesWithItsFieldsAndParsing() throws Exception {
        CliRun r = run("-c", config("{start: 1700000000000000000}", "12").toString(),
                "-r", rules(COUNTER_RULES).toString(), "--enable-source=counter", "-v");
        assertThat(r.status()).as(r.err()).isZero();
        // ticks 4, 6, 8, 10; the parsing capability has seen each event before the rules run
        assertThat(lines(r.out(), "tick=")).containsExactly(
                "tick=4 word=even seen=5 digits=(4) plugin=counter source=counter",
                "tick=6 word=even seen=7 digits=(6) plugin=counter source=counter",
                "tick=8 word=even seen=9 digits=(8) plugin=counter source=counter",
                "tick=10 word=even seen=11 digits=(1,0) plugin=counter source=counter");
        // rule_matching: first (Falco's default): tick 10 fired "even ticks" and no other rule
        assertThat(lines(r.out(), "one in")).containsExactly("one in 1", "one in 11");
        // the events' own times: 1700000000 s is 2023-11-14T22:13:20Z, one second per tick (TZ=UTC in tests)
        assertThat(r.out()).contains("22:13:24.000000000: Warning tick=4");
        assertThat(r.err()).contains("(counter) Elapsed time:", "Captured Events: 12", "(counter) Progress: 100.00%");
    }

    @Test
    void itsFieldsReadSyscallEventsToo() throws Exception {
        String capture = SharedData.upstream("falco-legacy-tests/trace_files/cat_write.scap").toString();
        Path withPlugin = rules("""
                - rule: opens
                  desc: opens, with a plugin field on syscall events
                  condition: evt.type = open and counter.evtlen > 20
                  output: "%counter.evtlen"
                  priority: WARNING
                """);
        Path without = rules("""
                - rule: opens
                  desc: opens
                  condition: evt.type = open
                  output: "%evt.num"
                  priority: WARNING
                """);
        CliRun a = run("-c", config("\"\"", "1").toString(), "-r", withPlugin.toString(), "-e", capture);
        CliRun b = run("-c", config("\"\"", "1").toString(), "-r", without.toString(), "-e", capture);
        assertThat(a.status()).as(a.err()).isZero();
        assertThat(detected(a)).isPositive().isEqualTo(detected(b));
    }

    @Test
    void severalSourcesRunAtOnceEachWithItsRules() throws Exception {
        CliRun r = run("-c", config("\"\"", "12").toString(), "-r", rules(COUNTER_RULES + K8S_RULE).toString(),
                "--enable-source=counter", "--enable-source=k8s_audit", "-v");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("Warning tick=4", "Error configmap my-config by minikube-user")
                .containsPattern("configmap written: 6")
                .containsPattern("even ticks: 4")
                .containsPattern("tick with a 1: 2");
        assertThat(r.err()).contains("(counter) Elapsed time:", "(k8s_audit) Elapsed time:");
    }

    @Test
    void badInitConfigOpenParamsAndRequirementsAreClearErrors() throws Exception {
        CliRun schema = run("-c", config("{start: many}", "3").toString(), "-r", rules(COUNTER_RULES).toString(),
                "--enable-source=counter");
        assertThat(schema.status()).isEqualTo(1);
        assertThat(schema.err()).contains("Error: error in plugin counter init config: In /start, string found, integer expected");
        CliRun open = run("-c", config("\"\"", "lots").toString(), "-r", rules(COUNTER_RULES).toString(),
                "--enable-source=counter");
        assertThat(open.status()).isEqualTo(1);
        assertThat(open.err()).contains("Error: cannot open event source 'counter' of plugin 'counter' with "
                + "open_params 'lots': open_params must be a number of events, not 'lots'");
        CliRun argument = run("-c", config("\"\"", "3").toString(), "-r", rules("""
                - rule: r
                  desc: d
                  condition: counter.char[500] = x
                  output: o
                  priority: WARNING
                  source: counter
                """).toString(), "--enable-source=counter");
        assertThat(argument.status()).isEqualTo(1);
        assertThat(argument.err()).contains("index 500 is past any tick");
        CliRun requirement = run("-c", config("\"\"", "3").toString(), "-r", rules("""
                - required_plugin_versions:
                    - name: counter
                      version: 2.0.0
                """).toString(), "--enable-source=counter");
        assertThat(requirement.status()).isEqualTo(1);
        assertThat(requirement.err()).contains("Error: Plugin 'counter' version '1.2.3' is not compatible with "
                + "required plugin version '2.0.0'");
        CliRun missing = run("-c", config("\"\"", "3", dir.resolve("no.jar")).toString(), "-r",
                rules(COUNTER_RULES).toString());
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).contains("Error: cannot load plugin 'counter'", "no.jar: no such file");
    }

    /** The command line with this test's configuration (and no web server), stderr kept for the checks. */
    private static CliRun run(String... args) {
        return CliRun.raw(Stream.concat(Arrays.stream(args), Stream.of("-o", "webserver.enabled=false"))
                .toArray(String[]::new));
    }

    private static List<String> lines(String out, String marker) {
        return out.lines().filter(l -> l.contains(marker)).map(l -> l.substring(l.indexOf(marker))).toList();
    }

    private static long detected(CliRun r) {
        Matcher m = Pattern.compile("Events detected: (\\d+)").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        return Long.parseLong(m.group(1));
    }
}
