package dev.peregrine.filter.eval;

import dev.peregrine.fields.Extractor;
import dev.peregrine.fields.FieldDef;
import dev.peregrine.fields.FieldRegistry;

import java.util.List;

/**
 * A field reference resolved against the registry: the field, its argument, the transformers applied to it
 * (outermost first), and the kind its values compare as (after transformers: {@code len()} makes a number).
 * A multi-argument transformer ({@code join}, {@code concat}, {@code getopt}) is bound as a synthetic field whose
 * extractor is a {@link MultiValue}; {@code list} is true when its value is a list of strings (getopt without
 * {@code [opt]}), which compares only with {@code in}, {@code intersects} and {@code exists}.
 */
public record BoundField(String text, FieldDef def, String argument, List<String> transformers, ValueKind kind,
                         boolean list) {

    private static final java.util.Set<String> ANCESTOR_FIELDS = java.util.Set.of("proc.aname", "proc.apid",
            "proc.aexe", "proc.aexepath", "proc.acmdline", "proc.aenv");

    /**
     * True for an ancestor field without an index (proc.aname = bash): in conditions it matches when any ancestor,
     * from the parent up, has the value (libsinsp), not the process itself.
     */
    public boolean anyAncestor() {
        return argument == null && ANCESTOR_FIELDS.contains(def.name());
    }

    /** The same field compared as another kind (an address field compared with networks). */
    public BoundField withKind(ValueKind k) {
        return new BoundField(text, def, argument, transformers, k, list);
    }

    /** The same field at one ancestor depth (1 = parent). */
    public BoundField atDepth(int depth) {
        return new BoundField(text + "[" + depth + "]", def, Integer.toString(depth), transformers, kind, list);
    }

    /** A new extractor for one evaluator (extractors may keep per-use state, e.g. evt.deltatime). */
    public Extractor newExtractor() {
        return def.factory().create(argument);
    }

    static BoundField bind(FieldRegistry registry, String name, String argument, List<String> transformers,
                           String text) {
        FieldRegistry.Reference ref = registry.parse(argument == null ? name : name + "[" + argument + "]", 0);
        boolean list = ref.field().list();
        // a list's items compare as text, whatever their type (libsinsp compares list items by their bytes)
        ValueKind kind = list ? ValueKind.TEXT : ValueKind.of(ref.field().type());
        for (int i = transformers.size() - 1; i >= 0; i--) {
            String t = transformers.get(i);
            if (!t.equals("len") && kind != ValueKind.TEXT && kind != ValueKind.BYTES) {
                throw new IllegalArgumentException("transformer " + t + "() needs a string field, "
                        + ref.field().name() + " is " + ref.field().type());
            }
            kind = switch (t) {
                case "len" -> ValueKind.UNSIGNED;
                case "tolower", "toupper", "b64", "basename" -> ValueKind.TEXT;
                // libsinsp: "unknown field transfomer" (they are not single-argument transformers)
                case "join", "concat", "getopt" -> throw new IllegalArgumentException(t
                        + "() is not a single-argument transformer: it needs several arguments");
                default -> throw new IllegalArgumentException("unknown transformer '" + t + "'");
            };
        }
        return new BoundField(text, ref.field(), ref.argument(), List.copyOf(transformers), kind, list);
    }

    /**
     * A multi-argument transformer's result as a field: {@code def} builds its {@link MultiValue}; {@code list} says
     * whether the result is a list. Transformers over a list apply to each item (libsinsp); {@code len()} of a list
     * is not supported yet (libsinsp types it as the item count but computes the first item's length).
     */
    static BoundField computed(FieldDef def, boolean list, List<String> transformers, String text) {
        ValueKind kind = ValueKind.TEXT;
        for (int i = transformers.size() - 1; i >= 0; i--) {
            String t = transformers.get(i);
            if (kind != ValueKind.TEXT) {
                throw new IllegalArgumentException("transformer " + t + "() needs a string, " + def.name()
                        + " gives a number after " + transformers.subList(i + 1, transformers.size()));
            }
            if (list && t.equals("len")) {
                throw new IllegalArgumentException("len() of the list given by " + def.name()
                        + " is not supported yet");
            }
            kind = switch (t) {
                case "len" -> ValueKind.UNSIGNED;
                case "tolower", "toupper", "b64", "basename" -> ValueKind.TEXT;
                default -> throw new IllegalArgumentException("unknown transformer '" + t + "'");
            };
        }
        return new BoundField(text, def, null, List.copyOf(transformers), kind, list);
    }
}
