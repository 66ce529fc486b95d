package dev.peregrine.filter;

import java.util.List;

/**
 * The operators, operator modifiers and transformers of the condition language, in the order libsinsp tries
 * them (which is also the order its error messages list them in).
 */
public final class Operators {
    private Operators() {
    }

    /** Operators without a right-hand side. */
    public static final List<String> UNARY = List.of("exists");
    /** Operators whose right-hand side is a number (or a field). */
    public static final List<String> NUMERIC = List.of("<=", "<", ">=", ">");
    /**
     * Operators whose right-hand side is a string (or a field). The word operators must be followed by a blank
     * ({@code containsx} is not {@code contains x}); the symbols need not be.
     */
    public static final List<String> STRING = List.of("==", "=", "!=", "glob", "iglob", "contains", "icontains",
            "bcontains", "startswith", "bstartswith", "endswith", "regex");
    /** Operators whose right-hand side is a list, a list name (or a field). */
    public static final List<String> LIST = List.of("intersects", "in", "pmatch");
    /** Every operator: unary, numeric, string, list. */
    public static final List<String> ALL = concat(UNARY, NUMERIC, STRING, LIST);
    /** Words that turn a string operator into a comparison with each element of a list. */
    public static final List<String> MODIFIERS = List.of("oneof", "anyof", "allof");
    /** Field transformers usable anywhere a field is. */
    public static final List<String> TRANSFORMERS = List.of("tolower", "toupper", "b64", "basename", "len",
            "join", "concat", "getopt");
    /** The identity transformer that marks a field on the right-hand side of a check. */
    public static final String VAL = "val";

    /** "'a', 'b', 'c'", as libsinsp lists alternatives in its messages. */
    static String quotedList(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append('\'').append(w).append('\'');
        }
        return sb.toString();
    }

    /** The transformers libsinsp lists in its messages: val first, then the others. */
    static List<String> transformersWithVal() {
        return concat(List.of(VAL), TRANSFORMERS);
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        java.util.ArrayList<String> all = new java.util.ArrayList<>();
        for (List<String> l : lists) {
            all.addAll(l);
        }
        return List.copyOf(all);
    }
}
