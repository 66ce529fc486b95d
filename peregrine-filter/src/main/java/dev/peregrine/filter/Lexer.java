package dev.peregrine.filter;

import java.util.List;

/**
 * The scanning half of the parser: a cursor over the condition text with one method per kind of token. libsinsp
 * has no separate token stream (what a word means depends on where the parser is: {@code a.b} is a field on the
 * left of an operator and a plain string on the right), so the parser asks for the token kind it expects, and
 * each method either consumes a token, leaving it in {@link #token()}, or consumes nothing and returns false.
 *
 * <p>Each token method matches what the libsinsp regular expression quoted in its comment matches (POSIX
 * leftmost-longest, anchored at the cursor), written as a plain loop. Blanks are skipped only where the parser
 * says so, as in libsinsp, because some tokens must not be preceded or followed by one.
 */
final class Lexer {
    private final String input;
    private final int length;
    private int offset;
    private int line = 1;
    private int column = 1;
    private String token = "";

    Lexer(String input) {
        this.input = input;
        this.length = input.length();
    }

    String input() {
        return input;
    }

    /** The last token consumed (quoted strings unescaped, word operators without their blank). */
    String token() {
        return token;
    }

    Pos pos() {
        return new Pos(offset, line, column);
    }

    boolean atEnd() {
        return offset >= length;
    }

    /** The cursor and last token, to backtrack to with {@link #reset}. */
    Mark mark() {
        return new Mark(offset, line, column, token);
    }

    void reset(Mark m) {
        offset = m.offset;
        line = m.line;
        column = m.column;
        token = m.token;
    }

    record Mark(int offset, int line, int column, String token) {
    }

    FilterSyntaxException error(String reason) {
        return new FilterSyntaxException(reason, input, pos(), hint());
    }

    /**
     * A note for messages whose libsinsp wording hides the real cause: a quote at the cursor that never closes
     * makes libsinsp say it expected a value, so the message adds that the string is unterminated.
     */
    private String hint() {
        char c = charAt(offset);
        if ((c == '"' || c == '\'') && !quotedCloses()) {
            return "the quoted string starting here is not terminated";
        }
        return null;
    }

    /** Whether the quoted string at the cursor has a closing delimiter (same scan as {@link #quoted}). */
    private boolean quotedCloses() {
        char delimiter = charAt(offset);
        char prev = delimiter;
        for (int i = offset + 1; i < length && input.charAt(i) != '\0'; i++) {
            char c = input.charAt(i);
            if (c == delimiter && prev != '\\') {
                return true;
            }
            prev = c;
        }
        return false;
    }

    // ---- characters ----

    private char charAt(int i) {
        return i < length ? input.charAt(i) : '\0';
    }

    /** Moves the cursor over {@code count} characters, counting lines as libsinsp does. */
    private void advance(int count) {
        int end = offset + count;
        while (offset < end) {
            char c = input.charAt(offset);
            column++;
            if (c == '\r' || c == '\n') {
                column = 1;
                line++;
            }
            offset++;
        }
    }

    /** Consumes {@code count} characters as the new token. */
    private boolean take(int count) {
        token = input.substring(offset, offset + count);
        advance(count);
        return true;
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWordChar(char c) {
        return isLetter(c) || isDigit(c) || c == '_';
    }

    private static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** POSIX [:space:], which libsinsp's regular expressions use. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    /** What lex_blank skips: note \b (backspace) but not \v or \f, unlike [:space:]. */
    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\b' || c == '\r' || c == '\n';
    }

    // ---- tokens ----

    /** Skips blanks; true if there was at least one. Leaves the token alone. */
    boolean blank() {
        int start = offset;
        while (offset < length && isBlank(input.charAt(offset))) {
            advance(1);
        }
        return offset > start;
    }

    /** Exactly {@code text}. */
    boolean literal(String text) {
        if (input.startsWith(text, offset)) {
            return take(text.length());
        }
        return false;
    }

    /** {@code not[[:space:]]+}: a negation followed by a blank. */
    boolean notBlank() {
        if (!input.startsWith("not", offset) || !isSpace(charAt(offset + 3))) {
            return false;
        }
        return take(spanEnd(offset + 4, Lexer::isSpace) - offset);
    }

    /** {@code [a-zA-Z]+[a-zA-Z0-9_]*}: a macro or list name. */
    boolean identifier() {
        int end = wordEnd(offset);
        return end > offset && take(end - offset);
    }

    /** The end of {@code [a-zA-Z][a-zA-Z0-9_]*} starting at {@code from}, or {@code from} if none. */
    private int wordEnd(int from) {
        if (!isLetter(charAt(from))) {
            return from;
        }
        return spanEnd(from + 1, Lexer::isWordChar);
    }

    /** {@code [a-zA-Z]+[a-zA-Z0-9_]*(\.[a-zA-Z]+[a-zA-Z0-9_]*)+}: a dotted field name. */
    boolean fieldName() {
        int end = wordEnd(offset);
        if (end == offset) {
            return false;
        }
        int parts = 0;
        while (charAt(end) == '.' && isLetter(charAt(end + 1))) {
            end = wordEnd(end + 1);
            parts++;
        }
        return parts > 0 && take(end - offset);
    }

    /** {@code [^][\"'[:space:]]+}: an unquoted field argument. */
    boolean fieldArgBare() {
        int end = spanEnd(offset, c -> c != '[' && c != ']' && c != '"' && c != '\'' && !isSpace(c));
        return end > offset && take(end - offset);
    }

