package dev.peregrine.filter;

import java.util.List;

/** Argument checks shared by the syntax tree records. */
final class Nodes {
    private Nodes() {
    }

    static List<Expr> atLeastTwo(List<Expr> children, String op) {
        List<Expr> copy = List.copyOf(children);
        if (copy.size() < 2) {
            throw new IllegalArgumentException("'" + op + "' joins at least two conditions, got " + copy.size());
        }
        return copy;
    }

    static Pos orUnknown(Pos pos) {
        return pos == null ? Pos.UNKNOWN : pos;
    }
}
