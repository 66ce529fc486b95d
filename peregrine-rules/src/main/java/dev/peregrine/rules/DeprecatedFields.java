package dev.peregrine.rules;

import dev.peregrine.filter.And;
import dev.peregrine.filter.Check;
import dev.peregrine.filter.Expr;
import dev.peregrine.filter.FieldOperand;
import dev.peregrine.filter.FieldRef;
import dev.peregrine.filter.Identifier;
import dev.peregrine.filter.Not;
import dev.peregrine.filter.Or;
import dev.peregrine.filter.TransformerArg;
import dev.peregrine.filter.TransformerCall;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Fields current Falco warns about (LOAD_DEPRECATED_ITEM) because its drivers no longer send enter events: a rule
 * whose condition or output uses one still loads, with a warning per field.
 */
final class DeprecatedFields {
    private static final String LATENCY = "field is not available due to the drop of enter events.";

    /** Field to Falco's explanation, in Falco's order. */
    static final Map<String, String> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("evt.dir", "due to the drop of enter events, 'evt.dir = <' always evaluates to true, and "
                + "'evt.dir = >' always evaluates to false. The rule expression can be simplified by removing the "
                + "condition on 'evt.dir'");
        FIELDS.put("evt.latency", LATENCY);
        FIELDS.put("evt.latency.s", LATENCY);
        FIELDS.put("evt.latency.ns", LATENCY);
        FIELDS.put("evt.latency.human", LATENCY);
        FIELDS.put("evt.wait_latency", LATENCY);
    }

    private DeprecatedFields() {
    }

    /** The deprecated fields a condition uses, in Falco's order. */
    static Set<String> inCondition(Expr e) {
        Set<String> found = new TreeSet<>((a, b) -> order(a) - order(b));
        walk(e, found);
        return found;
    }

    /** The deprecated fields an output names (Falco looks for the names as text). */
    static Set<String> inOutput(String output) {
        Set<String> found = new TreeSet<>((a, b) -> order(a) - order(b));
        for (String f : FIELDS.keySet()) {
            if (output.contains(f)) {
                found.add(f);
            }
        }
        return found;
    }

    private static int order(String f) {
        int i = 0;
        for (String k : FIELDS.keySet()) {
            if (k.equals(f)) {
                return i;
            }
            i++;
        }
        return i;
    }

    private static void walk(Expr e, Set<String> found) {
        switch (e) {
            case And a -> a.children().forEach(c -> walk(c, found));
            case Or o -> o.children().forEach(c -> walk(c, found));
            case Not n -> walk(n.child(), found);
            case Identifier i -> { }
            case Check c -> {
                field(c.field(), found);
                if (c.value() instanceof FieldOperand f) {
                    field(f.field(), found);
                }
            }
        }
    }

    private static void field(TransformerArg f, Set<String> found) {
        switch (f) {
            case FieldRef r -> {
                if (FIELDS.containsKey(r.name())) {
                    found.add(r.name());
                }
            }
            case TransformerCall t -> t.args().forEach(a -> field(a, found));
            default -> { }
        }
    }
}
