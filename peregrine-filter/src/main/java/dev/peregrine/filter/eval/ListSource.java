package dev.peregrine.filter.eval;

import dev.peregrine.fields.EventContext;

/** An extractor whose value is a list of strings ({@code getopt(...)} without {@code [opt]}). */
interface ListSource {
    /** Loads the items into {@code out} (cleared first); false when the expression has no value. */
    boolean extractItems(EventContext ctx, Items out);
}
