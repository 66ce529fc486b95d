package dev.peregrine.filter;

import java.util.Objects;

/**
 * A literal. Bare words are kept as written (no escapes apply); quoted strings are unquoted and unescaped as
 * libsinsp does. After {@code in}, {@code intersects}, {@code pmatch} or a modifier, a bare Value on its own
 * (not inside parentheses) is the name of a list, and a bare Value inside a {@link ValueList} may be one too:
 * Falco substitutes list names before parsing.
 *
 * <p>{@code \xHH} escapes produce bytes; the text is their UTF-8 decoding, with any byte that is not part of
 * valid UTF-8 kept as the lone surrogate {@code U+DC00 + byte} (like Python's "surrogateescape"), so no byte is
 * lost and the printer can write it back.
 *
 * @param text   the value, unquoted and unescaped
 * @param quoted whether it was written between quotes (a quoted value is never a list name)
 */
public record Value(String text, boolean quoted, Pos pos) implements Operand, TransformerArg {
    public Value {
        Objects.requireNonNull(text, "text");
        pos = Nodes.orUnknown(pos);
    }

    public Value(String text, boolean quoted) {
        this(text, quoted, Pos.UNKNOWN);
    }

    /** A bare word. */
    public static Value bare(String text) {
        return new Value(text, false);
    }

    /** A quoted string. */
    public static Value quoted(String text) {
        return new Value(text, true);
    }
}
