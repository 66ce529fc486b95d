package dev.peregrine.filter;

/**
 * Where a node or an error starts in the condition text: a 0-based offset (in Java chars) and a 1-based line
 * and column, counted the way libsinsp counts them (every {@code '\r'} and every {@code '\n'} starts a new line,
 * so a CRLF counts as two).
 *
 * <p>A position says where something was written, not what it means, so every {@code Pos} equals every other
 * {@code Pos}: syntax trees parsed from differently laid-out text compare equal. Use {@link #sameAs} to compare
 * the coordinates themselves.
 */
public record Pos(int offset, int line, int column) {
    /** The position of nodes built by hand rather than parsed. */
    public static final Pos UNKNOWN = new Pos(-1, 0, 0);

    /** Whether both positions have the same offset, line and column. */
    public boolean sameAs(Pos other) {
        return other != null && offset == other.offset && line == other.line && column == other.column;
    }

    /** Always true for another Pos: positions never take part in syntax tree equality. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Pos;
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return this == UNKNOWN ? "unknown position" : "line " + line + ", column " + column;
    }
}
