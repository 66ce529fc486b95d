package dev.peregrine.filter.eval;

import dev.peregrine.fields.EventContext;
import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.filter.Expr;
import dev.peregrine.filter.FilterParser;

import java.util.BitSet;

/**
 * A filter expression made ready to run: parsed, checked, optimised and compiled, with the event types it can
 * match (so callers can skip the others without evaluating it).
 */
public final class Filter {
    private final String source;
    private final Condition condition;
    private final Predicate predicate;
    private final BitSet eventTypes;
    private final BitSet genericSyscalls;

    private Filter(String source, Condition condition) {
        this.source = source;
        this.condition = condition;
        this.predicate = Compiler.compile(condition);
        this.eventTypes = EventTypes.of(condition);
        this.genericSyscalls = EventTypes.syscallsOf(condition);
    }

    /**
     * Compiles a filter.
     *
     * @throws dev.peregrine.filter.FilterSyntaxException for a syntax error
     * @throws FilterCheckException                       for an unknown field, a bad value or a misused operator
     */
    public static Filter compile(String source, FieldRegistry registry) {
        Expr expr = FilterParser.parse(source);
        return new Filter(source, Binder.bind(expr, source, registry));
    }

    /**
     * Makes a filter from a condition already checked by {@link Binder} (for callers that build the syntax tree
     * themselves, such as the rules loader expanding macros and lists).
     */
    public static Filter of(String source, Condition condition) {
        return new Filter(source, condition);
    }

    public boolean matches(EventContext ctx) {
        int type = ctx.event().type();
        return eventTypes.get(type) && predicate.test(ctx);
    }

    public String source() {
        return source;
    }

    public Condition condition() {
        return condition;
    }

    /** The event types the filter can match (Falco's event-type index). */
    public BitSet eventTypes() {
        return (BitSet) eventTypes.clone();
    }

    /** The syscalls whose generic events the filter can match (an index for generic events, by syscall id). */
    public BitSet genericSyscalls() {
        return (BitSet) genericSyscalls.clone();
    }

    /** A plain evaluator of the same condition, for testing the compiled form against. */
    public Interpreter interpreter() {
        return new Interpreter(condition);
    }
}
