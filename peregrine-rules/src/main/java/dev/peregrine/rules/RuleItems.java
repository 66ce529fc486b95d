package dev.peregrine.rules;

import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.filter.Operators;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reading and collecting phases of a load: YAML nodes to lists, macros and rules, with appends and
 * overrides applied in order. Reads nodes without constructing Java objects (Falco's files contain scalars a
 * strict YAML 1.2 constructor refuses, such as a description starting with {@code !=}). A file stops being read at
 * its first error, as in Falco.
 */
final class RuleItems {
    /** A list or a macro: named, placed in load order, and able to use only the ones before it. */
    abstract static class OrderedDef {
        final String name;
        final String file;
        final int line;
        boolean used;
        /** Falco's visibility: the item may use the items of its kind whose {@link #index} is lower. */
        int index;
        int visibility;

        OrderedDef(String name, String file, int line) {
            this.name = name;
            this.file = file;
            this.line = line;
        }
    }

    static final class ListDef extends OrderedDef {
        final List<String> items = new ArrayList<>();

        ListDef(String name, String file, int line) {
            super(name, file, line);
        }
    }

    static final class MacroDef extends OrderedDef {
        String condition;

        MacroDef(String name, String file, int line) {
            super(name, file, line);
        }
    }

    static final class ExceptionDef {
        String name;
        List<String> fields = new ArrayList<>();
        boolean fieldsIsList;
        List<String> comps = new ArrayList<>();
        /** Each a String (single-field exception) or a List whose items are Strings or Lists of Strings. */
        List<Object> values = new ArrayList<>();
        boolean hasFields;
        /** Where the fields are written, for an unknown field's error (checked once the rule's source is known). */
        int fieldsLine;
    }

    static final class RuleDef {
        final String name;
        String condition;
        String output;
        String desc;
        Priority priority;
        boolean enabled = true;
        List<String> tags = new ArrayList<>();
        String source = "syscall";
        List<ExceptionDef> exceptions = new ArrayList<>();
        boolean warnEvttypes = true;
        boolean skipIfUnknownFilter;
        final String file;
        final int line;

        RuleDef(String name, String file, int line) {
            this.name = name;
            this.file = file;
            this.line = line;
        }
    }

    /** A problem found while reading an item: stops reading the current file. */
    private static final class Stop extends Exception {
        final LoadCode code;
        final int line;
        final String type;
        final String name;

        Stop(LoadCode code, String message, int line) {
            this(code, message, line, null, null);
        }

        /** A problem in a sub-item (an exception), reported under its own type and name. */
        Stop(LoadCode code, String message, int line, String type, String name) {
            super(message, null, false, false);
            this.code = code;
            this.line = line;
            this.type = type;
            this.name = name;
        }
    }

    private static final Set<String> RULE_KEYS = Set.of("rule", "condition", "output", "desc", "priority", "enabled",
            "tags", "source", "exceptions", "append", "override", "warn_evttypes", "skip-if-unknown-filter",
            "capture", "capture_duration");
    /** The names Falco accepts for macros and lists without a warning. */
    private static final java.util.regex.Pattern VALID_NAME = java.util.regex.Pattern.compile(
            "^[a-zA-Z_][a-zA-Z0-9_]*$");
    private static final Set<String> MACRO_KEYS = Set.of("macro", "condition", "append", "override");
    private static final Set<String> LIST_KEYS = Set.of("list", "items", "append", "override");
    private static final Set<String> RULE_APPENDABLE = Set.of("condition", "output", "desc", "tags", "exceptions");
    private static final Set<String> RULE_REPLACEABLE = Set.of("condition", "output", "desc", "priority", "tags",
            "exceptions", "enabled", "warn_evttypes", "skip-if-unknown-filter", "capture", "capture_duration");

    final List<LoadMessage> messages = new ArrayList<>();
    final Map<String, ListDef> lists = new LinkedHashMap<>();
    final Map<String, MacroDef> macros = new LinkedHashMap<>();
    final Map<String, RuleDef> rules = new LinkedHashMap<>();
    String requiredEngineVersion;
    final Map<String, List<String>> requiredPlugins = new LinkedHashMap<>();
    /** Each required_plugin_versions entry: the plugin and its alternatives, one of which must be loaded. */
    final List<List<PluginRequirement>> pluginRequirements = new ArrayList<>();

