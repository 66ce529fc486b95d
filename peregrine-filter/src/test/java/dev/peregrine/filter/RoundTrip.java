package dev.peregrine.filter;

/** Parse, print, parse again: the checks every valid condition must pass. */
final class RoundTrip {
    private RoundTrip() {
    }

    /** Null if the condition parses and print/parse gives the same tree, else what went wrong. */
    static String check(String condition) {
        Expr first;
        try {
            first = FilterParser.parse(condition);
        } catch (FilterSyntaxException e) {
            return e.getMessage();
        }
        String printed = FilterPrinter.print(first);
        Expr second;
        try {
            second = FilterParser.parse(printed);
        } catch (FilterSyntaxException e) {
            return "printed text does not parse: " + e.getMessage() + "\n  original: " + condition;
        }
        if (!second.equals(first)) {
            return "printed text parses differently: " + printed + "\n  original: " + condition;
        }
        if (!FilterPrinter.print(second).equals(printed)) {
            return "printing is not stable: " + printed;
        }
        return null;
    }

    /** The parse error's reason, or null if the condition parses. */
    static String parseError(String condition) {
        try {
            FilterParser.parse(condition);
            return null;
        } catch (FilterSyntaxException e) {
            return e.reason();
        }
    }
}
