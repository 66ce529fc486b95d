package dev.peregrine.filter;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Writes syntax trees back as condition text: {@code FilterParser.parse(print(e))} equals {@code e} for every
 * tree the parser produces. The text uses as few parentheses as the precedence allows (but keeps those that
 * made a nested {@code and}/{@code or}, or a {@code not} of a {@code not}), one blank around keywords and
 * operators, bare words where they were bare and double quotes where they were quoted.
 *
 * <p>Trees built by hand may hold what no condition can express (a quoted list name, a bare value with a blank
 * in it, a number operator with a string); printing those throws {@link IllegalArgumentException} rather than
 * returning text that would parse differently.
 */
public final class FilterPrinter {
    private FilterPrinter() {
    }

    public static String print(Expr expr) {
        StringBuilder sb = new StringBuilder();
        expr(sb, expr);
        return sb.toString();
    }

    public static String print(FieldExpr field) {
        StringBuilder sb = new StringBuilder();
        fieldExpr(sb, field);
        return sb.toString();
    }

    private static void expr(StringBuilder sb, Expr e) {
        switch (e) {
            case Or or -> joined(sb, or.children(), " or ", false);
            case And and -> joined(sb, and.children(), " and ", true);
            case Not not -> {
                sb.append("not ");
                // "not not a" would parse as a; a not of a not needs its parentheses
                child(sb, not.child(), !(not.child() instanceof Check || not.child() instanceof Identifier));
            }
            case Identifier id -> identifier(sb, id.name());
            case Check check -> check(sb, check);
        }
    }

    private static void joined(StringBuilder sb, List<Expr> children, String op, boolean inAnd) {
        for (int i = 0; i < children.size(); i++) {
            if (i > 0) {
                sb.append(op);
            }
            Expr c = children.get(i);
            // an or inside an and needs parentheses for precedence; an and inside an and, or an or inside an
            // or, for the tree to keep its nesting
            child(sb, c, c instanceof Or || (inAnd && c instanceof And));
        }
    }

    private static void child(StringBuilder sb, Expr e, boolean parenthesise) {
        if (parenthesise) {
            sb.append('(');
            expr(sb, e);
            sb.append(')');
        } else {
            expr(sb, e);
        }
    }

    private static void identifier(StringBuilder sb, String name) {
        if (!Words.isIdentifier(name)) {
            throw new IllegalArgumentException("'" + name + "' cannot be written as a macro name");
        }
        // a macro named like a keyword reads as that keyword unless parenthesised
        boolean keyword = name.equals("and") || name.equals("or") || name.equals("not");
        sb.append(keyword ? "(" + name + ")" : name);
    }

    private static void check(StringBuilder sb, Check c) {
        fieldExpr(sb, c.field());
        sb.append(' ').append(c.op());
        if (c.value() == null) {
            return;
        }
        if (c.modifier() != null) {
            sb.append(' ').append(c.modifier());
        }
        sb.append(' ');
        switch (c.value()) {
            case FieldOperand f -> fieldOperand(sb, f.field());
            case ValueList list -> valueList(sb, list);
            case Value v -> rhsValue(sb, c, v);
        }
    }

    private static void rhsValue(StringBuilder sb, Check c, Value v) {
        if (c.modifier() != null || Operators.LIST.contains(c.op())) {
            // a value on its own after a list operator is a list name
            if (v.quoted() || !Words.isIdentifier(v.text())
                    || (c.modifier() != null && Words.startsWithBoolKeyword(v.text()))) {
                throw new IllegalArgumentException("'" + v.text() + "' cannot be written as a list name after '"
                        + c.op() + "'");
            }
            sb.append(v.text());
        } else if (Operators.NUMERIC.contains(c.op())) {
            if (v.quoted() || !Words.isNumber(v.text())) {
                throw new IllegalArgumentException("'" + v.text() + "' is not a number for '" + c.op() + "'");
            }
            sb.append(v.text());
        } else {
            if (!v.quoted() && Words.readsAsModifier(v.text())) {
                throw new IllegalArgumentException("'" + v.text() + "' would read as a modifier and a list name");
            }
            stringValue(sb, v);
        }
    }

    private static void stringValue(StringBuilder sb, Value v) {
        quotedOrBare(sb, v, Words::isBare, "cannot be written unquoted");
    }

    /** A value as it was written: quoted, or bare when {@code bare} accepts its text (else {@code notBare}). */
    private static void quotedOrBare(StringBuilder sb, Value v, Predicate<String> bare, String notBare) {
        if (v.quoted()) {
            sb.append(Escapes.quote(v.text()));
        } else if (bare.test(v.text())) {
            sb.append(v.text());
        } else {
            throw new IllegalArgumentException("'" + v.text() + "' " + notBare);
        }
    }

    private static void valueList(StringBuilder sb, ValueList list) {
        parenthesised(sb, list.values(), FilterPrinter::stringValue);
    }

    /** {@code (a, b, c)}: the items, each written by {@code item}. */
    private static <T> void parenthesised(StringBuilder sb, List<T> items, BiConsumer<StringBuilder, T> item) {
        sb.append('(');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            item.accept(sb, items.get(i));
        }
        sb.append(')');
    }

    /** A field on the right-hand side: {@code val(f)}, or the transformers alone when there are some. */
    private static void fieldOperand(StringBuilder sb, FieldExpr f) {
        if (f instanceof FieldRef ref && ref.transformers().isEmpty()) {
            sb.append(Operators.VAL).append('(');
            fieldExpr(sb, ref);
            sb.append(')');
        } else {
            fieldExpr(sb, f);
        }
    }

    private static void fieldExpr(StringBuilder sb, FieldExpr f) {
        switch (f) {
            case FieldRef ref -> fieldRef(sb, ref);
            case TransformerCall call -> transformerCall(sb, call);
        }
    }

    private static void fieldRef(StringBuilder sb, FieldRef ref) {
        if (!Words.isFieldName(ref.name())) {
            throw new IllegalArgumentException("'" + ref.name() + "' cannot be written as a field name");
        }
        for (String t : ref.transformers()) {
            sb.append(t).append('(');
        }
        sb.append(ref.name());
        fieldArg(sb, ref.arg());
        sb.append(")".repeat(ref.transformers().size()));
    }

    private static void transformerCall(StringBuilder sb, TransformerCall call) {
        sb.append(call.name());
        parenthesised(sb, call.args(), FilterPrinter::transformerArg);
        fieldArg(sb, call.arg());
    }

    private static void transformerArg(StringBuilder sb, TransformerArg arg) {
        switch (arg) {
            case FieldExpr f -> fieldExpr(sb, f);
            case Value v -> literal(sb, v);
            case ArgList list -> parenthesised(sb, list.items(), FilterPrinter::transformerArg);
        }
    }

    /** A transformer's literal argument: quoted, or a number. */
    private static void literal(StringBuilder sb, Value v) {
        quotedOrBare(sb, v, Words::isNumber, "is neither a number nor quoted");
    }

    private static void fieldArg(StringBuilder sb, String arg) {
        if (arg == null) {
            return;
        }
        sb.append('[');
        sb.append(Words.isFieldArgBare(arg) ? arg : Escapes.quote(arg));
        sb.append(']');
    }
}
