package dev.peregrine.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.Objects;

/**
 * Parses Falco conditions into {@link Expr} trees, accepting and rejecting exactly what libsinsp's parser
 * (userspace/libsinsp/filter/parser.cpp) does, with its error messages and error positions. Grammar, loosest
 * binding first:
 *
 * <pre>
 * Expr        ::= AndExpr ('or' (blank AndExpr | '(' Expr ')'))*
 * AndExpr     ::= NotExpr ('and' (blank NotExpr | '(' Expr ')'))*
 * NotExpr     ::= ('not' blank)* ('not(' Expr ')' | Check)
 * Check       ::= '(' Expr ')' | Field Condition | Transformer Condition | Identifier
 * Condition   ::= 'exists'
 *               | ('&lt;=' | '&lt;' | '&gt;=' | '&gt;') (Number | FieldOperand)
 *               | StrOp (StrValue | FieldOperand)
 *               | StrOp blank ('oneof' | 'anyof' | 'allof') blank (List | Identifier)
 *               | ('intersects' | 'in' | 'pmatch') (List | FieldOperand | Identifier)
 * FieldOperand ::= 'val(' Field ')' | Transformer
 * Transformer ::= Name '(' TArg (',' TArg)* ')' ('[' FieldArg ']')?      (no blank between Name and '(')
 * TArg        ::= Number | QuotedStr | '(' (TItem (',' TItem)*)? ')' | Transformer | Field
 * List        ::= '(' (StrValue (',' StrValue)*)? ')'
 * Field       ::= FieldName ('[' (QuotedStr | FieldArgBareStr) ']')?
 * </pre>
 *
 * Blanks are optional elsewhere, but the keywords and word operators ({@code contains}, {@code startswith}, ...)
 * need one after them. The methods below mirror libsinsp's functions one to one, so that the nesting limit and
 * the positions match too.
 */
public final class FilterParser {
    /** The nesting limit Falco sets for rule conditions (libsinsp's own default is 100). */
    public static final int DEFAULT_MAX_DEPTH = 1000;

    private final Lexer lx;
    private final int maxDepth;
    private int depth;

    private FilterParser(String text, int maxDepth) {
        this.lx = new Lexer(text);
        this.maxDepth = maxDepth;
    }

    /**
     * Parses a whole condition.
     *
     * @throws FilterSyntaxException if it is not a valid condition; nothing else is thrown for any non-null input
     */
    public static Expr parse(String condition) {
        return parse(condition, DEFAULT_MAX_DEPTH);
    }

    /** Parses a whole condition, refusing more than {@code maxDepth} nested grammar rules. */
    public static Expr parse(String condition, int maxDepth) {
        Objects.requireNonNull(condition, "condition");
        FilterParser p = new FilterParser(condition, maxDepth);
        try {
            return p.parseWhole();
        } catch (StackOverflowError e) {
            // only reachable with a maxDepth far above the default
            throw p.lx.error("exceeded the stack while parsing; nest less deeply");
        }
    }

    /**
     * Parses a field or a transformer expression on its own, such as {@code proc.aname[2]} or
     * {@code tolower(proc.name)} (libsinsp's {@code parse_field_or_transformer}), with optional blanks around it.
     */
    public static FieldExpr parseField(String text) {
        Objects.requireNonNull(text, "text");
        FilterParser p = new FilterParser(text, DEFAULT_MAX_DEPTH);
        try {
            p.lx.blank();
            FieldExpr f = p.parseFieldOrTransformer();
            p.lx.blank();
            if (!p.lx.atEnd()) {
                throw p.lx.error("unexpected token after '" + p.lx.token() + "'");
            }
            return f;
        } catch (StackOverflowError e) {
            throw p.lx.error("exceeded the stack while parsing; nest less deeply");
        }
    }

    // ---- depth guard: every method libsinsp guards runs its body through nested() ----

    private <T> T nested(Supplier<T> rule) {
        depth++;
        if (depth >= maxDepth) {
            throw lx.error("exceeded max depth limit of " + maxDepth);
        }
        try {
            return rule.get();
        } finally {
            depth--;
        }
    }

    private FilterSyntaxException error(String reason) {
        return lx.error(reason);
    }