    /** Counts macro definitions and appends, for the macros' visibility. */
    private int macroCounter;
    private String file;
    private String itemType;
    private String itemName;
    private int itemLine;

    /** The fields of an event source, or null for a source the loader does not know. */
    private final java.util.function.Function<String, FieldRegistry> registry;

    RuleItems(java.util.function.Function<String, FieldRegistry> registry) {
        this.registry = registry;
    }

    void read(String name, String content) {
        file = name;
        Compose compose = new Compose(LoadSettings.builder().setLabel(name).setAllowDuplicateKeys(true).build());
        try {
            for (Node doc : compose.composeAllFromString(content)) {
                itemType = null;
                itemName = null;
                document(doc);
            }
        } catch (MarkedYamlEngineException e) {
            var mark = e.getProblemMark().or(e::getContextMark);
            int line = mark.map(m -> m.getLine() + 1).orElse(0);
            int column = mark.map(m -> m.getColumn() + 1).orElse(0);
            messages.add(new LoadMessage(LoadCode.LOAD_ERR_YAML_PARSE, yamlError(e.getProblem(), line, column), file,
                    line, null, null, e.getMessage()));
        } catch (YamlEngineException e) {
            messages.add(new LoadMessage(LoadCode.LOAD_ERR_YAML_PARSE, e.getMessage(), file, 0, null, null));
        } catch (Stop s) {
            messages.add(new LoadMessage(s.code, s.getMessage(), file, s.line > 0 ? s.line : itemLine,
                    s.type != null ? s.type : itemType, s.type != null ? s.name : itemName));
        }
    }

    /**
     * A YAML syntax error worded as Falco reports it (yaml-cpp's wording, which users and tools match on), with
     * snakeyaml's own text kept where yaml-cpp has no equivalent we know of.
     */
    static String yamlError(String problem, int line, int column) {
        String p = problem == null ? "syntax error" : problem;
        String mapped = switch (p) {
            case "mapping values are not allowed here" -> "illegal map value";
            case "found character '\\t' that cannot start any token" -> "illegal tab when looking for indentation";
            default -> p;
        };
        return "yaml-cpp: error at line " + line + ", column " + column + ": " + mapped;
    }

    private void document(Node doc) throws Stop {
        if (doc == null || isNull(doc)) {
            return;
        }
        if (doc instanceof ScalarNode) {
            throw new Stop(LoadCode.LOAD_ERR_YAML_VALIDATE, "Rules content is not yaml", line(doc));
        }
        if (!(doc instanceof SequenceNode seq)) {
            throw new Stop(LoadCode.LOAD_ERR_YAML_VALIDATE, "Rules content is not yaml array of objects", line(doc));
        }
        for (Node n : seq.getValue()) {
            itemType = null;
            itemName = null;
            if (isNull(n)) {
                continue;
            }
            if (!(n instanceof MappingNode m)) {
                itemType = "rules content item";
                itemName = "";
                throw new Stop(LoadCode.LOAD_ERR_YAML_VALIDATE,
                        "Unexpected element type. Each element should be a yaml associative array.", line(n));
            }
            item(m);
        }
    }

