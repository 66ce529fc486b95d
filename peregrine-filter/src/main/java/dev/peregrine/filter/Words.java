package dev.peregrine.filter;

/**
 * Whether a whole string is one token of a given kind, by running the {@link Lexer} over it: the printer uses
 * these to decide whether a word can be written as it is.
 */
final class Words {
    private Words() {
    }

    static boolean isIdentifier(String s) {
        Lexer lx = new Lexer(s);
        return lx.identifier() && lx.atEnd();
    }

    static boolean isFieldName(String s) {
        Lexer lx = new Lexer(s);
        return lx.fieldName() && lx.atEnd();
    }

    static boolean isNumber(String s) {
        Lexer lx = new Lexer(s);
        if (lx.hexNumber() && lx.atEnd()) {
            return true;
        }
        lx = new Lexer(s);
        return lx.number() && lx.atEnd();
    }

    /** A bare string value; it must not start with \b, which the parser skips as a blank before a value. */
    static boolean isBare(String s) {
        Lexer lx = new Lexer(s);
        return lx.bare() && lx.atEnd() && s.charAt(0) != '\b';
    }

    static boolean isFieldArgBare(String s) {
        Lexer lx = new Lexer(s);
        return lx.fieldArgBare() && lx.atEnd();
    }

    /**
     * Whether a bare value after a string operator would read as a modifier and a list name instead
     * ({@code oneof\bnames}: \b is a blank to the parser but not to bare words).
     */
    static boolean readsAsModifier(String s) {
        Lexer lx = new Lexer(s);
        return lx.modifier() && lx.listFollows() && !lx.boolKeywordFollows();
    }

    static boolean startsWithBoolKeyword(String s) {
        return new Lexer(s).boolKeywordFollows();
    }
}
