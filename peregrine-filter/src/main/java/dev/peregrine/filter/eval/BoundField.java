package dev.peregrine.filter.eval;

import dev.peregrine.fields.Extractor;
import dev.peregrine.fields.FieldDef;
import dev.peregrine.fields.FieldRegistry;

import java.util.List;

/**
 * A field reference resolved against the registry: the field, its argument, the transformers applied to it
 * (outermost first), and the kind its values compare as (after transformers: {@code len()} makes a number).
 */
public record BoundField(String text, FieldDef def, String argument, List<String> transformers, ValueKind kind) {

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
        return new BoundField(text, def, argument, transformers, k);
    }

    /** The same field at one ancestor depth (1 = parent). */
    public BoundField atDepth(int depth) {
        return new BoundField(text + "[" + depth + "]", def, Integer.toString(depth), transformers, kind);
    }

    /** A new extractor for one evaluator (extractors may keep per-use state, e.g. evt.deltatime). */
    public Extractor newExtractor() {
        return def.factory().create(argument);
    }

    static BoundField bind(FieldRegistry registry, String name, String argument, List<String> transformers,
                           String text) {
        FieldRegistry.Reference ref = registry.parse(argument == null ? name : name + "[" + argument + "]", 0);
        ValueKind kind = ValueKind.of(ref.field().type());
        for (int i = transformers.size() - 1; i >= 0; i--) {
            String t = transformers.get(i);
            if (!t.equals("len") && kind != ValueKind.TEXT && kind != ValueKind.BYTES) {
                throw new IllegalArgumentException("transformer " + t + "() needs a string field, "
                        + ref.field().name() + " is " + ref.field().type());
            }
            kind = switch (t) {
                case "len" -> ValueKind.UNSIGNED;
                case "tolower", "toupper", "b64", "basename", "join", "concat" -> ValueKind.TEXT;
                default -> throw new IllegalArgumentException("unknown transformer '" + t + "'");
            };
        }
        return new BoundField(text, ref.field(), ref.argument(), List.copyOf(transformers), kind);
    }
}
