package dev.peregrine.filter;

import java.util.List;

/** Short ways to build expected syntax trees in tests (positions unknown; they never take part in equality). */
final class Trees {
    private Trees() {
    }

    static Expr parse(String condition) {
        return FilterParser.parse(condition);
    }

    static FieldRef field(String name) {
        return new FieldRef(name);
    }

    static FieldRef field(String name, String arg) {
        return new FieldRef(name, arg);
    }

    /** A field with transformers, outermost first. */
    static FieldRef transformed(String name, String... transformers) {
        return new FieldRef(name, null, List.of(transformers), Pos.UNKNOWN);
    }

    static TransformerCall call(String name, String arg, TransformerArg... args) {
        return new TransformerCall(name, List.of(args), arg, Pos.UNKNOWN);
    }

    static ArgList args(TransformerArg... items) {
        return new ArgList(List.of(items));
    }

    static Check check(FieldExpr field, String op, Operand value) {
        return new Check(field, op, value);
    }

    static Check check(String field, String op, String bareValue) {
        return new Check(field(field), op, Value.bare(bareValue));
    }

    static Check check(FieldExpr field, String op, String modifier, Operand value) {
        return new Check(field, op, modifier, value, Pos.UNKNOWN);
    }

    static Check exists(FieldExpr field) {
        return new Check(field, "exists");
    }

    static Check exists(String field) {
        return new Check(field(field), "exists");
    }

    static Value bare(String text) {
        return Value.bare(text);
    }

    static Value quoted(String text) {
        return Value.quoted(text);
    }

    static ValueList list(Value... values) {
        return new ValueList(List.of(values));
    }

    static FieldOperand val(FieldExpr field) {
        return new FieldOperand(field, Pos.UNKNOWN);
    }

    static Identifier id(String name) {
        return new Identifier(name, Pos.UNKNOWN);
    }

    static And and(Expr... children) {
        return new And(List.of(children), Pos.UNKNOWN);
    }

    static Or or(Expr... children) {
        return new Or(List.of(children), Pos.UNKNOWN);
    }

    static Not not(Expr child) {
        return new Not(child, Pos.UNKNOWN);
    }
}