    /** A guarded rule that starts after optional blanks, where it then stands. */
    private <T> T nestedAfterBlank(Function<Pos, T> rule) {
        return nested(() -> {
            lx.blank();
            return rule.apply(lx.pos());
        });
    }

    private static String transformerChoices() {
        return Operators.quotedList(Operators.transformersWithVal());
    }

    // ---- boolean structure ----

    private Expr parseWhole() {
        if (lx.input().isEmpty()) {
            throw error("filter input string is empty");
        }
        Expr res = parseOr();
        if (!lx.atEnd()) {
            throw error("unexpected token after '" + lx.token() + "', expecting 'or', 'and'");
        }
        return res;
    }

    private Expr parseOr() {
        return parseChain("or", this::parseAnd, Or::new);
    }

    private Expr parseAnd() {
        return parseChain("and", this::parseNot, And::new);
    }

    /** {@code operand (op operand)*}: one node for the whole chain, or the operand alone. */
    private Expr parseChain(String op, Supplier<Expr> operand, BiFunction<List<Expr>, Pos, Expr> node) {
        return nested(() -> {
            Pos pos = lx.pos();
            List<Expr> children = new ArrayList<>(2);
            lx.blank();
            children.add(operand.get());
            lx.blank();
            while (lx.literal(op)) {
                if (lx.blank()) {
                    children.add(operand.get());
                } else if (lx.literal("(")) {
                    children.add(parseEmbeddedRemainder());
                } else {
                    throw error("expected blank or '(' after '" + op + "'");
                }
                lx.blank();
            }
            return children.size() > 1 ? node.apply(children, pos) : children.get(0);
        });
    }

    private Expr parseNot() {
        return nested(() -> {
            Pos pos = lx.pos();
            boolean negated = false;
            lx.blank();
            while (lx.notBlank()) {
                negated = !negated;
            }
            Expr child;
            if (lx.literal("not(")) {
                negated = !negated;
                child = parseEmbeddedRemainder();
            } else {
                child = parseCheck();
            }
            return negated ? new Not(child, pos) : child;
        });
    }

    /** The rest of a parenthesised expression, after its '('. */
    private Expr parseEmbeddedRemainder() {
        return nested(() -> {
            lx.blank();
            Expr child = parseOr();
            lx.blank();
            if (!lx.literal(")")) {
                throw error("expected a ')' token");
            }
            return child;
        });
    }

    private Expr parseCheck() {
        return nested(() -> {
            Pos pos = lx.pos();
            lx.blank();
            if (lx.literal("(")) {
                return parseEmbeddedRemainder();
            }
            FieldExpr left = tryParseFieldOrTransformer(pos);
            if (left != null) {
                return parseCondition(left, pos);
            }
            if (lx.identifier()) {
                return new Identifier(lx.token(), pos);
            }
            throw error("expected a '(' token, a field check, or an identifier");
        });
    }

    // ---- fields and transformers ----

    private FieldExpr parseFieldOrTransformer() {
        return nested(() -> {
            FieldExpr f = tryParseFieldOrTransformer(lx.pos());
            if (f != null) {
                return f;
            }
            throw error("expected a field or a field transformer: " + Operators.quotedList(Operators.TRANSFORMERS));
        });
    }

    /** A field, or a transformer call (which reads its own blanks after the '('), or null if neither comes next. */
    private FieldExpr tryParseFieldOrTransformer(Pos pos) {
        if (lx.fieldName()) {
            return parseFieldRemainder(lx.token(), pos);
        }
        if (lx.transformerOpen()) {
            return parseTransformerRemainder(lx.token(), pos);
        }
        return null;
    }

    /** A field whose name was just read: its optional {@code [arg]}. */
    private FieldRef parseFieldRemainder(String name, Pos pos) {
        return nested(() -> {
            return new FieldRef(name, parseOptionalFieldArg(), List.of(), pos);
        });
    }

    /** {@code [arg]} right after a field or transformer (no blank before '['), or null. */
    private String parseOptionalFieldArg() {
        if (!lx.literal("[")) {
            return null;
        }
        if (!lx.quoted() && !lx.fieldArgBare()) {
            throw error("expected a valid field argument: a quoted string or a bare string");
        }
        String arg = lx.token();
        if (!lx.literal("]")) {
            throw error("expected a ']' token");
        }
        return arg;
    }

