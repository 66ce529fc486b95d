package dev.peregrine.fields;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Every known field by name, and the parsing of field references ({@code proc.aname[2]}, {@code evt.arg.fd}). */
public final class FieldRegistry {
    private final Map<String, FieldDef> byName = new HashMap<>();
    private final List<FieldDef> ordered = new ArrayList<>();
    private int longestName;

    /** The registry of all syscall-source fields. */
    public static FieldRegistry standard() {
        FieldRegistry r = new FieldRegistry();
        EventFields.register(r);
        ProcessFields.register(r);
        UserFields.register(r);
        FdFields.register(r);
        FsPathFields.register(r);
        FdListFields.register(r);
        ContainerFields.register(r);
        ContainerFields.registerK8s(r);
        return r;
    }

    public void add(FieldDef def) {
        if (byName.putIfAbsent(def.name(), def) != null) {
            throw new IllegalStateException("field registered twice: " + def.name());
        }
        ordered.add(def);
        longestName = Math.max(longestName, def.name().length());
    }

    public FieldDef get(String name) {
        return byName.get(name);
    }

    public List<FieldDef> all() {
        return Collections.unmodifiableList(ordered);
    }

    /** A parsed field reference: the field, its argument (or null) and where the reference ends. */
    public record Reference(FieldDef field, String argument, int end) {
        public Extractor extractor() {
            return field.factory().create(argument);
        }
    }

    /**
     * Parses the field reference starting at {@code start}: the longest known field name there, then an argument
     * in brackets or (for fields that take one) after a dot.
     *
     * @throws IllegalArgumentException naming the position for an unknown field or a bad argument
     */
    public Reference parse(String text, int start) {
        int end = start;
        while (end < text.length() && isNameChar(text.charAt(end))) {
            end++;
        }
        String token = text.substring(start, end);
        FieldDef best = null;
        for (int len = Math.min(token.length(), longestName); len > 0 && best == null; len--) {
            FieldDef d = byName.get(token.substring(0, len));
            if (d != null && (len == token.length() || token.charAt(len) == '.' && d.arg() != FieldDef.Arg.NONE)) {
                best = d;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("unknown field '" + token + "' at position " + start);
        }
        int pos = start + best.name().length();
        String arg = null;
        if (pos < text.length() && text.charAt(pos) == '.' && best.arg() != FieldDef.Arg.NONE) {
            arg = text.substring(pos + 1, end);
            pos = end;
        } else if (pos < text.length() && text.charAt(pos) == '[') {
            int close = text.indexOf(']', pos);
            if (close < 0) {
                throw new IllegalArgumentException("missing ']' after field " + best.name() + " at position " + pos);
            }
            if (best.arg() == FieldDef.Arg.NONE) {
                throw new IllegalArgumentException("field " + best.name() + " takes no argument (position " + pos + ")");
            }
            arg = text.substring(pos + 1, close);
            pos = close + 1;
        }
        if (arg == null && best.arg() == FieldDef.Arg.REQUIRED) {
            throw new IllegalArgumentException("field " + best.name() + " needs an argument (position " + start + ")");
        }
        return new Reference(best, arg, pos);
    }

    static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_';
    }
}
