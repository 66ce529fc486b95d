package dev.peregrine.filter;

import java.util.List;
import java.util.Objects;

/**
 * A transformer applied to anything other than exactly one field, or with its own bracket argument:
 * {@code join("-", (fd.name, fd.directory))}, {@code getopt(proc.args, "nt:")[t]}, {@code tolower(join(...))}.
 * A transformer of a single field without bracket argument is folded into {@link FieldRef#transformers()}
 * instead, so each condition has exactly one tree.
 *
 * @param name the transformer, one of {@link Operators#TRANSFORMERS}
 * @param args the arguments, in order (at least one)
 * @param arg  the text between brackets after the closing parenthesis (unquoted), or null
 */
public record TransformerCall(String name, List<TransformerArg> args, String arg, Pos pos) implements FieldExpr {
    public TransformerCall {
        Objects.requireNonNull(name, "name");
        if (!Operators.TRANSFORMERS.contains(name)) {
            throw new IllegalArgumentException("unknown transformer '" + name + "'");
        }
        args = List.copyOf(args);
        if (args.isEmpty()) {
            throw new IllegalArgumentException("transformer '" + name + "' needs an argument");
        }
        pos = Nodes.orUnknown(pos);
    }

    public TransformerCall(String name, List<TransformerArg> args) {
        this(name, args, null, Pos.UNKNOWN);
    }
}
