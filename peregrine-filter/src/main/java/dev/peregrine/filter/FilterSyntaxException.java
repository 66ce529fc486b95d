package dev.peregrine.filter;

/**
 * A condition that does not parse. {@link #reason()} is libsinsp's message for the same error, {@link #pos()} is
 * where libsinsp's parser stood when it gave up (what Falco reports), and {@link #getMessage()} adds the
 * offending line of the condition with a caret under that column:
 *
 * <pre>
 * expected a ')' token at line 1, column 9
 *   (a and b
 *           ^
 * </pre>
 */
public final class FilterSyntaxException extends ConditionException {
    /** Lines longer than this are shown as a window around the error column. */
    private static final int MAX_SHOWN = 100;

    private final String hint;

    public FilterSyntaxException(String reason, String condition, Pos pos) {
        this(reason, condition, pos, null);
    }

    /** @param hint a clarification shown after the position in {@link #getMessage()}, or null */
    public FilterSyntaxException(String reason, String condition, Pos pos, String hint) {
        super(reason, condition, pos);
        this.hint = hint;
    }

    /** A clarification of the reason, or null. */
    public String hint() {
        return hint;
    }

    @Override
    public String detail() {
        return "at " + pos() + (hint == null ? "" : " (" + hint + ")") + "\n" + excerpt(condition(), pos().offset());
    }

    /** The line holding {@code offset}, indented by two, and a caret under the offset on the next line. */
    static String excerpt(String text, int offset) {
        int at = Math.max(0, Math.min(offset, text.length()));
        int start = at;
        while (start > 0 && text.charAt(start - 1) != '\n' && text.charAt(start - 1) != '\r') {
            start--;
        }
        int end = at;
        while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
            end++;
        }
        String prefix = "";
        String suffix = "";
        if (end - start > MAX_SHOWN) {
            int from = Math.max(start, at - MAX_SHOWN * 2 / 3);
            int to = Math.min(end, from + MAX_SHOWN);
            from = Math.max(start, Math.min(from, to - MAX_SHOWN));
            prefix = from > start ? "..." : "";
            suffix = to < end ? "..." : "";
            start = from;
            end = to;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("  ").append(prefix);
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            sb.append(c < 0x20 && c != '\t' ? ' ' : c);
        }
        sb.append(suffix).append("\n  ");
        sb.append(" ".repeat(prefix.length()));
        for (int i = start; i < at; i++) {
            // keep tabs so the caret lines up with the text above it
            sb.append(text.charAt(i) == '\t' ? '\t' : ' ');
        }
        return sb.append('^').toString();
    }
}
