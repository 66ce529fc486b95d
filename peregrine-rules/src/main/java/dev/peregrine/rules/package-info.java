/**
 * Falco rules files: {@link dev.peregrine.rules.RulesLoader} reads lists, macros and rules (with appends,
 * overrides, exceptions and the required versions), expands lists and macros on the condition syntax tree, and
 * compiles each rule into a {@link dev.peregrine.filter.eval.Filter} and an output format. Problems come back in
 * a {@link dev.peregrine.rules.LoadResult} with Falco's codes ({@link dev.peregrine.rules.LoadCode}), the file,
 * the line and the item.
 */
package dev.peregrine.rules;
