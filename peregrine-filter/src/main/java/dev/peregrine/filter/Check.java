package dev.peregrine.filter;

import java.util.Objects;

/**
 * One comparison: a field (possibly transformed), an operator and, except for {@code exists}, a right-hand side.
 *
 * @param field    the left-hand side
 * @param op       the operator as written ({@code "="} and {@code "=="} are kept apart), one of
 *                 {@link Operators#ALL}
 * @param modifier {@code oneof}, {@code anyof} or {@code allof} after a string operator
 *                 ({@code proc.name == oneof (a, b)}), or null; with a modifier the right-hand side is a
 *                 {@link ValueList} or a list name ({@link Value})
 * @param value    the right-hand side, null exactly when {@code op} is unary ({@code exists})
 */
public record Check(FieldExpr field, String op, String modifier, Operand value, Pos pos) implements Expr {
    public Check {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(op, "op");
        if (!Operators.ALL.contains(op)) {
            throw new IllegalArgumentException("unknown operator '" + op + "'");
        }
        if (Operators.UNARY.contains(op) != (value == null)) {
            throw new IllegalArgumentException(Operators.UNARY.contains(op)
                    ? "operator '" + op + "' takes no value" : "operator '" + op + "' needs a value");
        }
        if (modifier != null) {
            if (!Operators.MODIFIERS.contains(modifier) || !Operators.STRING.contains(op)) {
                throw new IllegalArgumentException("modifier '" + modifier + "' cannot follow '" + op + "'");
            }
            if (value instanceof FieldOperand) {
                throw new IllegalArgumentException("a '" + modifier + "' check takes a list, not a field");
            }
        }
        pos = Nodes.orUnknown(pos);
    }

    /** A check without modifier. */
    public Check(FieldExpr field, String op, Operand value) {
        this(field, op, null, value, Pos.UNKNOWN);
    }

    /** A unary check, such as {@code proc.name exists}. */
    public Check(FieldExpr field, String op) {
        this(field, op, null, null, Pos.UNKNOWN);
    }
}
