package dev.peregrine.plugins;

import dev.peregrine.fields.EventContext;
import dev.peregrine.fields.FieldValue;
import dev.peregrine.fields.ListExtractor;
import dev.peregrine.fields.TextBuffer;
import dev.peregrine.fields.TextList;
import dev.peregrine.plugin.FieldExtractor;
import dev.peregrine.plugin.PluginField;

import java.util.function.Consumer;

/**
 * One use of a plugin field as Peregrine's extractor: asks the plugin's extractor for the values of the current
 * event and hands them to conditions (one value, or the items of a list) and outputs ({@code (a,b)} for lists).
 * A plugin that throws gives no value; the first failure is reported.
 */
final class PluginFieldExtractor implements ListExtractor {
    private final PluginField field;
    private final FieldExtractor extractor;
    private final PluginEventView event;
    private final boolean pluginEventsOnly;
    private final FieldValues values;
    private final Consumer<String> problems;
    private boolean reported;

    /**
     * @param pluginEventsOnly whether the field reads plugin events only (as libsinsp's extract event codes of a
     *                         plugin that is not compatible with the syscall source)
     */
    PluginFieldExtractor(PluginField field, FieldExtractor extractor, PluginEventView event, boolean pluginEventsOnly,
                         Consumer<String> problems) {
        this.field = field;
        this.extractor = extractor;
        this.event = event;
        this.pluginEventsOnly = pluginEventsOnly;
        this.values = new FieldValues(field.type());
        this.problems = problems;
    }

    /** Asks the plugin for the event's values; returns how many it gave. */
    private int run(EventContext ctx) {
        values.clear();
        PluginEventView e = event.at(ctx);
        if (pluginEventsOnly && !e.isPluginEvent()) {
            return 0;
        }
        try {
            extractor.extract(e, values);
        } catch (RuntimeException ex) {
            values.clear();
            if (!reported) {
                reported = true;
                problems.accept("field " + field.name() + ": the plugin failed on event " + ctx.num() + " ("
                        + ex + "); such events give the field no value");
            }
        }
        return values.count();
    }

    @Override
    public boolean print(EventContext ctx, TextBuffer out) {
        if (run(ctx) == 0) {
            return false;
        }
        if (!field.list()) {
            out.append(values.items.buffer(), 0, values.items.end(0));
            return true;
        }
        out.append('(');
        for (int i = 0; i < values.count(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(values.items.buffer(), values.items.start(i), values.items.end(i));
        }
        out.append(')');
        return true;
    }

    @Override
    public boolean extract(EventContext ctx, FieldValue out) {
        out.reset();
        if (run(ctx) == 0) {
            return false;
        }
        if (values.numeric()) {
            out.setNumber(values.firstNumber);
        }
        out.text.append(values.items.buffer(), 0, values.items.end(0));
        return true;
    }

    @Override
    public boolean extractItems(EventContext ctx, TextList out) {
        out.clear();
        int n = run(ctx);
        for (int i = 0; i < n; i++) {
            out.add(values.items, i);
        }
        return n > 0;
    }
}
