package dev.peregrine.filter.eval;

import dev.peregrine.filter.Pos;

/** A condition that parses but does not check: an unknown field, a bad literal, an operator that does not fit. */
public final class FilterCheckException extends RuntimeException {
    private final transient Pos pos;
    private final String reason;

    public FilterCheckException(String source, Pos pos, String message) {
        super(format(source, pos, message));
        this.pos = pos;
        this.reason = message;
    }

    /** What is wrong, without the position and excerpt. */
    public String reason() {
        return reason;
    }

    public Pos pos() {
        return pos;
    }

    private static String format(String source, Pos pos, String message) {
        if (pos == null || pos.offset() < 0 || source == null) {
            return message;
        }
        StringBuilder b = new StringBuilder(message).append(" at column ").append(pos.column()).append('\n')
                .append(source).append('\n');
        b.append(" ".repeat(Math.max(0, Math.min(pos.offset(), source.length())))).append('^');
        return b.toString();
    }
}
