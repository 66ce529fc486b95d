package dev.peregrine.filter.eval;

import java.util.List;

/**
 * A checked condition: what the parser's tree becomes once its fields are bound to extractors and its literals
 * parsed into the fields' types. Both evaluators (the reference {@link Interpreter} and the {@link Compiler}'s
 * predicates) run this form.
 */
public sealed interface Condition {
    record And(List<Condition> parts) implements Condition {
    }

    record Or(List<Condition> parts) implements Condition {
    }

    record Not(Condition part) implements Condition {
    }

    record Const(boolean value) implements Condition {
    }

    /**
     * True when exactly one part holds: the {@code oneof} comparison modifier ({@code proc.name = oneof (a, b)}
     * is a OneOf of {@code proc.name = a} and {@code proc.name = b}; anyof and allof become Or and And).
     */
    record OneOf(List<Condition> parts) implements Condition {
    }

    /**
     * A field compared with literals ({@code values}: one, or the list of {@code in}/{@code pmatch}/...; none for
     * {@code exists}) or with another field ({@code other}, from {@code val(...)}).
     */
    record Test(BoundField field, Op op, List<Constant> values, BoundField other) implements Condition {
    }
}