    /** The arguments of a transformer whose {@code name(} was just read, its ')' and optional {@code [arg]}. */
    private FieldExpr parseTransformerRemainder(String name, Pos pos) {
        return nested(() -> {
            lx.blank();
            List<TransformerArg> args = new ArrayList<>(2);
            do {
                args.add(parseTransformerArg(lx.pos()));
                lx.blank();
            } while (lx.literal(","));
            lx.blank();
            if (!lx.literal(")")) {
                throw error("expected a ')' token closing the transformer");
            }
            String arg = parseOptionalFieldArg();
            return fold(name, args, arg, pos);
        });
    }

    /** A transformer of exactly one field (no bracket argument) becomes part of the field. */
    private static FieldExpr fold(String name, List<TransformerArg> args, String arg, Pos pos) {
        if (arg == null && args.size() == 1 && args.get(0) instanceof FieldRef f) {
            List<String> transformers = new ArrayList<>(f.transformers().size() + 1);
            transformers.add(name);
            transformers.addAll(f.transformers());
            return new FieldRef(f.name(), f.arg(), transformers, f.pos());
        }
        return new TransformerCall(name, args, arg, pos);
    }

    private TransformerArg parseTransformerArg(Pos pos) {
        return nested(() -> {
            lx.blank();
            if (lx.hexNumber() || lx.number()) {
                return new Value(lx.token(), false, pos);
            }
            if (lx.quoted()) {
                return new Value(lx.token(), true, pos);
            }
            if (lx.literal("(")) {
                return parseTransformerList(pos);
            }
            FieldExpr f = tryParseFieldOrTransformer(pos);
            if (f != null) {
                return f;
            }
            throw error("expected field transformer argument: "
                    + "field, transformer, quoted string, number, or transformer list");
        });
    }

    /** The items of a transformer's list argument, after its '('. */
    private ArgList parseTransformerList(Pos pos) {
        List<TransformerArg> items = new ArrayList<>();
        lx.blank();
        if (lx.literal(")")) {
            return new ArgList(items, pos);
        }
        items.add(parseTransformerListItem(pos));
        lx.blank();
        while (lx.literal(",")) {
            lx.blank();
            items.add(parseTransformerListItem(pos));
            lx.blank();
        }
        if (!lx.literal(")")) {
            throw error("expected ')'");
        }
        return new ArgList(items, pos);
    }

    private TransformerArg parseTransformerListItem(Pos pos) {
        FieldExpr f = tryParseFieldOrTransformer(pos);
        if (f != null) {
            return f;
        }
        if (lx.quoted()) {
            return new Value(lx.token(), true, pos);
        }
        if (lx.hexNumber() || lx.number()) {
            return new Value(lx.token(), false, pos);
        }
        throw error("expected transformer list argument: field, transformer, quoted string, or number");
    }

    // ---- operators and right-hand sides ----

    private Check parseCondition(FieldExpr left, Pos pos) {
        return nested(() -> {
            lx.blank();
            if (lx.unaryOperator()) {
                return new Check(left, lx.token(), null, null, pos);
            }
            lx.blank();
            if (lx.numericOperator()) {
                String op = lx.token();
                return new Check(left, op, null, parseNumValueOrTransformer(), pos);
            }
            if (lx.stringOperator()) {
                String op = lx.token();
                // word operators consumed their blank already; symbols may or may not have one
                boolean hadBlank = Character.isLetter(op.charAt(0)) || lx.blank();
                Lexer.Mark m = lx.mark();
                if (hadBlank && lx.modifier()) {
                    String modifier = lx.token();
                    if (lx.listFollows() && !lx.boolKeywordFollows()) {
                        return new Check(left, op, modifier, parseListValue(), pos);
                    }
                }
                // not a modifier after all: "oneof" is then just a string value
                lx.reset(m);
                return new Check(left, op, null, parseStrValueOrTransformer(false), pos);
            }
            if (lx.listOperator()) {
                String op = lx.token();
                return new Check(left, op, null, parseListValueOrTransformer(), pos);
            }
            throw error("expected a valid check operator: one of " + Operators.quotedList(Operators.ALL));
        });
    }

