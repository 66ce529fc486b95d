package dev.peregrine.app.legacy;

import dev.peregrine.testkit.LegacySpecs;
import dev.peregrine.testkit.SharedData;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One entry of a legacy spec, its keys read with falco_test.py's defaults. Keys that hold "a value or a list"
 * become lists; absent keys become empty lists, null or the old harness's default.
 */
final class LegacyCase {
    /** Keys read below, plus those the old harness had stopped checking (rules_events, rules_warning). */
    private static final Set<String> KNOWN = Set.of("trace_file", "rules_file", "validate_rules_file", "conf_file",
            "disabled_rules", "disable_tags", "run_tags", "run_duration", "all_events", "time_iso_8601",
            "enable_source", "addl_cmdline_opts", "json_output", "json_include_output_property",
            "json_include_tags_property", "priority", "stdout_is", "stderr_is", "stdout_contains", "stderr_contains",
            "stdout_not_contains", "stderr_not_contains", "exit_status", "detect", "detect_level", "detect_counts",
            "validate_ok", "validate_warnings", "validate_errors", "output_strictly_contains", "grpc",
            "rules_events", "rules_warning");

    /** An expected validation error or warning; exactly one of message / messageContains is set. */
    record Expected(String itemType, String itemName, String code, String message, String messageContains) {
    }

    /** output_strictly_contains entry: "stdout" or a file path, and the file of expected lines. */
    record Strict(String actual, String expected) {
    }

    /** {@code <spec file>:<test name>}, as the dynamic test is named. */
    final String name;
    final Path folder;
    final Set<String> unhandledKeys = new TreeSet<>();

    final List<String> validateRulesFiles;
    /** Null when absent: the run uses the default rules file. */
    final List<String> rulesFiles;
    final String confFile;
    final String traceFile;
    final List<String> disabledRules;
    final List<String> disableTags;
    final List<String> runTags;
    final String runDuration;
    final boolean allEvents;
    final boolean timeIso8601;
    final List<String> enableSource;
    final String addlCmdlineOpts;
    /** Forced true when validating, as the old harness did ("makes parsing errors/warnings easier"). */
    final boolean jsonOutput;
    final boolean jsonIncludeOutputProperty;
    final boolean jsonIncludeTagsProperty;
    final String priority;

    final String stdoutIs;
    final String stderrIs;
    final List<String> stdoutContains;
    final List<String> stderrContains;
    final List<String> stdoutNotContains;
    final List<String> stderrNotContains;
    final int exitStatus;
    final boolean detect;
    final List<String> detectLevels;
    final Map<String, Integer> detectCounts = new LinkedHashMap<>();
    final List<String> validateOk;
    final List<Expected> validateWarnings;
    final List<Expected> validateErrors;
    final List<Strict> outputStrictlyContains = new ArrayList<>();
    final boolean grpc;
    /** The grpc results lines (protobuf text) the old harness looked for in grpcurl's answers. */
    final List<String> grpcResults;
    /** Where the gRPC server listens (grpc.address), e.g. unix:///tmp/falco/falco.sock. */
    final String grpcAddress;

    LegacyCase(Path spec, LegacySpecs.LegacyTest test) {
        this.name = spec.getFileName() + ":" + test.name();
        this.folder = spec.getParent();
        Map<String, Node> keys = new LinkedHashMap<>();
        for (NodeTuple t : test.body().getValue()) {
            String key = LegacySpecs.scalar(t.getKeyNode());
            keys.put(key, t.getValueNode());
            if (!KNOWN.contains(key)) {
                unhandledKeys.add(key);
            }
        }
        validateRulesFiles = strings(keys.get("validate_rules_file"));
        rulesFiles = keys.containsKey("rules_file") ? strings(keys.get("rules_file")) : null;
        confFile = text(keys.get("conf_file"), null);
        traceFile = text(keys.get("trace_file"), null);
        disabledRules = strings(keys.get("disabled_rules"));
        disableTags = strings(keys.get("disable_tags"));
        runTags = strings(keys.get("run_tags"));
        runDuration = text(keys.get("run_duration"), null);
        allEvents = bool(keys.get("all_events"), false);
        timeIso8601 = bool(keys.get("time_iso_8601"), false);
        enableSource = strings(keys.get("enable_source"));
        addlCmdlineOpts = text(keys.get("addl_cmdline_opts"), "");
        jsonOutput = !validateRulesFiles.isEmpty() || bool(keys.get("json_output"), false);
        jsonIncludeOutputProperty = bool(keys.get("json_include_output_property"), true);
        jsonIncludeTagsProperty = bool(keys.get("json_include_tags_property"), true);
        priority = text(keys.get("priority"), "debug");

        stdoutIs = text(keys.get("stdout_is"), null);
        stderrIs = text(keys.get("stderr_is"), null);
        stdoutContains = strings(keys.get("stdout_contains"));
        stderrContains = strings(keys.get("stderr_contains"));
        stdoutNotContains = strings(keys.get("stdout_not_contains"));
        stderrNotContains = strings(keys.get("stderr_not_contains"));
        exitStatus = Integer.parseInt(text(keys.get("exit_status"), "0"));
        detect = bool(keys.get("detect"), false);
        detectLevels = strings(keys.get("detect_level"));
        // A list of maps, merged (one entry may hold several rules, see catchall_order).
        for (Node item : items(keys.get("detect_counts"))) {
            fields(item).forEach((rule, count) -> detectCounts.put(rule, Integer.parseInt(count)));
        }
        validateOk = strings(keys.get("validate_ok"));
        validateWarnings = expected(keys.get("validate_warnings"));
        validateErrors = expected(keys.get("validate_errors"));
        for (Node item : items(keys.get("output_strictly_contains"))) {
            fields(item).forEach((actual, expected) -> outputStrictlyContains.add(new Strict(actual, expected)));
        }
        grpc = keys.containsKey("grpc");
        grpcResults = grpc ? strings(fieldNode(keys.get("grpc"), "results")) : List.of();
        List<String> address = grpc ? strings(fieldNode(keys.get("grpc"), "address")) : List.of();
        grpcAddress = address.isEmpty() ? "unix:///run/falco/falco.sock" : address.getFirst();
    }

