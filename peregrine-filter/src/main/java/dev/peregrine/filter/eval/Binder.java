package dev.peregrine.filter.eval;

import dev.peregrine.fields.FieldDef;
import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.filter.And;
import dev.peregrine.filter.Check;
import dev.peregrine.filter.Expr;
import dev.peregrine.filter.FieldExpr;
import dev.peregrine.filter.FieldOperand;
import dev.peregrine.filter.FieldRef;
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
        if (c.modifier() != null) {
            throw error(c.pos(), "the '" + c.modifier() + "' modifier is not supported yet");
        }
        if (c.field() instanceof FieldRef ref && EITHER_SIDE.containsKey(ref.name()) && ref.transformers().isEmpty()
                && ref.arg() == null) {
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
        return switch (c.value()) {
            case FieldOperand f -> {
                if (field.anyAncestor()) {
                    throw error(c.pos(), field.text() + " without an index cannot be compared with another field");
                }
                yield new Condition.Test(field, op, List.of(), field(f.field()));
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

    private BoundField field(FieldExpr f) {
        List<String> transformers = new ArrayList<>();
        FieldExpr cur = f;
        while (cur instanceof TransformerCall t) {
            if (t.args().size() != 1 || !(t.args().get(0) instanceof FieldExpr inner)) {
                throw error(t.pos(), "transformer " + t.name() + "() with several arguments is not supported yet");
            }
            if (t.name().equals("val")) {
                throw error(t.pos(), "val() is only allowed on the right-hand side");
            }
            transformers.add(t.name());
            cur = inner;
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

    private void checkOperator(BoundField f, Op op, Pos pos) {
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