    private Operand parseNumValueOrTransformer() {
        return nestedAfterBlank(pos -> {
            FieldOperand field = tryParseTransformerOrVal();
            if (field != null) {
                return field;
            }
            if (lx.hexNumber() || lx.number()) {
                return new Value(lx.token(), false, pos);
            }
            throw error("expected a number value or a field with a valid transformer: " + transformerChoices());
        });
    }

    private Operand parseStrValueOrTransformer(boolean valuesOnly) {
        return nestedAfterBlank(pos -> {
            if (!valuesOnly) {
                FieldOperand field = tryParseTransformerOrVal();
                if (field != null) {
                    return field;
                }
            }
            Value value = tryStringValue(pos);
            if (value != null) {
                return value;
            }
            if (valuesOnly) {
                throw error("expected a string value");
            }
            throw error("expected a string value or a field with a valid transformer: " + transformerChoices());
        });
    }

    /**
     * A parenthesised list of values, or null if no '(' comes next. libsinsp parses the first item inside a
     * try/catch and takes any failure to mean an empty list; that also swallows an invalid escape in the first
     * item ({@code in ("\q")} would be an empty list), which is reported here instead.
     */
    private ValueList tryParseList() {
        Pos pos = lx.pos();
        if (!lx.literal("(")) {
            return null;
        }
        List<Value> values = new ArrayList<>();
        lx.blank();
        Value first = tryListItem();
        if (first != null) {
            values.add(first);
            lx.blank();
            while (lx.literal(",")) {
                values.add((Value) parseStrValueOrTransformer(true));
                lx.blank();
            }
        }
        if (!lx.literal(")")) {
            throw error("expected a ')' token");
        }
        return new ValueList(values, pos);
    }

    /** A first list item, or null where libsinsp's parse_str_value_or_transformer(true) would fail. */
    private Value tryListItem() {
        return nestedAfterBlank(this::tryStringValue);
    }

    /** A quoted or bare string value, or null if none comes next. */
    private Value tryStringValue(Pos pos) {
        if (lx.quoted()) {
            return new Value(lx.token(), true, pos);
        }
        if (lx.bare()) {
            return new Value(lx.token(), false, pos);
        }
        return null;
    }

    /** After a modifier: a list or a list name. */
    private Operand parseListValue() {
        return nestedAfterBlank(pos -> {
            ValueList list = tryParseList();
            if (list != null) {
                return list;
            }
            if (lx.identifier()) {
                return new Value(lx.token(), false, pos);
            }
            throw error("expected a list or an identifier");
        });
    }

    private Operand parseListValueOrTransformer() {
        return nestedAfterBlank(pos -> {
            ValueList list = tryParseList();
            if (list != null) {
                return list;
            }
            FieldOperand field = tryParseTransformerOrVal();
            if (field != null) {
                return field;
            }
            if (lx.identifier()) {
                return new Value(lx.token(), false, pos);
            }
            throw error("expected a list, an identifier, or a field with a valid transformer: "
                    + transformerChoices());
        });
    }

    /** {@code val(field)} or a transformer expression on the right of an operator, or null if none comes next. */
    private FieldOperand tryParseTransformerOrVal() {
        return nestedAfterBlank(pos -> {
            if (lx.valOpen()) {
                lx.blank();
                Pos fieldPos = lx.pos();
                if (!lx.fieldName()) {
                    throw error("expected a field within '" + Operators.VAL + "' transformer");
                }
                FieldRef field = parseFieldRemainder(lx.token(), fieldPos);
                lx.blank();
                if (!lx.literal(")")) {
                    throw error("expected a ')' token closing the transformer");
                }
                Pos argPos = lx.pos();
                if (parseOptionalFieldArg() != null) {
                    // libsinsp parses this and always rejects it when compiling; there is no tree for it
                    throw new FilterSyntaxException("transformer 'val' does not support field arguments",
                            lx.input(), argPos);
                }
                return new FieldOperand(field, pos);
            }
            if (lx.transformerOpen()) {
                return new FieldOperand(parseTransformerRemainder(lx.token(), pos), pos);
            }
            return null;
        });
    }
}
