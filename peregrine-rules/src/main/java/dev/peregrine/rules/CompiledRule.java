package dev.peregrine.rules;

import dev.peregrine.fields.OutputFormat;
import dev.peregrine.filter.Expr;
import dev.peregrine.filter.eval.Filter;

import java.util.List;

/**
 * A rule ready to run.
 *
 * @param condition the condition with macros, lists and exceptions expanded (what {@link #filter} was built from)
 * @param filter    the compiled condition
 * @param format    the compiled output format
 */
public record CompiledRule(String name, String description, String output, Priority priority, boolean enabled,
                           List<String> tags, String source, Expr condition, Filter filter, OutputFormat format,
                           String file, int line) {
    public CompiledRule {
        tags = List.copyOf(tags);
    }
}
