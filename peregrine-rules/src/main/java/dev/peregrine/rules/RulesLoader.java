package dev.peregrine.rules;

import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.fields.OutputFormat;
import dev.peregrine.filter.And;
import dev.peregrine.filter.Check;
import dev.peregrine.filter.Expr;
import dev.peregrine.filter.FieldExpr;
import dev.peregrine.filter.FilterParser;
import dev.peregrine.filter.FilterPrinter;
import dev.peregrine.filter.FilterSyntaxException;
import dev.peregrine.filter.Identifier;
import dev.peregrine.filter.Not;
import dev.peregrine.filter.Operand;
import dev.peregrine.filter.Operators;
import dev.peregrine.filter.Or;
import dev.peregrine.filter.Pos;
import dev.peregrine.filter.Value;
import dev.peregrine.filter.ValueList;
import dev.peregrine.filter.eval.Binder;
import dev.peregrine.filter.eval.Filter;
import dev.peregrine.filter.eval.FilterCheckException;
import dev.peregrine.rules.RuleItems.ExceptionDef;
import dev.peregrine.rules.RuleItems.ListDef;
import dev.peregrine.rules.RuleItems.MacroDef;
import dev.peregrine.rules.RuleItems.RuleDef;
import dev.peregrine.scap.EventIds;
import dev.peregrine.scap.EventTable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Loads Falco rules files: reads each file's lists, macros and rules in order (later items append to or
 * override earlier ones, also across files), then expands lists and macros in every condition, adds the rules'
 * exceptions and compiles conditions and outputs. Problems are collected as {@link LoadMessage}s with Falco's
 * codes; nothing is thrown for a bad input.
 *
 * <pre>
 * LoadResult r = new RulesLoader(FieldRegistry.standard()).add(path).add(otherPath).load();
 * </pre>
 */
public final class RulesLoader {
    /** The syscall source's name, the one source without plugins. */
    public static final String SYSCALL = "syscall";

    /** The fields of each event source the loader compiles rules for; rules of others are skipped with a warning. */
    private final Map<String, Supplier<FieldRegistry>> sources;
    private final Map<String, FieldRegistry> registries = new HashMap<>();
    private final RuleItems items;

    /** A loader for the syscall source alone. */
    public RulesLoader(FieldRegistry registry) {
        this(() -> registry);
    }

    /**
     * A loader for the syscall source alone, whose fields are given later: reading the files only needs them for
     * exceptions, so callers can build the registry on another thread while the YAML is read (a cold start spends
     * much of its time on both).
     */
    public RulesLoader(Supplier<FieldRegistry> registry) {
        this(Map.of(SYSCALL, registry));
    }

    /** A loader for these event sources, each with its fields (the syscall source's and plugins' sources). */
    public RulesLoader(Map<String, Supplier<FieldRegistry>> sources) {
        this.sources = Map.copyOf(sources);
        this.items = new RuleItems(this::registry);
    }

    /** The fields of {@code source}, or null when the loader does not know the source. */
    private FieldRegistry registry(String source) {
        Supplier<FieldRegistry> s = sources.get(source);
        if (s == null) {
            return null;
        }
        return registries.computeIfAbsent(source, k -> s.get());
    }

