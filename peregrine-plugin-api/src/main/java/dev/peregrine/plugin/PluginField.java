package dev.peregrine.plugin;

import java.util.Objects;
import java.util.Set;

/**
 * A field a plugin extracts, as Falco's plugin field descriptions have them.
 *
 * @param name        the field's name ({@code ka.user.name}), which must contain a dot
 * @param type        its values' type
 * @param list        whether a value is a list of items (compared with in, intersects and exists)
 * @param arg         whether it takes an argument in brackets, and what kind
 * @param argRequired whether the argument must be given
 * @param display     a short human name, or empty
 * @param description one line for field listings
 * @param properties  Falco's field properties ("hidden", "info", "conversation"), possibly empty
 */
public record PluginField(String name, Type type, boolean list, Arg arg, boolean argRequired, String display,
                          String description, Set<String> properties) {
    public PluginField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(arg, "arg");
        if (arg == Arg.NONE && argRequired) {
            throw new IllegalArgumentException("field " + name + " requires an argument but takes none");
        }
        display = display == null ? "" : display;
        description = description == null ? "" : description;
        properties = properties == null ? Set.of() : Set.copyOf(properties);
    }

    /** A string field without argument. */
    public static PluginField text(String name, String description) {
        return new PluginField(name, Type.STRING, false, Arg.NONE, false, "", description, Set.of());
    }

    /** The same field with another argument kind. */
    public PluginField withArg(Arg kind, boolean required) {
        return new PluginField(name, type, list, kind, required, display, description, properties);
    }

    /** The same field as a list. */
    public PluginField asList() {
        return new PluginField(name, type, true, arg, argRequired, display, description, properties);
    }

    /** Falco's plugin field types. */
    public enum Type { STRING, UINT64, BOOL, RELTIME, ABSTIME, IPADDR, IPNET }

    /** A field's argument: none, a numeric index ({@code [0]}) or a key ({@code [/path]}). */
    public enum Arg { NONE, INDEX, KEY }
}