    /**
     * Falco's build directory as the specs name it (BUILD_DIR/...): the rules files it fetched, which the shared
     * data holds, and its copy of the test folder.
     */
    private static final Map<String, String> BUILD_DIR = Map.of(
            "BUILD_DIR/falcosecurity-rules-falco-prefix/src/falcosecurity-rules-falco/", "rules/",
            "BUILD_DIR/k8saudit-rules-prefix/src/k8saudit-rules/", "k8saudit/",
            "BUILD_DIR/test/", "falco-legacy-tests/");

    /**
     * A path of the spec: relative ones are relative to the falco-legacy-tests folder; BUILD_DIR ones are the
     * shared copies of what Falco's build directory held.
     */
    Path resolve(String specPath) {
        for (Map.Entry<String, String> e : BUILD_DIR.entrySet()) {
            if (specPath.startsWith(e.getKey())) {
                return SharedData.upstream(e.getValue() + specPath.substring(e.getKey().length()));
            }
        }
        Path p = Path.of(specPath);
        return p.isAbsolute() ? p : folder.resolve(p);
    }

    /** A plugin's open_params set by addl_cmdline_opts (-o plugins[N].open_params=PATH), in the order given. */
    List<String> openParams() {
        List<String> out = new ArrayList<>();
        for (String opt : addlCmdlineOpts.split(" ")) {
            if (opt.matches("plugins\\[\\d+]\\.open_params=.+")) {
                out.add(opt.substring(opt.indexOf('=') + 1));
            }
        }
        return out;
    }

    /** The spec's input files (relative as written): trace, rules, validated rules, configuration, expected outputs. */
    List<String> inputs() {
        List<String> in = new ArrayList<>();
        if (traceFile != null) {
            in.add(traceFile);
        }
        in.addAll(validateRulesFiles);
        if (rulesFiles != null) {
            in.addAll(rulesFiles);
        }
        if (confFile != null) {
            in.add(confFile);
        }
        outputStrictlyContains.forEach(s -> in.add(s.expected()));
        in.addAll(openParams());
        return in;
    }

    private static List<Expected> expected(Node n) {
        List<Expected> out = new ArrayList<>();
        for (Node item : items(n)) {
            Map<String, String> f = fields(item);
            out.add(new Expected(f.get("item_type"), f.get("item_name"), f.get("code"), f.get("message"),
                    f.get("message_contains")));
        }
        return out;
    }

    /** Absent -> empty; a scalar -> one item; a sequence -> its items. */
    private static List<String> strings(Node n) {
        return n == null ? List.of() : LegacySpecs.strings(n);
    }

    private static List<Node> items(Node n) {
        return n instanceof SequenceNode seq ? seq.getValue() : List.of();
    }

    private static Map<String, String> fields(Node n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                out.put(LegacySpecs.scalar(t.getKeyNode()), LegacySpecs.scalar(t.getValueNode()));
            }
        }
        return out;
    }

    private static Node fieldNode(Node n, String key) {
        if (n instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (key.equals(LegacySpecs.scalar(t.getKeyNode()))) {
                    return t.getValueNode();
                }
            }
        }
        return null;
    }

    private static String text(Node n, String absent) {
        return n == null ? absent : LegacySpecs.scalar(n);
    }

    /** YAML booleans as the specs write them: True, False, true. */
    private static boolean bool(Node n, boolean absent) {
        return n == null ? absent : Boolean.parseBoolean(LegacySpecs.scalar(n));
    }

    @Override
    public String toString() {
        return name;
    }
}
