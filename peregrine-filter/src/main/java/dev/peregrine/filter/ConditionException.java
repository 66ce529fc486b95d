package dev.peregrine.filter;

/**
 * A condition that cannot be used, at a position in its text: {@link FilterSyntaxException} when it does not parse,
 * {@link dev.peregrine.filter.eval.FilterCheckException} when it parses but does not check. The message is
 * {@link #reason()}, then {@link #detail()} (position and excerpt), which reports that show them apart take one by
 * one.
 *
 * <p>It carries no stack trace: it reports a mistake in the input, not in the program.
 */
public abstract class ConditionException extends RuntimeException {
    private final String condition;
    private final transient Pos pos;

    /** @param reason what is wrong: the start of the message, which {@link #detail()} completes */
    protected ConditionException(String reason, String condition, Pos pos) {
        super(reason, null, false, false);
        this.condition = condition;
        this.pos = pos;
    }

    /** What is wrong, without the position and excerpt. */
    public String reason() {
        return super.getMessage();
    }

    /** What the message adds to the reason (position, excerpt), or null when it adds nothing. */
    public abstract String detail();

    /** Where the condition is wrong; null or {@link Pos#UNKNOWN} when not known. */
    public Pos pos() {
        return pos;
    }

    /** The whole condition that was parsed or checked; may be null for a check. */
    public String condition() {
        return condition;
    }

    @Override
    public String getMessage() {
        String detail = detail();
        return detail == null ? reason() : reason() + " " + detail;
    }
}
