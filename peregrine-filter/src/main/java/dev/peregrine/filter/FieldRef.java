package dev.peregrine.filter;

import java.util.List;
import java.util.Objects;

/**
 * A field, optionally with an argument and wrapped in single-argument transformers:
 * {@code tolower(b64(proc.aname[2]))} is {@code FieldRef("proc.aname", "2", ["tolower", "b64"])}.
 *
 * @param name         the dotted field name, e.g. {@code proc.aname}
 * @param arg          the text between brackets, after unquoting ({@code proc.env["HOME"]} and
 *                     {@code proc.env[HOME]} both give {@code HOME}; {@code x.y[""]} gives the empty string),
 *                     or null without brackets
 * @param transformers the transformers applied to the field, outermost first
 * @param pos          where the field name starts, or for a field on the left of a check, where the check starts
 *                     (as libsinsp records it)
 */
public record FieldRef(String name, String arg, List<String> transformers, Pos pos) implements FieldExpr {
    public FieldRef {
        Objects.requireNonNull(name, "name");
        transformers = List.copyOf(transformers);
        for (String t : transformers) {
            if (!Operators.TRANSFORMERS.contains(t)) {
                throw new IllegalArgumentException("unknown transformer '" + t + "'");
            }
        }
        pos = Nodes.orUnknown(pos);
    }

    public FieldRef(String name) {
        this(name, null, List.of(), Pos.UNKNOWN);
    }

    public FieldRef(String name, String arg) {
        this(name, arg, List.of(), Pos.UNKNOWN);
    }
}