    private void item(MappingNode m) throws Stop {
        itemLine = line(m);
        Map<String, Node> keys = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            String k = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
            if (k != null) {
                keys.put(k, t.getValueNode());
            }
        }
        if (keys.containsKey("rule")) {
            rule(m, keys);
        } else if (keys.containsKey("macro")) {
            macro(m, keys);
        } else if (keys.containsKey("list")) {
            list(m, keys);
        } else if (keys.containsKey("required_engine_version")) {
            itemType = "required_engine_version";
            itemName = "";
            Node v = keys.get("required_engine_version");
            String version = string(v, "required_engine_version", true);
            int[] wanted = EngineVersion.parse(version);
            if (wanted == null) {
                throw new Stop(LoadCode.LOAD_ERR_YAML_VALIDATE, "Can't decode YAML scalar value", line(v));
            }
            if (EngineVersion.compare(wanted, EngineVersion.parse(EngineVersion.CURRENT)) > 0) {
                throw new Stop(LoadCode.LOAD_ERR_VALIDATE, "Rules require engine version " + version
                        + ", but engine version is " + EngineVersion.CURRENT, line(v));
            }
            if (requiredEngineVersion == null
                    || EngineVersion.compare(wanted, EngineVersion.parse(requiredEngineVersion)) > 0) {
                requiredEngineVersion = version;
            }
        } else if (keys.containsKey("required_plugin_versions")) {
            itemType = "required_plugin_versions";
            plugins(keys.get("required_plugin_versions"));
        } else {
            messages.add(new LoadMessage(LoadCode.LOAD_UNKNOWN_ITEM, "Unknown top level item", file, line(m), null,
                    null));
        }
    }

    private void plugins(Node n) throws Stop {
        for (Node p : sequence(n, "required_plugin_versions")) {
            Map<String, Node> k = mapping(p, "required_plugin_versions entry");
            String name = string(k.get("name"), "name", true);
            List<String> versions = requiredPlugins.computeIfAbsent(name, x -> new ArrayList<>());
            String version = string(k.get("version"), "version", true);
            versions.add(version);
            List<PluginRequirement> group = new ArrayList<>();
            group.add(new PluginRequirement(name, version));
            pluginRequirements.add(group);
            if (k.containsKey("alternatives")) {
                for (Node a : sequence(k.get("alternatives"), "alternatives")) {
                    Map<String, Node> ak = mapping(a, "alternative");
                    String altName = string(ak.get("name"), "name", true);
                    String altVersion = string(ak.get("version"), "version", true);
                    requiredPlugins.computeIfAbsent(altName, x -> new ArrayList<>()).add(altVersion);
                    group.add(new PluginRequirement(altName, altVersion));
                }
            }
        }
    }

    /** The items of a sequence value (required_plugin_versions, its alternatives); any other node stops the file. */
    private List<Node> sequence(Node n, String key) throws Stop {
        if (!(n instanceof SequenceNode seq)) {
            throw new Stop(LoadCode.LOAD_ERR_YAML_VALIDATE, "Value of " + key + " must be a sequence", line(n));
        }
        return seq.getValue();
    }

    // ---- lists

    private void list(MappingNode m, Map<String, Node> keys) throws Stop {
        itemType = "list";
        itemName = string(keys.get("list"), "list", true);
        unknownKeys(keys, LIST_KEYS, m);
        Mode mode = mode(keys, Set.of("items"), Set.of("items"));
        List<String> values = strings(keys.get("items"), "items", true);
        checkName(LoadCode.LOAD_INVALID_LIST_NAME, m);
        ListDef existing = lists.get(itemName);
        if (mode.appends("items")) {
            changed(existing, mode, "items", m).items.addAll(values);
        } else if (mode.override) {
            ListDef l = changed(existing, mode, "items", m);
            l.items.clear();
            l.items.addAll(values);
        } else {
            ListDef l = new ListDef(itemName, file, line(m));
            l.items.addAll(values);
            define(lists, l);
        }
    }

    // ---- macros

    private void macro(MappingNode m, Map<String, Node> keys) throws Stop {
        itemType = "macro";
        itemName = string(keys.get("macro"), "macro", true);
        unknownKeys(keys, MACRO_KEYS, m);
        Mode mode = mode(keys, Set.of("condition"), Set.of("condition"));
        String condition = string(keys.get("condition"), "condition", true);
        checkName(LoadCode.LOAD_INVALID_MACRO_NAME, m);
        MacroDef existing = macros.get(itemName);
        if (mode.appends("condition")) {
            MacroDef d = changed(existing, mode, "condition", m);
            d.condition = d.condition + " " + condition;
        } else if (mode.override) {
            changed(existing, mode, "condition", m).condition = condition;
        } else {
            MacroDef d = new MacroDef(itemName, file, line(m));
            d.condition = condition;
            define(macros, d);
        }
    }

    /** Falco warns about a list or macro name that is not an identifier (and loads it all the same). */
    private void checkName(LoadCode code, MappingNode m) {
        if (!VALID_NAME.matcher(itemName).matches()) {
            messages.add(new LoadMessage(code, kind() + " has an invalid name: " + itemType + " names should match "
                    + VALID_NAME.pattern(), file, line(m), itemType, itemName));
        }
    }

    /**
     * The list or macro an append or override of {@code key} changes, which then sees everything defined so far.
     *
     * @throws Stop when there is none by that name
     */
    private <D extends OrderedDef> D changed(D existing, Mode mode, String key, MappingNode m) throws Stop {
        if (existing == null) {
            String change = !mode.appends(key) ? "An replace to '" + key + "' was specified"
                    : kind() + (mode.override ? " has an append override" : " has 'append' key");
            throw new Stop(LoadCode.LOAD_ERR_VALIDATE,
                    change + " but no " + itemType + " by that name already exists", line(m));
        }
        existing.visibility = ++macroCounter;
        return existing;
    }

    /** "List" or "Macro", as Falco's messages start. */
    private String kind() {
        return Character.toUpperCase(itemType.charAt(0)) + itemType.substring(1);
    }

    /** A (re)definition keeps the place of the one it replaces but sees what was defined up to now. */
    private <D extends OrderedDef> void define(Map<String, D> defs, D d) {
        D existing = defs.get(d.name);
        d.index = existing != null ? existing.index : ++macroCounter;
        d.visibility = existing != null ? ++macroCounter : d.index;
        defs.put(d.name, d);
    }

    // ---- rules

    private void rule(MappingNode m, Map<String, Node> keys) throws Stop {
        itemType = "rule";
        itemName = string(keys.get("rule"), "rule", true);
        unknownKeys(keys, RULE_KEYS, m);
        Mode mode = mode(keys, RULE_APPENDABLE, RULE_REPLACEABLE);
        RuleDef existing = rules.get(itemName);
        if (mode.append && !keys.containsKey("condition") && !keys.containsKey("exceptions")) {
            throw new Stop(LoadCode.LOAD_ERR_VALIDATE, "Appended rule must have exceptions or condition property",
                    line(m));
        }
        if (mode.override || mode.append) {
            if (existing == null) {
                throw new Stop(LoadCode.LOAD_ERR_VALIDATE, mode.override
                        ? "Rule has an append/replace override but no rule by that name already exists"
                        : "Rule has 'append' key but no rule by that name already exists", line(m));
            }
            for (Map.Entry<String, Node> e : keys.entrySet()) {
                String k = e.getKey();
                if (k.equals("rule") || k.equals("append") || k.equals("override") || !RULE_KEYS.contains(k)) {
                    continue;
                }
                if (mode.append && !k.equals("condition") && !k.equals("exceptions")) {
                    // as in Falco, an append only extends the condition and the exceptions
                    continue;
                }
                if (mode.appends(k)) {
                    appendKey(existing, k, e.getValue());
                } else {
                    setKey(existing, k, e.getValue());
                }
            }
            checkExceptionFields(existing);
            return;
        }
        boolean onlyEnabled = keys.containsKey("enabled") && !keys.containsKey("condition")
                && !keys.containsKey("output") && !keys.containsKey("desc") && !keys.containsKey("priority");
        if (onlyEnabled) {
            if (existing == null) {
                throw new Stop(LoadCode.LOAD_ERR_VALIDATE,
                        "Rule has 'enabled' key but no rule by that name already exists", line(m));
            }
            messages.add(new LoadMessage(LoadCode.LOAD_DEPRECATED_ITEM, "The rule is enabled/disabled without an "
                    + "override: use 'override: {enabled: replace}'", file, line(m), itemType, itemName));
            setKey(existing, "enabled", keys.get("enabled"));
            return;
        }
        RuleDef r = new RuleDef(itemName, file, line(m));
        for (String required : List.of("condition", "output", "desc", "priority")) {
            if (!keys.containsKey(required)) {
                throw new Stop(LoadCode.LOAD_ERR_YAML_VALIDATE, "Item has no mapping for key '" + required + "'",
                        line(m));
            }
        }
        for (Map.Entry<String, Node> e : keys.entrySet()) {
            if (RULE_KEYS.contains(e.getKey()) && !e.getKey().equals("rule") && !e.getKey().equals("append")
                    && !e.getKey().equals("override")) {
                setKey(r, e.getKey(), e.getValue());
            }
        }
        if (r.output.isBlank()) {
            throw new Stop(LoadCode.LOAD_ERR_YAML_VALIDATE, "Rule output is empty", line(keys.get("output")));
        }
        checkExceptionFields(r);
        // a redefinition replaces the rule where it was first defined, as in Falco
        rules.put(itemName, r);
    }

    private void setKey(RuleDef r, String k, Node v) throws Stop {
        switch (k) {
            case "condition" -> r.condition = string(v, k, true);
            // Falco trims outputs: a folded YAML block (output: >) ends with a newline the alert must not carry
            case "output" -> r.output = string(v, k, true).strip();
            case "desc" -> r.desc = string(v, k, true);
            case "priority" -> {
                String p = string(v, k, true);
                r.priority = Priority.parse(p);
                if (r.priority == null) {
                    throw new Stop(LoadCode.LOAD_ERR_YAML_VALIDATE, "Invalid priority '" + p + "'", line(v));
                }
            }
            case "enabled" -> r.enabled = bool(v, k);
            case "warn_evttypes" -> r.warnEvttypes = bool(v, k);
            case "skip-if-unknown-filter" -> r.skipIfUnknownFilter = bool(v, k);
            case "tags" -> r.tags = new ArrayList<>(strings(v, k, false));
            case "source" -> r.source = string(v, k, true);
            case "exceptions" -> r.exceptions = exceptions(v, false);
            default -> {
                // capture settings: accepted, not used yet
            }
        }
    }

    private void appendKey(RuleDef r, String k, Node v) throws Stop {
        switch (k) {
            case "condition" -> r.condition = r.condition + " " + string(v, k, true);
            case "output" -> r.output = r.output + " " + string(v, k, true).strip();
            case "desc" -> r.desc = r.desc + " " + string(v, k, true);
            case "tags" -> {
                Set<String> all = new LinkedHashSet<>(r.tags);
                all.addAll(strings(v, k, false));
                r.tags = new ArrayList<>(all);
            }
            case "exceptions" -> {
                for (ExceptionDef ex : exceptions(v, true)) {
                    ExceptionDef same = null;
                    for (ExceptionDef old : r.exceptions) {
                        if (old.name.equals(ex.name)) {
                            same = old;
                        }
                    }
                    if (same == null) {
                        if (!ex.hasFields) {
                            throw new Stop(LoadCode.LOAD_ERR_VALIDATE,
                                    "Rule exception must have fields property with a list of fields", line(v),
                                    "exception", ex.name);
                        }
                        r.exceptions.add(ex);
                    } else {
                        if (ex.values.isEmpty()) {
                            messages.add(new LoadMessage(LoadCode.LOAD_APPEND_NO_VALUES,
                                    "Overriding/appending exception with no values", file, line(v), "exception",
                                    ex.name));
                        }
                        same.values.addAll(ex.values);
                    }
                }
            }
            default -> throw new Stop(LoadCode.LOAD_ERR_VALIDATE, "Key '" + k + "' cannot be appended to", line(v));
        }
    }

    private static boolean validField(FieldRegistry fields, String f) {
        try {
            return fields.parse(f, 0).end() == f.length();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The exceptions' fields must be fields of the rule's source (unknown sources are reported on the rule). */
    private void checkExceptionFields(RuleDef r) throws Stop {
        FieldRegistry fields = registry.apply(r.source);
        if (fields == null) {
            return;
        }
        for (ExceptionDef ex : r.exceptions) {
            for (String f : ex.fields) {
                if (!validField(fields, f)) {
                    throw new Stop(LoadCode.LOAD_ERR_VALIDATE, "'" + f + "' is not a supported filter field",
                            ex.fieldsLine, "exception", ex.name);
                }
            }
        }
    }

    private List<ExceptionDef> exceptions(Node v, boolean appending) throws Stop {
        List<ExceptionDef> out = new ArrayList<>();
        if (isNull(v)) {
            return out;
        }
        if (!(v instanceof SequenceNode seq)) {
            throw new Stop(LoadCode.LOAD_ERR_YAML_VALIDATE, "Rule exceptions must be a sequence", line(v));
        }
        Set<String> names = new LinkedHashSet<>();
        for (Node n : seq.getValue()) {
            Map<String, Node> k = mapping(n, "exception");
            ExceptionDef ex = new ExceptionDef();
            if (!k.containsKey("name")) {
                throw new Stop(LoadCode.LOAD_ERR_YAML_VALIDATE, "Item has no mapping for key 'name'", line(n),
                        "exception", "");
            }
            ex.name = string(k.get("name"), "name", true);
            String exName = ex.name;
            if (!names.add(ex.name)) {
                messages.add(new LoadMessage(LoadCode.LOAD_EXCEPTION_NAME_NOT_UNIQUE, "Multiple definitions of "
                        + "exception '" + ex.name + "' in the same rule", file, line(n), itemType, itemName));
            }
            Node fields = k.get("fields");
            if (fields != null && !isNull(fields)) {
                ex.hasFields = true;
                ex.fieldsIsList = fields instanceof SequenceNode;
                ex.fields = ex.fieldsIsList ? strings(fields, "fields", true)
                        : new ArrayList<>(List.of(string(fields, "fields", true)));
            }
            Node comps = k.get("comps");
            if (comps != null && !isNull(comps)) {
                if (ex.fieldsIsList != comps instanceof SequenceNode) {
                    throw new Stop(LoadCode.LOAD_ERR_VALIDATE, "Rule exception '" + ex.name
                            + "': fields and comps must both be lists or both be single values", line(comps));
                }
                ex.comps = ex.fieldsIsList ? strings(comps, "comps", true)
                        : new ArrayList<>(List.of(string(comps, "comps", true)));
            } else if (ex.fieldsIsList) {
                for (int i = 0; i < ex.fields.size(); i++) {
                    ex.comps.add("=");
                }
            } else {
                ex.comps.add("in");
            }
            if (!ex.hasFields && !appending) {
                throw new Stop(LoadCode.LOAD_ERR_YAML_VALIDATE, "Item has no mapping for key 'fields'", line(n),
                        "exception", exName);
            }
            if (ex.hasFields && ex.comps.size() != ex.fields.size()) {
                throw new Stop(LoadCode.LOAD_ERR_VALIDATE, "Fields and comps lists must have equal length", line(n),
                        "exception", exName);
            }
            if (fields != null) {
                ex.fieldsLine = line(fields);
            }
            for (String c : ex.comps) {
                if (!Operators.ALL.contains(c)) {
                    throw new Stop(LoadCode.LOAD_ERR_VALIDATE, "'" + c + "' is not a supported comparison operator",
                            line(comps), "exception", exName);
                }
            }
            Node values = k.get("values");
            if (values != null && !isNull(values)) {
                if (!(values instanceof SequenceNode vs)) {
                    throw new Stop(LoadCode.LOAD_ERR_YAML_VALIDATE, "Rule exception '" + ex.name
                            + "': values must be a sequence", line(values));
                }
                for (Node val : vs.getValue()) {
                    Object o = plain(val);
                    if (ex.hasFields && ex.fieldsIsList && o instanceof List<?> tuple
                            && tuple.size() != ex.fields.size()) {
                        throw new Stop(LoadCode.LOAD_ERR_VALIDATE, "Fields and values lists must have equal length",
                                line(val), "exception", exName);
                    }
                    if (ex.hasFields && ex.fieldsIsList && !(o instanceof List)) {
                        throw new Stop(LoadCode.LOAD_ERR_VALIDATE, "Fields and values lists must have equal length",
                                line(val), "exception", exName);
                    }
                    ex.values.add(o);
                }
            }
            if (!ex.hasFields && !ex.values.isEmpty() && k.containsKey("fields")) {
                throw new Stop(LoadCode.LOAD_ERR_YAML_VALIDATE, "Rule exception '" + ex.name
                        + "' has values but no fields", line(n));
            }
            out.add(ex);
        }
        return out;
    }

    /** Override or append mode of an item, checked against what may be appended and replaced. */
    private record Mode(boolean append, boolean override, Set<String> appended) {
        boolean appends(String key) {
            return append ? key.equals("condition") || key.equals("items") || key.equals("exceptions")
                    : appended.contains(key);
        }
    }

    private Mode mode(Map<String, Node> keys, Set<String> appendable, Set<String> replaceable) throws Stop {
        boolean append = keys.containsKey("append") && bool(keys.get("append"), "append");
        Node o = keys.get("override");
        if (o == null) {
            return new Mode(append, false, Set.of());
        }
        if (append) {
            throw new Stop(LoadCode.LOAD_ERR_VALIDATE, "Keys 'override' and 'append: true' cannot be used together",
                    line(o));
        }
        Map<String, Node> ov = mapping(o, "override");
        Set<String> appended = new LinkedHashSet<>();
        for (Map.Entry<String, Node> e : ov.entrySet()) {
            String key = e.getKey();
            String how = string(e.getValue(), key, true);
            if (how.equals("append")) {
                if (!appendable.contains(key)) {
                    throw new Stop(LoadCode.LOAD_ERR_VALIDATE, "Key '" + key
                            + "' cannot be appended to, use 'replace' instead", line(e.getValue()));
                }
                appended.add(key);
            } else if (how.equals("replace")) {
                if (!replaceable.contains(key)) {
                    throw new Stop(LoadCode.LOAD_ERR_VALIDATE, "Key '" + key + "' cannot be replaced",
                            line(e.getValue()));
                }
            } else {
                throw new Stop(LoadCode.LOAD_ERR_VALIDATE, "Invalid override mode '" + how + "' for key '" + key
                        + "': expected 'append' or 'replace'", line(e.getValue()));
            }
            if (!keys.containsKey(key)) {
                throw new Stop(LoadCode.LOAD_ERR_VALIDATE, "An override is defined for '" + key
                        + "' but the item has no '" + key + "' key", line(e.getValue()));
            }
        }
        for (String k : keys.keySet()) {
            if (!ov.containsKey(k) && (appendable.contains(k) || replaceable.contains(k))) {
                throw new Stop(LoadCode.LOAD_ERR_VALIDATE, "Key '" + k
                        + "' is defined without an override for it", line(keys.get(k)));
            }
        }
        return new Mode(false, true, appended);
    }

    private void unknownKeys(Map<String, Node> keys, Set<String> known, Node item) {
        for (String k : keys.keySet()) {
            if (!known.contains(k)) {
                messages.add(new LoadMessage(LoadCode.LOAD_UNKNOWN_KEY, "Unknown key '" + k + "'", file,
                        line(keys.get(k)), itemType, itemName));
            }
        }
    }

    // ---- node helpers

    private Map<String, Node> mapping(Node n, String what) throws Stop {
        if (!(n instanceof MappingNode m)) {
            throw new Stop(LoadCode.LOAD_ERR_YAML_VALIDATE, "Value of " + what + " must be a mapping", line(n));
        }
        Map<String, Node> keys = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode s) {
                keys.put(s.getValue(), t.getValueNode());
            }
        }
        return keys;
    }

    private String string(Node n, String key, boolean required) throws Stop {
        if (n == null || isNull(n)) {
            if (required) {
                throw new Stop(LoadCode.LOAD_ERR_YAML_VALIDATE, n == null ? "Item has no mapping for key '" + key
                        + "'" : "Mapping for key '" + key + "' is empty", n == null ? 0 : line(n));
            }
            return null;
        }
        if (!(n instanceof ScalarNode s)) {
            throw new Stop(LoadCode.LOAD_ERR_YAML_VALIDATE, "Value of '" + key + "' must be a string", line(n));
        }
        return s.getValue();
    }

    private List<String> strings(Node n, String key, boolean required) throws Stop {
        if (n == null || isNull(n)) {
            if (required && n == null) {
                throw new Stop(LoadCode.LOAD_ERR_YAML_VALIDATE, "Item has no mapping for key '" + key + "'", 0);
            }
            return List.of();
        }
        if (!(n instanceof SequenceNode seq)) {
            throw new Stop(LoadCode.LOAD_ERR_YAML_VALIDATE, "Value of '" + key + "' must be a sequence", line(n));
        }
        List<String> out = new ArrayList<>();
        for (Node i : seq.getValue()) {
            if (!(i instanceof ScalarNode s)) {
                throw new Stop(LoadCode.LOAD_ERR_YAML_VALIDATE, "Items of '" + key + "' must be strings", line(i));
            }
            out.add(s.getValue());
        }
        return out;
    }

    private boolean bool(Node n, String key) throws Stop {
        String s = string(n, key, true);
        return switch (s) {
            case "true", "True", "TRUE" -> true;
            case "false", "False", "FALSE" -> false;
            default -> throw new Stop(LoadCode.LOAD_ERR_YAML_VALIDATE, "Value of '" + key + "' must be a boolean, "
                    + "not '" + s + "'", line(n));
        };
    }

    /** A scalar as its text, a sequence as a List of those. */
    private Object plain(Node n) throws Stop {
        if (n instanceof ScalarNode s) {
            return s.getValue();
        }
        if (n instanceof SequenceNode seq) {
            List<Object> out = new ArrayList<>();
            for (Node i : seq.getValue()) {
                out.add(plain(i));
            }
            return out;
        }
        throw new Stop(LoadCode.LOAD_ERR_YAML_VALIDATE, "Exception values must be strings or lists", line(n));
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    private static int line(Node n) {
        return n == null ? 0 : n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }
}
