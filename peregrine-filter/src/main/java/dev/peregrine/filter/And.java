package dev.peregrine.filter;

import java.util.List;

/** Two or more conditions joined by {@code and}, in source order. */
public record And(List<Expr> children, Pos pos) implements Expr {
    public And {
        children = Nodes.atLeastTwo(children, "and");
        pos = Nodes.orUnknown(pos);
    }
}
