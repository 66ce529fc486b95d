package dev.peregrine.fields;

/**
 * A field that can be used in formats and conditions.
 *
 * @param arg     whether the field takes an argument ({@code proc.aname[2]}, {@code evt.arg.name})
 * @param factory builds the extractor for one use, given the argument (or null)
 * @param list    whether the field's value is a list of items (its extractors are {@link ListExtractor}s):
 *                conditions compare it with in, intersects and exists, outputs print {@code (a,b)}
 */
public record FieldDef(String name, FieldType type, String description, Arg arg, Factory factory, boolean list) {

    public FieldDef(String name, FieldType type, String description, Arg arg, Factory factory) {
        this(name, type, description, arg, factory, false);
    }

    public enum Arg { NONE, OPTIONAL, REQUIRED }

    @FunctionalInterface
    public interface Factory {
        /** Builds an extractor; throws IllegalArgumentException with a clear message for a bad argument. */
        Extractor create(String argument);
    }
}
