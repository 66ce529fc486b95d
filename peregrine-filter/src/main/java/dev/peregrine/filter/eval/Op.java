package dev.peregrine.filter.eval;

/** Comparison operators of the condition language. */
public enum Op {
    EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), CONTAINS("contains"), ICONTAINS("icontains"),
    BCONTAINS("bcontains"), STARTSWITH("startswith"), BSTARTSWITH("bstartswith"), ENDSWITH("endswith"),
    GLOB("glob"), IGLOB("iglob"), REGEX("regex"), IN("in"), INTERSECTS("intersects"), PMATCH("pmatch"),
    EXISTS("exists");

    public final String text;

    Op(String text) {
        this.text = text;
    }

    /** The operator for its text ("==" is "="), or null. */
    public static Op of(String text) {
        if (text.equals("==")) {
            return EQ;
        }
        for (Op o : values()) {
            if (o.text.equals(text)) {
                return o;
            }
        }
        return null;
    }

    /** Operators whose right-hand side is a list of values. */
    public boolean takesList() {
        return this == IN || this == INTERSECTS || this == PMATCH;
    }
}
