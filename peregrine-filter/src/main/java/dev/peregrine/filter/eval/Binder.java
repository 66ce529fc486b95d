package dev.peregrine.filter.eval;

import dev.peregrine.fields.FieldDef;
import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.fields.FieldType;
import dev.peregrine.filter.And;
import dev.peregrine.filter.ArgList;
import dev.peregrine.filter.Check;
import dev.peregrine.filter.Expr;
import dev.peregrine.filter.FieldExpr;
import dev.peregrine.filter.FieldOperand;
import dev.peregrine.filter.FieldRef;
import dev.peregrine.filter.FilterPrinter;
import dev.peregrine.filter.Identifier;
import dev.peregrine.filter.Not;
import dev.peregrine.filter.Or;
import dev.peregrine.filter.Pos;
import dev.peregrine.filter.TransformerArg;
import dev.peregrine.filter.TransformerCall;
import dev.peregrine.filter.Value;
import dev.peregrine.filter.ValueList;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Checks a parsed condition against the field registry and turns it into a {@link Condition}: every field must
 * exist and take the argument given, every operator must suit the field's type, and every literal must parse as
 * the field's type. Errors name the expression and point at the position.
 */
public final class Binder {
    private final FieldRegistry registry;
    private final String source;

    private Binder(FieldRegistry registry, String source) {
        this.registry = registry;
        this.source = source;
    }

    /** Binds {@code expr}, parsed from {@code source}; throws {@link FilterCheckException} on the first problem. */
    public static Condition bind(Expr expr, String source, FieldRegistry registry) {
        return new Binder(registry, source).expr(expr);
    }

    private Condition expr(Expr e) {
        return switch (e) {
            case Or o -> {
                List<Condition> parts = new ArrayList<>();
                for (Expr c : o.children()) {
                    parts.add(expr(c));
                }
                yield new Condition.Or(parts);
            }
            case And a -> {
                List<Condition> parts = new ArrayList<>();
                for (Expr c : a.children()) {
                    parts.add(expr(c));
                }
                yield new Condition.And(parts);
            }
            case Not n -> new Condition.Not(expr(n.child()));
            case Identifier id -> throw error(id.pos(), "undefined macro '" + id.name() + "'");
            case Check c -> check(c);
        };
    }

    /**
     * Filter-only fields that stand for either end of a socket: libsinsp matches them when the client or the
     * server side matches (fd.ip, fd.port, fd.proto, fd.net), or tests one side as a network (fd.cnet ...).
     */
    private static final Map<String, List<String>> EITHER_SIDE = Map.of(
            "fd.ip", List.of("fd.cip", "fd.sip"), "fd.port", List.of("fd.cport", "fd.sport"),
            "fd.proto", List.of("fd.cproto", "fd.sproto"), "fd.net", List.of("fd.cip", "fd.sip"),
            "fd.cnet", List.of("fd.cip"), "fd.snet", List.of("fd.sip"), "fd.lnet", List.of("fd.lip"),
            "fd.rnet", List.of("fd.rip"));

    private Condition check(Check c) {
        if (c.field() instanceof FieldRef ref && EITHER_SIDE.containsKey(ref.name()) && ref.transformers().isEmpty()
                && ref.arg() == null) {
            if (c.modifier() != null) {
                // libsinsp compares these with their own code, which ignores the modifier (only the first value)
                throw error(c.pos(), "the '" + c.modifier() + "' modifier is not supported yet with " + ref.name());
            }
            boolean net = ref.name().endsWith("net");
            List<Condition> sides = new ArrayList<>();
            for (String side : EITHER_SIDE.get(ref.name())) {
                FieldRef sideRef = new FieldRef(side, null, List.of(), ref.pos());
                Check sideCheck = new Check(sideRef, c.op(), null, c.value(), c.pos());
                sides.add(check(sideCheck, net));
            }
            return sides.size() == 1 ? sides.get(0) : new Condition.Or(sides);
        }
        return check(c, false);
    }

