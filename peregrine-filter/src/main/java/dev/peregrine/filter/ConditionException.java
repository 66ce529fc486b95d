package dev.peregrine.filter;

/**
 * A condition that cannot be used, at a position in its text: {@link FilterSyntaxException} when it does not parse,
 * {@link dev.peregrine.filter.eval.FilterCheckException} when it parses but does not check. The message starts with
 * {@link #reason()}; {@link #detail()} is the rest (position and excerpt), for reports that show them apart.
 *
 * <p>It carries no stack trace: it reports a mistake in the input, not in the program.
 */
public abstract class ConditionException extends RuntimeException {
    private final String reason;
    private final transient Pos pos;

    protected ConditionException(String message, String reason, Pos pos) {
        super(message, null, false, false);
        this.reason = reason;
        this.pos = pos;
    }

    /** What is wrong, without the position and excerpt. */
    public String reason() {
        return reason;
    }

    /** Where the condition is wrong; null or {@link Pos#UNKNOWN} when not known. */
    public Pos pos() {
        return pos;
    }

    /** What the message adds to the reason (position, excerpt), or null when it adds nothing. */
    public String detail() {
        String m = getMessage();
        return m.length() > reason.length() && m.startsWith(reason) ? m.substring(reason.length()).strip() : null;
    }
}
