package dev.peregrine.filter;

/** The right-hand side of a check: a value, a list of values, or another field. */
public sealed interface Operand permits Value, ValueList, FieldOperand {
    Pos pos();
}
