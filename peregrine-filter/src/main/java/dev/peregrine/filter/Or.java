package dev.peregrine.filter;

import java.util.List;

/** Two or more conditions joined by {@code or}, in source order. */
public record Or(List<Expr> children, Pos pos) implements Expr {
    public Or {
        children = Nodes.atLeastTwo(children, "or");
        pos = Nodes.orUnknown(pos);
    }
}
