package dev.peregrine.filter;

import java.util.Objects;

/**
 * A field on the right-hand side of a check, compared against the left one. {@code val(proc.pname)} is a
 * {@link FieldRef} without transformers; a transformer such as {@code tolower(proc.pname)} needs no
 * {@code val(...)} around it and gives a FieldRef with transformers or a {@link TransformerCall}. A field written
 * bare on the right, {@code proc.name = proc.pname}, is a string {@link Value} in libsinsp, not a field.
 *
 * @param pos where {@code val(} or the outermost transformer starts
 */
public record FieldOperand(FieldExpr field, Pos pos) implements Operand {
    public FieldOperand {
        Objects.requireNonNull(field, "field");
        pos = Nodes.orUnknown(pos);
    }
}
