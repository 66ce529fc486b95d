package dev.peregrine.filter;

/**
 * Something that extracts values from an event: a field, with any single-argument transformers folded into it
 * ({@link FieldRef}), or a transformer call that cannot be folded ({@link TransformerCall}).
 */
public sealed interface FieldExpr extends TransformerArg permits FieldRef, TransformerCall {
}