    /**
     * The standard fields, built on a background thread; get() waits for them. The event table, which the fields
     * need, is read there first: a replay's main thread meanwhile reads the capture's process table.
     */
    public static Supplier<FieldRegistry> standardFieldsInBackground() {
        java.util.concurrent.CompletableFuture<FieldRegistry> f = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                EventTable.get();
                f.complete(FieldRegistry.standard());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "peregrine-fields-init");
        t.setDaemon(true);
        t.start();
        return f::join;
    }

    /** Convenience: loads {@code files} in order with the standard fields. */
    public static LoadResult load(List<Path> files) {
        RulesLoader loader = new RulesLoader(standardFieldsInBackground());
        for (Path f : files) {
            loader.add(f);
        }
        return loader.load();
    }

    /** Reads a rules file; a file that cannot be read is reported as LOAD_ERR_FILE_READ. */
    public RulesLoader add(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            items.messages.add(new LoadMessage(LoadCode.LOAD_ERR_FILE_READ, "could not read file: " + e.getMessage(),
                    file.toString(), 0, null, null));
            return this;
        }
        return add(file.toString(), text);
    }

    /** Reads rules from text, {@code name} standing for the file in messages. */
    public RulesLoader add(String name, String content) {
        items.read(name, content);
        return this;
    }

    /** Compiles everything read so far. */
    public LoadResult load() {
        List<LoadMessage> messages = items.messages;
        Compilation c = new Compilation(messages);
        List<CompiledRule> rules = c.compile();
        if (messages.stream().anyMatch(LoadMessage::isError)) {
            rules = List.of();
        }
        return new LoadResult(rules, messages, items.requiredEngineVersion, items.requiredPlugins,
                items.pluginRequirements);
    }

    /** The compile phase: lists, then macros, then rules, then the unused-item warnings. */
    private final class Compilation {
        private final List<LoadMessage> messages;
        private final Map<String, List<Value>> lists = new HashMap<>();
        private final Map<String, ListDef> listDefs = new HashMap<>();
        private final Map<String, Expr> parsedMacros = new HashMap<>();
        private final Map<String, Expr> expandedMacros = new HashMap<>();
        private final Set<String> expanding = new HashSet<>();
        private final Set<String> failedMacros = new HashSet<>();

        Compilation(List<LoadMessage> messages) {
            this.messages = messages;
        }

        List<CompiledRule> compile() {
            for (ListDef l : items.lists.values()) {
                List<Value> values = new ArrayList<>();
                for (String item : l.items) {
                    ListDef refDef = items.lists.get(item);
                    if (refDef != null && refDef.index < l.visibility) {
                        // a list defined before this one's last change; one not compiled yet (a redefinition
                        // moved this list's view past it) contributes its items as written, as in Falco
                        refDef.used = true;
                        List<Value> ref = lists.get(item);
                        if (ref != null) {
                            values.addAll(ref);
                        } else {
                            refDef.items.forEach(i -> values.add(itemValue(i)));
                        }
                    } else {
                        values.add(itemValue(item));
                    }
                }
                lists.put(l.name, values);
                listDefs.put(l.name, l);
            }
            for (MacroDef m : items.macros.values()) {
                try {
                    parsedMacros.put(m.name, FilterParser.parse(m.condition));
                } catch (FilterSyntaxException e) {
                    error(LoadCode.LOAD_ERR_COMPILE_CONDITION, e.reason(), m.file, m.line, "macro", m.name,
                            e.detail());
                }
            }
            for (MacroDef m : items.macros.values()) {
                if (parsedMacros.containsKey(m.name)) {
                    try {
                        macro(m.name);
                    } catch (ExpandException e) {
                        failedMacros.add(m.name);
                        if (e.code != null) {
                            error(e.code, e.getMessage(), m.file, m.line, "macro", m.name);
                        }
                    }
                }
            }
            List<CompiledRule> out = new ArrayList<>();
            for (RuleDef r : items.rules.values()) {
                CompiledRule cr = rule(r);
                if (cr != null) {
                    out.add(cr);
                }
            }
            for (MacroDef m : items.macros.values()) {
                if (!m.used) {
                    messages.add(new LoadMessage(LoadCode.LOAD_UNUSED_MACRO,
                            "Macro not referred to by any other rule/macro", m.file, m.line, "macro", m.name));
                }
            }
            for (ListDef l : items.lists.values()) {
                if (!l.used) {
                    messages.add(new LoadMessage(LoadCode.LOAD_UNUSED_LIST,
                            "List not referred to by any other rule/macro", l.file, l.line, "list", l.name));
                }
            }
            return out;
        }

        private CompiledRule rule(RuleDef r) {
            FieldRegistry fields = registry(r.source);
            if (fields == null) {
                messages.add(new LoadMessage(LoadCode.LOAD_UNKNOWN_SOURCE, "Unknown source " + r.source
                        + ", skipping", r.file, r.line, "rule", r.name));
                return null;
            }
            Expr expr;
            try {
                expr = FilterParser.parse(r.condition);
            } catch (FilterSyntaxException e) {
                error(LoadCode.LOAD_ERR_COMPILE_CONDITION, e.reason(), r.file, r.line, "rule", r.name, e.detail());
                return null;
            }
            Expr full;
            try {
                List<Expr> exceptions = exceptions(r);
                // a rule sees every macro
                full = expand(exceptions.isEmpty() ? expr : appendExceptions(expr, exceptions),
                        Integer.MAX_VALUE);
            } catch (ExpandException e) {
                if (e.code != null) {
                    error(e.code, e.getMessage(), r.file, r.line, e.type != null ? e.type : "rule",
                            e.type != null ? e.name : r.name);
                }
                return null;
            }
            String source;
            try {
                source = FilterPrinter.print(full);
            } catch (IllegalArgumentException e) {
                source = r.condition;
            }
            Filter filter;
            try {
                filter = Filter.of(source, Binder.bind(full, source, fields));
            } catch (FilterCheckException e) {
                String unknown = unknownField(e.reason());
                String text = unknown != null ? "filter_check called with nonexistent field " + unknown : e.reason();
                String detail = e.detail();
                if (unknown != null && r.skipIfUnknownFilter) {
                    messages.add(new LoadMessage(LoadCode.LOAD_UNKNOWN_FILTER, text, r.file, r.line, "rule", r.name,
                            detail));
                    return null;
                }
                error(LoadCode.LOAD_ERR_COMPILE_CONDITION, text, r.file, r.line, "rule", r.name, detail);
                return null;
            } catch (RuntimeException e) {
                error(LoadCode.LOAD_ERR_COMPILE_CONDITION, String.valueOf(e.getMessage()), r.file, r.line, "rule",
                        r.name);
                return null;
            }
            OutputFormat format;
            try {
                format = OutputFormat.compile(r.output.replace("%container.info",
                        "%container.name (id=%container.id)"), fields);
            } catch (RuntimeException e) {
                String unknown = unknownField(String.valueOf(e.getMessage()));
                String text = unknown != null ? "invalid formatting token " + unknown : String.valueOf(e.getMessage());
                if (r.skipIfUnknownFilter) {
                    messages.add(new LoadMessage(LoadCode.LOAD_UNKNOWN_FILTER, text, r.file, r.line, "rule", r.name));
                    return null;
                }
                error(LoadCode.LOAD_ERR_COMPILE_OUTPUT, text, r.file, r.line, "rule", r.name);
                return null;
            }
            List<String> unknownTypes = dev.peregrine.filter.eval.EventTypes.unknownNames(filter.condition());
            if (!unknownTypes.isEmpty()) {
                error(LoadCode.LOAD_ERR_COMPILE_CONDITION, "unknown event type " + unknownTypes.getFirst(), r.file,
                        r.line, "rule", r.name);
                return null;
            }
            for (String f : DeprecatedFields.inCondition(full)) {
                messages.add(new LoadMessage(LoadCode.LOAD_DEPRECATED_ITEM, DeprecatedFields.FIELDS.get(f), r.file,
                        r.line, "rule", r.name, "deprecated field '" + f + "' in the condition"));
            }
            for (String f : DeprecatedFields.inOutput(r.output)) {
                messages.add(new LoadMessage(LoadCode.LOAD_DEPRECATED_ITEM, "usage of deprecated field '" + f
                        + "' has been detected in the rule output", r.file, r.line, "rule", r.name));
            }
            // Falco warns when a syscall rule's event-type set is empty or holds more than 100 event types
            BitSet types = filter.eventTypes();
            types.clear(EventIds.GENERIC_E); // generic events are in every set: they do not count
            types.clear(EventIds.GENERIC_X);
            if (r.warnEvttypes && r.source.equals(SYSCALL) && (types.isEmpty() || types.cardinality() > 100)) {
                messages.add(new LoadMessage(LoadCode.LOAD_NO_EVTTYPE,
                        "Rule matches too many evt.type values. This has a significant performance penalty.",
                        r.file, r.line, "rule", r.name));
            }
            return new CompiledRule(r.name, r.desc, r.output, r.priority, r.enabled, r.tags, r.source, full, filter,
                    format, r.file, r.line);
        }

        /** {@code (cond) and not ex1 and not ex2 ...}, as Falco appends exceptions. */
        private Expr appendExceptions(Expr cond, List<Expr> exceptions) {
            List<Expr> parts = new ArrayList<>();
            parts.add(cond);
            for (Expr e : exceptions) {
                parts.add(new Not(e, Pos.UNKNOWN));
            }
            return new And(parts, Pos.UNKNOWN);
        }

        /** The exception clauses of a rule (those with values), each to be negated. */
        private List<Expr> exceptions(RuleDef r) throws ExpandException {
            List<Expr> clauses = new ArrayList<>();
            for (ExceptionDef ex : r.exceptions) {
                Expr clause = exception(ex);
                if (clause != null) {
                    clauses.add(clause);
                }
            }
            return clauses;
        }

        private Expr exception(ExceptionDef ex) throws ExpandException {
            if (ex.values.isEmpty()) {
                return null;
            }
            if (!ex.fieldsIsList) {
                String field = ex.fields.get(0);
                String comp = ex.comps.isEmpty() ? "in" : ex.comps.get(0);
                List<Value> vals = new ArrayList<>();
                for (Object v : ex.values) {
                    if (!(v instanceof String s)) {
                        throw new ExpandException(LoadCode.LOAD_ERR_VALIDATE, "Expected a single value for field "
                                + field, "exception", ex.name);
                    }
                    vals.add(itemValue(s));
                }
                return check(ex, field, comp, new ValueList(vals));
            }
            List<Expr> alternatives = new ArrayList<>();
            for (Object v : ex.values) {
                if (!(v instanceof List<?> tuple)) {
                    throw new ExpandException(LoadCode.LOAD_ERR_VALIDATE,
                            "Fields and values lists must have equal length", "exception", ex.name);
                }
                if (tuple.size() != ex.fields.size()) {
                    throw new ExpandException(LoadCode.LOAD_ERR_VALIDATE,
                            "Fields and values lists must have equal length", "exception", ex.name);
                }
                List<Expr> checks = new ArrayList<>();
                for (int k = 0; k < tuple.size(); k++) {
                    String comp = ex.comps.get(k);
                    Object item = tuple.get(k);
                    Operand operand;
                    if (item instanceof List<?> l) {
                        List<Value> vals = new ArrayList<>();
                        for (Object o : l) {
                            vals.add(itemValue(String.valueOf(o)));
                        }
                        operand = new ValueList(vals);
                    } else if (Operators.LIST.contains(comp) && parenthesised((String) item) != null) {
                        // "(a, b)" or "(some_list)" is written as the list itself, as Falco pastes it in
                        operand = parenthesised((String) item);
                    } else if (Operators.LIST.contains(comp)) {
                        operand = new ValueList(List.of(itemValue((String) item)));
                    } else {
                        operand = itemValue((String) item);
                    }
                    checks.add(check(ex, ex.fields.get(k), comp, operand));
                }
                alternatives.add(checks.size() == 1 ? checks.get(0) : new And(checks, Pos.UNKNOWN));
            }
            return alternatives.size() == 1 ? alternatives.get(0) : new Or(alternatives, Pos.UNKNOWN);
        }

        private Expr check(ExceptionDef ex, String field, String comp, Operand value) throws ExpandException {
            FieldExpr f;
            try {
                f = FilterParser.parseField(field);
            } catch (FilterSyntaxException e) {
                throw new ExpandException(LoadCode.LOAD_ERR_VALIDATE, "'" + field
                        + "' is not a supported filter field", "exception", ex.name);
            }
            if (Operators.UNARY.contains(comp)) {
                return new Check(f, comp);
            }
            if (value instanceof ValueList vl && !Operators.LIST.contains(comp) && vl.values().size() == 1) {
                value = vl.values().get(0);
            }
            return new Check(f, comp, value);
        }

        /**
         * Expands macros (by their expanded bodies) and lists (by their items) in a condition.
         *
         * @param visibility macros with a lower index may be used (Falco's definition-order rule)
         */
        private Expr expand(Expr e, int visibility) throws ExpandException {
            return switch (e) {
                case Or o -> new Or(expandAll(o.children(), visibility), o.pos());
                case And a -> new And(expandAll(a.children(), visibility), a.pos());
                case Not n -> new Not(expand(n.child(), visibility), n.pos());
                case Identifier id -> {
                    if (failedMacros.contains(id.name()) || items.macros.containsKey(id.name())
                            && !parsedMacros.containsKey(id.name())) {
                        // already reported on the macro itself
                        items.macros.get(id.name()).used = true;
                        throw new ExpandException(null, "uses macro '" + id.name() + "', which has errors");
                    }
                    MacroDef def = items.macros.get(id.name());
                    if (!parsedMacros.containsKey(id.name()) || def.index >= visibility) {
                        throw new ExpandException(LoadCode.LOAD_ERR_VALIDATE,
                                "Undefined macro '" + id.name() + "' used in filter.");
                    }
                    items.macros.get(id.name()).used = true;
                    yield macro(id.name());
                }
                case Check c -> expandLists(c);
            };
        }

        private List<Expr> expandAll(List<Expr> parts, int visibility) throws ExpandException {
            List<Expr> out = new ArrayList<>(parts.size());
            for (Expr p : parts) {
                out.add(expand(p, visibility));
            }
            return out;
        }

        private Expr macro(String name) throws ExpandException {
            Expr done = expandedMacros.get(name);
            if (done != null) {
                return done;
            }
            if (!expanding.add(name)) {
                throw new ExpandException(LoadCode.LOAD_ERR_VALIDATE,
                        "reference loop in macro '" + name + "'");
            }
            try {
                Expr body = expand(parsedMacros.get(name), items.macros.get(name).visibility);
                expandedMacros.put(name, body);
                return body;
            } finally {
                expanding.remove(name);
            }
        }

        private Check expandLists(Check c) {
            Operand v = c.value();
            if (v instanceof ValueList vl) {
                List<Value> out = new ArrayList<>();
                boolean changed = false;
                for (Value item : vl.values()) {
                    List<Value> ref = item.quoted() ? null : lists.get(item.text());
                    if (ref != null) {
                        listDefs.get(item.text()).used = true;
                        out.addAll(ref);
                        changed = true;
                    } else {
                        out.add(item);
                    }
                }
                return changed ? new Check(c.field(), c.op(), c.modifier(), new ValueList(out, vl.pos()), c.pos()) : c;
            }
            if (v instanceof Value one && !one.quoted()) {
                List<Value> ref = lists.get(one.text());
                if (ref != null) {
                    listDefs.get(one.text()).used = true;
                    // Falco pastes a list's items in place of its name wherever it stands, so
                    // "proc.name=cat_binaries" with one item compares with that item
                    if (ref.size() == 1 && !Operators.LIST.contains(c.op()) && c.modifier() == null) {
                        return new Check(c.field(), c.op(), c.modifier(), ref.getFirst(), c.pos());
                    }
                    return new Check(c.field(), c.op(), c.modifier(), new ValueList(ref, one.pos()), c.pos());
                }
            }
            return c;
        }

        private void error(LoadCode code, String text, String file, int line, String type, String name) {
            messages.add(new LoadMessage(code, text, file, line, type, name));
        }

        private void error(LoadCode code, String text, String file, int line, String type, String name,
                           String detail) {
            messages.add(new LoadMessage(code, text, file, line, type, name, detail));
        }
    }

    /** The field named by an "unknown field 'NAME'..." message, or null for other messages. */
    static String unknownField(String message) {
        if (message == null || !message.startsWith("unknown field '")) {
            return null;
        }
        int end = message.indexOf('\'', "unknown field '".length());
        return end < 0 ? null : message.substring("unknown field '".length(), end);
    }

    /** An exception value written as a parenthesised list, parsed as the condition parser reads one; else null. */
    static ValueList parenthesised(String item) {
        String t = item.strip();
        if (!t.startsWith("(") || !t.endsWith(")")) {
            return null;
        }
        try {
            if (FilterParser.parse("evt.num in " + t) instanceof Check c && c.value() instanceof ValueList vl) {
                return vl;
            }
        } catch (FilterSyntaxException e) {
            // not a list after all: taken as one value
        }
        return null;
    }

    /** A list item as a value: quotes around the whole item are removed, as the condition parser would. */
    static Value itemValue(String item) {
        if (item.length() >= 2 && (item.charAt(0) == '"' || item.charAt(0) == '\'')
                && item.charAt(item.length() - 1) == item.charAt(0)) {
            return Value.quoted(item.substring(1, item.length() - 1));
        }
        for (int i = 0; i < item.length(); i++) {
            char c = item.charAt(i);
            if (Character.isWhitespace(c) || c == ',' || c == '(' || c == ')' || c == '"' || c == '\'') {
                // not a word the condition parser would read bare: Falco's lists hold it as one value
                return Value.quoted(item);
            }
        }
        return item.isEmpty() ? Value.quoted(item) : Value.bare(item);
    }

    private static final class ExpandException extends Exception {
        final LoadCode code;
        final String type;
        final String name;

        ExpandException(LoadCode code, String message) {
            this(code, message, null, null);
        }

        /** A problem in an exception of the rule, reported under the exception's name. */
        ExpandException(LoadCode code, String message, String type, String name) {
            super(message, null, false, false);
            this.code = code;
            this.type = type;
            this.name = name;
        }
    }
}