    /** {@code 0[xX][0-9a-fA-F]+}. */
    boolean hexNumber() {
        char x = charAt(offset + 1);
        if (charAt(offset) != '0' || (x != 'x' && x != 'X') || !isHexDigit(charAt(offset + 2))) {
            return false;
        }
        return take(spanEnd(offset + 3, Lexer::isHexDigit) - offset);
    }

    /** {@code [+\-]?[0-9]+[\.]?[0-9]*([eE][+\-][0-9]+)?}: the exponent needs its sign. */
    boolean number() {
        int end = offset;
        if (charAt(end) == '+' || charAt(end) == '-') {
            end++;
        }
        if (!isDigit(charAt(end))) {
            return false;
        }
        end = digitsEnd(end);
        if (charAt(end) == '.') {
            end = digitsEnd(end + 1);
        }
        char e = charAt(end);
        char sign = charAt(end + 1);
        if ((e == 'e' || e == 'E') && (sign == '+' || sign == '-') && isDigit(charAt(end + 2))) {
            end = digitsEnd(end + 2);
        }
        return take(end - offset);
    }

    private int digitsEnd(int from) {
        return spanEnd(from, Lexer::isDigit);
    }

    /** What {@link #spanEnd} runs over. */
    private interface CharClass {
        boolean has(char c);
    }

    /** The end of the run of {@code chars} starting at {@code from} ({@code from} itself if there is none). */
    private int spanEnd(int from, CharClass chars) {
        int end = from;
        while (end < length && chars.has(input.charAt(end))) {
            end++;
        }
        return end;
    }

    /** {@code [^()\"'[:space:]=,]+}: an unquoted string value. */
    boolean bare() {
        int end = spanEnd(offset, c -> c != '(' && c != ')' && c != '"' && c != '\'' && c != '=' && c != ','
                && !isSpace(c));
        return end > offset && take(end - offset);
    }

    /**
     * A single- or double-quoted string; the token is its unescaped text. Like libsinsp, the string ends at the
     * first delimiter not preceded by a backslash (so {@code "a\\"} does not end at its last quote), and at a NUL
     * or the end of the input it is unterminated: nothing is consumed and false is returned.
     *
     * @throws FilterSyntaxException for an invalid escape, positioned after the closing quote as in libsinsp
     */
    boolean quoted() {
        char delimiter = charAt(offset);
        if (delimiter != '"' && delimiter != '\'') {
            return false;
        }
        char prev = delimiter;
        int end = offset + 1;
        while (end < length && input.charAt(end) != '\0') {
            char c = input.charAt(end);
            if (c == delimiter && prev != '\\') {
                String raw = input.substring(offset, end + 1);
                advance(end + 1 - offset);
                try {
                    token = Escapes.unescape(raw);
                } catch (IllegalArgumentException e) {
                    throw error(e.getMessage());
                }
                return true;
            }
            prev = c;
            end++;
        }
        return false;
    }

    /** One of {@code ops}; word operators (starting with a letter) must be followed by a blank, consumed too. */
    private boolean operator(List<String> ops) {
        for (int i = 0; i < ops.size(); i++) {
            String op = ops.get(i);
            if (!isLetter(op.charAt(0))) {
                if (literal(op)) {
                    return true;
                }
                continue;
            }
            Mark m = mark();
            if (literal(op)) {
                if (blank()) {
                    return true;
                }
                reset(m);
            }
        }
        return false;
    }

    boolean unaryOperator() {
        // "exists" needs no blank after it: libsinsp accepts "x.y existsand z"
        return literal("exists");
    }

    boolean numericOperator() {
        return operator(Operators.NUMERIC);
    }

    boolean stringOperator() {
        return operator(Operators.STRING);
    }

    /** {@code oneof}, {@code anyof} or {@code allof}, followed by a blank. */
    boolean modifier() {
        return operator(Operators.MODIFIERS);
    }

    boolean listOperator() {
        // no blank needed after these: libsinsp reads "x.y in(a)" and even "x.y inside" (in side)
        for (int i = 0; i < Operators.LIST.size(); i++) {
            if (literal(Operators.LIST.get(i))) {
                return true;
            }
        }
        return false;
    }

    /** {@code val(}. */
    boolean valOpen() {
        return literal(Operators.VAL + "(");
    }

    /** A transformer name directly followed by {@code (}; the token is the name without the parenthesis. */
    boolean transformerOpen() {
        List<String> names = Operators.TRANSFORMERS;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (input.startsWith(name, offset) && charAt(offset + name.length()) == '(') {
                take(name.length() + 1);
                token = name;
                return true;
            }
        }
        return false;
    }

    /** Whether a list, {@code (}, or an identifier comes next; consumes nothing. */
    boolean listFollows() {
        return charAt(offset) == '(' || wordEnd(offset) > offset;
    }

    /**
     * Whether {@code and}, {@code or} or {@code not} comes next, not followed by a letter or digit (libsinsp uses
     * isalnum, so {@code and_x} counts as {@code and}); consumes nothing.
     */
    boolean boolKeywordFollows() {
        return keywordAt("and") || keywordAt("or") || keywordAt("not");
    }

    private boolean keywordAt(String keyword) {
        if (!input.startsWith(keyword, offset)) {
            return false;
        }
        char next = charAt(offset + keyword.length());
        return !(isLetter(next) || isDigit(next));
    }
}
