package dev.peregrine.filter;

/**
 * A boolean condition: the root of a parsed filter. {@code or} binds loosest, then {@code and}, then
 * {@code not}; checks, macro names and parentheses bind tightest. Parentheses leave no node of their own.
 */
public sealed interface Expr permits Or, And, Not, Check, Identifier {
    /** Where the node starts (never part of equality, see {@link Pos}). */
    Pos pos();
}
