package dev.peregrine.filter.eval;

import dev.peregrine.filter.ConditionException;
import dev.peregrine.filter.Pos;

/** A condition that parses but does not check: an unknown field, a bad literal, an operator that does not fit. */
public final class FilterCheckException extends ConditionException {
    public FilterCheckException(String source, Pos pos, String message) {
        super(message, source, pos);
    }

    /** The column, then the condition with a caret under it; null without a position or condition. */
    @Override
    public String detail() {
        Pos pos = pos();
        String source = condition();
        if (pos == null || pos.offset() < 0 || source == null) {
            return null;
        }
        StringBuilder b = new StringBuilder("at column ").append(pos.column()).append('\n').append(source).append('\n');
        b.append(" ".repeat(Math.max(0, Math.min(pos.offset(), source.length())))).append('^');
        return b.toString();
    }
}