    private Condition check(Check c, boolean asNetwork) {
        BoundField field = field(c.field());
        if (asNetwork) {
            field = field.withKind(ValueKind.NET);
        }
        Op op = Op.of(c.op());
        if (op == null) {
            throw error(c.pos(), "unknown operator '" + c.op() + "'");
        }
        checkOperator(field, op, c.pos());
        if (op == Op.EXISTS) {
            return new Condition.Test(field, op, List.of(), null);
        }
        if (c.modifier() != null) {
            return modified(c, field, op);
        }
        return switch (c.value()) {
            case FieldOperand f -> {
                if (field.anyAncestor()) {
                    throw error(c.pos(), field.text() + " without an index cannot be compared with another field");
                }
                BoundField other = field(f.field());
                if (field.list() || other.list()) {
                    throw error(c.pos(), "comparing a list with another field is not supported yet");
                }
                yield new Condition.Test(field, op, List.of(), other);
            }
            case Value v -> new Condition.Test(field, op, List.of(literal(field, op, v)), null);
            case ValueList l -> {
                if (!op.takesList() && op != Op.EQ) {
                    throw error(l.pos(), "operator '" + op.text + "' takes one value, not a list");
                }
                List<Constant> values = new ArrayList<>();
                for (Value v : l.values()) {
                    values.add(literal(field, op, v));
                }
                yield new Condition.Test(field, op == Op.EQ ? Op.IN : op, values, null);
            }
        };
    }

    /**
     * A comparison with a modifier (libsinsp compare_rhs_with_mod): the operator applies to each value on its own;
     * anyof holds when one value matches, allof when all do, oneof when exactly one does; none with no values.
     */
    private Condition modified(Check c, BoundField field, Op op) {
        if (field.anyAncestor()) {
            // libsinsp's ancestor loop compares with the first value only, ignoring the modifier
            throw error(c.pos(), "the '" + c.modifier() + "' modifier is not supported yet with " + field.text()
                    + " without an index");
        }
        if (LIST_FIELDS.contains(field.def().name())) {
            throw error(c.pos(), "'" + op.text + "' operator not supported list filters (" + field.text()
                    + " is a list in libsinsp)");
        }
        List<Value> values = switch (c.value()) {
            case ValueList l -> l.values();
            case Value v -> List.of(v);
            default -> throw error(c.pos(), "a '" + c.modifier() + "' check takes a list");
        };
        if (values.isEmpty()) {
            return new Condition.Const(false);
        }
        List<Condition> parts = new ArrayList<>();
        for (Value v : values) {
            parts.add(new Condition.Test(field, op, List.of(literal(field, op, v)), null));
        }
        return switch (c.modifier()) {
            case "anyof" -> new Condition.Or(parts);
            case "allof" -> new Condition.And(parts);
            case "oneof" -> new Condition.OneOf(parts);
            default -> throw error(c.pos(), "unknown modifier '" + c.modifier() + "'");
        };
    }

    private static final java.util.Set<String> MULTI = java.util.Set.of("join", "concat", "getopt");

    /** Fields that libsinsp types as lists (EPF_IS_LIST); Peregrine prints them as "(a,b)". */
    private static final java.util.Set<String> LIST_FIELDS = java.util.Set.of("fd.types");

    private static boolean isMulti(TransformerCall t) {
        return t.args().size() != 1 || MULTI.contains(t.name());
    }

    private BoundField field(FieldExpr f) {
        List<String> transformers = new ArrayList<>();
        FieldExpr cur = f;
        while (cur instanceof TransformerCall t && !isMulti(t)) {
            if (t.name().equals("val")) {
                throw error(t.pos(), "val() is only allowed on the right-hand side");
            }
            if (t.arg() != null) {
                throw error(t.pos(), "transformer '" + t.name() + "' does not support field arguments");
            }
            if (!(t.args().get(0) instanceof FieldExpr inner)) {
                throw error(t.pos(), "transformer " + t.name() + "() of a literal or a list is not supported yet");
            }
            transformers.add(t.name());
            cur = inner;
        }
        if (cur instanceof TransformerCall t) {
            MultiValue.Spec spec = multi(t);
            String text = FilterPrinter.print(f);
            FieldDef def = new FieldDef(FilterPrinter.print(t), FieldType.CHARBUF,
                    "the result of " + t.name() + "()", FieldDef.Arg.NONE, a -> new MultiValue(spec));
            try {
                return BoundField.computed(def, spec.list(), transformers, text);
            } catch (IllegalArgumentException e) {
                throw error(f.pos(), e.getMessage());
            }
        }
        FieldRef ref = (FieldRef) cur;
        transformers.addAll(ref.transformers());
        String text = ref.name() + (ref.arg() == null ? "" : "[" + ref.arg() + "]");
        FieldDef def = registry.get(ref.name());
        if (def == null) {
            // names with a dot argument (evt.arg.fd, thread.cgroup.cpuset) resolve through the registry's parser
            try {
                FieldRegistry.Reference r = registry.parse(ref.name(), 0);
                if (r.end() != ref.name().length()) {
                    throw error(ref.pos(), "unknown field '" + ref.name() + "'");
                }
                return BoundField.bind(registry, r.field().name(), r.argument(), transformers, text);
            } catch (IllegalArgumentException e) {
                throw error(ref.pos(), "unknown field '" + ref.name() + "'");
            }
        }
        if (ref.arg() != null && def.arg() == FieldDef.Arg.NONE) {
            throw error(ref.pos(), "field " + def.name() + " takes no argument");
        }
        if (ref.arg() == null && def.arg() == FieldDef.Arg.REQUIRED) {
            throw error(ref.pos(), "field " + def.name() + " needs an argument, e.g. " + def.name() + "[...]");
        }
        try {
            BoundField bound = BoundField.bind(registry, def.name(), ref.arg(), transformers, text);
            bound.newExtractor(); // the field's factory validates its argument (proc.aname[x])
            return bound;
        } catch (IllegalArgumentException e) {
            throw error(ref.pos(), e.getMessage());
        }
    }

