package dev.peregrine.fields;

/**
 * A field that can be used in formats and (later) conditions.
 *
 * @param arg     whether the field takes an argument ({@code proc.aname[2]}, {@code evt.arg.name})
 * @param factory builds the extractor for one use, given the argument (or null)
 */
public record FieldDef(String name, FieldType type, String description, Arg arg, Factory factory) {

    public enum Arg { NONE, OPTIONAL, REQUIRED }

    @FunctionalInterface
    public interface Factory {
        /** Builds an extractor; throws IllegalArgumentException with a clear message for a bad argument. */
        Extractor create(String argument);
    }
}
