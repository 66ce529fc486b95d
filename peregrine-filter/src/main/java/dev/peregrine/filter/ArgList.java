package dev.peregrine.filter;

import java.util.List;

/**
 * A parenthesised list inside a transformer's arguments, as in {@code join("-", (fd.name, "x", 1))}. Its items
 * are fields, transformers and literals, never other lists.
 *
 * @param pos where the list starts; as in libsinsp, its items carry this same position
 */
public record ArgList(List<TransformerArg> items, Pos pos) implements TransformerArg {
    public ArgList {
        items = List.copyOf(items);
        for (TransformerArg item : items) {
            if (item instanceof ArgList) {
                throw new IllegalArgumentException("a transformer list cannot contain a list");
            }
        }
        pos = Nodes.orUnknown(pos);
    }

    public ArgList(List<TransformerArg> items) {
        this(items, Pos.UNKNOWN);
    }
}
