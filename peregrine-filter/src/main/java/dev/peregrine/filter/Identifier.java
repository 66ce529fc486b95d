package dev.peregrine.filter;

import java.util.Objects;

/** A bare name standing for a whole condition: in Falco, a reference to a macro. */
public record Identifier(String name, Pos pos) implements Expr {
    public Identifier {
        Objects.requireNonNull(name, "name");
        pos = Nodes.orUnknown(pos);
    }
}