    /** The type of a transformer argument as libsinsp sees it (get_field_info of the argument's filtercheck). */
    private record ArgType(FieldType type, boolean list) {
    }

    /** Checks and binds join/concat/getopt (sinsp_filter_multivalue_transformer_*), with libsinsp's messages. */
    private MultiValue.Spec multi(TransformerCall t) {
        List<MultiValue.Arg> args = new ArrayList<>();
        List<ArgType> types = new ArrayList<>();
        for (TransformerArg a : t.args()) {
            switch (a) {
                case Value v -> {
                    args.add(new MultiValue.Literal(v.text().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                    types.add(new ArgType(FieldType.CHARBUF, false));
                }
                case ArgList l -> {
                    List<MultiValue.Arg> items = new ArrayList<>();
                    for (TransformerArg item : l.items()) {
                        items.add(item instanceof Value v
                                ? new MultiValue.Literal(v.text().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                                : fieldArg((FieldExpr) item));
                    }
                    args.add(new MultiValue.ItemList(items));
                    types.add(new ArgType(FieldType.CHARBUF, true));
                }
                case FieldExpr fe -> {
                    args.add(fieldArg(fe));
                    types.add(argType(fe));
                }
            }
        }
        String name = t.name();
        int selector = -1;
        switch (name) {
            case "join" -> {
                if (types.size() != 2) {
                    throw error(t.pos(), "join() requires exactly 2 arguments: separator and list");
                }
                if (types.get(0).list()) {
                    throw error(t.pos(), "join() first argument (separator) must be a single value, not a list");
                }
                if (!types.get(1).list()) {
                    throw error(t.pos(), "join() second argument must be a list");
                }
            }
            case "concat" -> {
                if (types.size() < 2) {
                    throw error(t.pos(), "concat() requires at least 2 arguments");
                }
                for (ArgType at : types) {
                    if (at.type() != FieldType.CHARBUF || at.list()) {
                        throw error(t.pos(), "concat() arguments must be strings");
                    }
                }
            }
            case "getopt" -> {
                if (types.size() != 2) {
                    throw error(t.pos(), "getopt() requires exactly 2 arguments: args list and optstring");
                }
                if (!types.get(0).list()) {
                    throw error(t.pos(), "getopt() first argument must be a list");
                }
                if (types.get(1).list()) {
                    throw error(t.pos(), "getopt() second argument (optstring) must be a single value");
                }
                if (types.get(0).type() != FieldType.CHARBUF || types.get(1).type() != FieldType.CHARBUF) {
                    throw error(t.pos(), "getopt() arguments must be strings");
                }
                if (t.arg() != null) {
                    byte[] opt = t.arg().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    if (opt.length != 1) {
                        throw error(t.pos(), "getopt() field argument must be a single option character");
                    }
                    selector = opt[0] & 0xFF;
                }
            }
            default -> throw error(t.pos(), "unknown multivalue transformer '" + name + "' (" + name
                    + "() takes one argument)");
        }
        if (t.arg() != null && !name.equals("getopt")) {
            throw error(t.pos(), "transformer '" + name + "' does not support field arguments");
        }
        MultiValue.Kind kind = switch (name) {
            case "join" -> MultiValue.Kind.JOIN;
            case "concat" -> MultiValue.Kind.CONCAT;
            default -> MultiValue.Kind.GETOPT;
        };
        return new MultiValue.Spec(kind, List.copyOf(args), selector);
    }

    /** The innermost expression under single-argument transformers: a field, or a multi-argument transformer. */
    private static FieldExpr base(FieldExpr f) {
        FieldExpr cur = f;
        while (cur instanceof TransformerCall t && !isMulti(t) && t.args().get(0) instanceof FieldExpr inner) {
            cur = inner;
        }
        return cur;
    }

    /**
     * libsinsp types an argument by its filtercheck's field info before transformers: a field's own type and list
     * flag; a multi-argument transformer as a single string, even getopt's list.
     */
    private ArgType argType(FieldExpr fe) {
        if (base(fe) instanceof FieldRef ref) {
            BoundField b = field(ref);
            return new ArgType(b.def().type(), LIST_FIELDS.contains(b.def().name()));
        }
        return new ArgType(FieldType.CHARBUF, false);
    }

    private MultiValue.Field fieldArg(FieldExpr fe) {
        BoundField b = field(fe);
        boolean listField = base(fe) instanceof FieldRef && LIST_FIELDS.contains(b.def().name());
        if (listField) {
            if (!b.transformers().isEmpty()) {
                throw error(fe.pos(), "transformers on the list field " + b.def().name()
                        + " inside a transformer are not supported yet");
            }
            return new MultiValue.Field(b, MultiValue.Mode.SPLIT);
        }
        if (b.kind() == ValueKind.TEXT || b.kind() == ValueKind.BYTES) {
            return new MultiValue.Field(b, MultiValue.Mode.TEXT);
        }
        if (!b.transformers().isEmpty()) {
            // libsinsp would append the transformed number's raw bytes as a string
            throw error(fe.pos(), b.text() + " gives a number: as a transformer argument this is not supported yet");
        }
        return new MultiValue.Field(b, MultiValue.Mode.PRINT);
    }

    private void checkOperator(BoundField f, Op op, Pos pos) {
        // a field declared as a list (a plugin's) compared with a one-value operator holds when one of its items
        // does: libsinsp of the plugin era accepted such conditions (Falco's k8s audit regression rules use
        // "contains" on ka.req.role.rules.resources), current libsinsp refuses them
        if (f.list() && !f.def().list() && op != Op.EXISTS && op != Op.IN && op != Op.INTERSECTS) {
            throw error(pos, "'" + op.text + "' operator not supported list filters (" + f.text()
                    + " is a list: use in, intersects or exists)");
        }
        ValueKind k = f.kind();
        boolean ok = switch (op) {
            case EXISTS, EQ, NE, IN, INTERSECTS -> true;
            case LT, LE, GT, GE -> k != ValueKind.BOOL && k != ValueKind.IP && k != ValueKind.NET;
            case CONTAINS, ICONTAINS, STARTSWITH, ENDSWITH, GLOB, IGLOB, REGEX, PMATCH ->
                    k == ValueKind.TEXT || k == ValueKind.BYTES || k == ValueKind.DYNAMIC;
            case BCONTAINS, BSTARTSWITH -> k == ValueKind.TEXT || k == ValueKind.BYTES;
        };
        if (!ok) {
            throw error(pos, "operator '" + op.text + "' cannot be used with " + f.text() + " ("
                    + f.def().type() + (f.transformers().isEmpty() ? "" : " after " + f.transformers()) + ")");
        }
    }

    private Constant literal(BoundField f, Op op, Value v) {
        try {
            if (op == Op.BCONTAINS || op == Op.BSTARTSWITH) {
                byte[] bytes = HexFormat.of().parseHex(v.text());
                return new Constant(v.text(), 0, bytes, -1, false);
            }
            if (op == Op.REGEX) {
                try {
                    com.google.re2j.Pattern.compile(v.text());
                } catch (com.google.re2j.PatternSyntaxException e) {
                    throw new IllegalArgumentException("bad regular expression: " + e.getMessage());
                }
            }
            ValueKind kind = f.kind();
            if (kind == ValueKind.IP && v.text().indexOf('/') >= 0) {
                kind = ValueKind.NET; // fd.ip = 10.0.0.0/8 compares with a network
            }
            return Constant.parse(v.text(), kind);
        } catch (IllegalArgumentException e) {
            throw error(v.pos(), "bad value for " + f.text() + ": " + e.getMessage());
        }
    }

    private FilterCheckException error(Pos pos, String message) {
        return new FilterCheckException(source, pos, message);
    }
}
