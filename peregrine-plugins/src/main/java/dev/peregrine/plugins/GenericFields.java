package dev.peregrine.plugins;

import dev.peregrine.fields.FieldDef;
import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.fields.FieldType;
import dev.peregrine.plugin.EventSourcing;

import java.util.List;

/**
 * The evt.* fields a plugin source has (libsinsp's sinsp_filter_check_gen_event): numbering and times as for any
 * event, and the source, the plugin's name and its text of the event.
 */
final class GenericFields {
    /** The generic fields the syscall source's registry has too, read the same way on plugin events. */
    private static final List<String> SHARED = List.of("evt.num", "evt.time", "evt.time.s", "evt.time.iso8601",
            "evt.datetime", "evt.datetime.s", "evt.rawtime", "evt.rawtime.s", "evt.rawtime.ns", "evt.reltime",
            "evt.reltime.s", "evt.reltime.ns", "evt.is_async", "evt.asynctype", "evt.hostname");

    private GenericFields() {
    }

    static FieldRegistry registry(String source, String pluginName, EventSourcing plugin, PluginEventView event) {
        FieldRegistry standard = FieldRegistry.standard();
        FieldRegistry r = new FieldRegistry();
        for (String name : SHARED) {
            r.add(standard.get(name));
        }
        r.add(new FieldDef("evt.pluginname", FieldType.CHARBUF, "the name of the plugin that generated the event.",
                FieldDef.Arg.NONE, a -> (ctx, out) -> {
                    if (!event.at(ctx).isPluginEvent()) {
                        return false;
                    }
                    out.append(pluginName);
                    return true;
                }));
        r.add(new FieldDef("evt.plugininfo", FieldType.CHARBUF, "a summary of the event as its plugin writes it.",
                FieldDef.Arg.NONE, a -> (ctx, out) -> {
                    if (!event.at(ctx).isPluginEvent()) {
                        return false;
                    }
                    out.append(plugin.eventToString(event));
                    return true;
                }));
        r.add(new FieldDef("evt.source", FieldType.CHARBUF, "the name of the event's source ('" + source + "').",
                FieldDef.Arg.NONE, a -> (ctx, out) -> {
                    out.append(source);
                    return true;
                }));
        return r;
    }
}
