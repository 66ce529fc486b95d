package dev.peregrine.filter;

import java.util.Objects;

/**
 * A negated condition. The parser folds runs of {@code not}: {@code not not a} is just {@code a}, so a
 * {@code Not} directly inside a {@code Not} only comes from parentheses, as in {@code not (not a)}.
 */
public record Not(Expr child, Pos pos) implements Expr {
    public Not {
        Objects.requireNonNull(child, "child");
        pos = Nodes.orUnknown(pos);
    }
}
