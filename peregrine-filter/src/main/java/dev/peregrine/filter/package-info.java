/**
 * Falco's condition language: {@link dev.peregrine.filter.FilterParser} turns a rule or macro condition into a
 * syntax tree ({@link dev.peregrine.filter.Expr} and the records below it), {@link dev.peregrine.filter.FilterPrinter}
 * turns a tree back into text, and {@link dev.peregrine.filter.FilterSyntaxException} reports a condition that does
 * not parse, with libsinsp's message, its position and a caret under it.
 *
 * <p>The parser follows libsinsp's (userspace/libsinsp/filter/parser.cpp in falcosecurity/libs): it accepts and
 * rejects the same conditions, with the same messages, error positions and nesting limit (Falco's 1000), and
 * records the same node positions. Where the tree differs in shape:
 * <ul>
 *   <li>a transformer applied to exactly one field, without bracket argument, is folded into the field
 *       ({@link dev.peregrine.filter.FieldRef#transformers()}); other transformer uses stay
 *       {@link dev.peregrine.filter.TransformerCall}s;</li>
 *   <li>{@code val(f)} and transformers on the right-hand side are a {@link dev.peregrine.filter.FieldOperand};</li>
 *   <li>values remember whether they were quoted, and list items their own positions;</li>
 *   <li>an operator modifier ({@code == oneof (...)}) is its own field of {@link dev.peregrine.filter.Check}, not
 *       part of the operator string.</li>
 * </ul>
 * Two deliberate differences in what is accepted, both about inputs libsinsp never runs successfully: an invalid
 * escape in the first item of a list is an error (libsinsp swallows it and reads an empty list), and
 * {@code val(f)[arg]} is refused while parsing (libsinsp refuses it when compiling).
 *
 * <p>Nothing here depends on anything but the JDK; the trees are immutable and positions never take part in
 * their equality.
 */
package dev.peregrine.filter;
