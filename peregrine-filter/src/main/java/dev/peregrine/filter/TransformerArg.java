package dev.peregrine.filter;

/**
 * An argument of a transformer: a field or transformer, a literal (a quoted string or a number, as a
 * {@link Value}), or a parenthesised list of those ({@link ArgList}).
 */
public sealed interface TransformerArg permits FieldExpr, Value, ArgList {
    Pos pos();
}
