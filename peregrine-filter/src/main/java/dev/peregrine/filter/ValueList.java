package dev.peregrine.filter;

import java.util.List;

/**
 * A parenthesised list of values, {@code (a, 'b c', "d")}, possibly empty. Bare items may name Falco lists.
 *
 * @param pos where the opening parenthesis is
 */
public record ValueList(List<Value> values, Pos pos) implements Operand {
    public ValueList {
        values = List.copyOf(values);
        pos = Nodes.orUnknown(pos);
    }

    public ValueList(List<Value> values) {
        this(values, Pos.UNKNOWN);
    }
}
