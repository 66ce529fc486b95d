package dev.peregrine.plugins;

import dev.peregrine.fields.FieldRegistry;
import dev.peregrine.inspector.EventHook;
import dev.peregrine.plugin.EventParsing;
import dev.peregrine.plugin.EventSourcing;
import dev.peregrine.plugin.FieldExtraction;
import dev.peregrine.plugin.Plugin;
import dev.peregrine.plugin.PluginException;
import dev.peregrine.plugin.PluginField;
import dev.peregrine.plugin.SourceHost;
import dev.peregrine.plugin.SourceInstance;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The plugins of one event source (Falco's inspector of that source): initialised instances of its own, the
 * source's fields (the syscall fields or the generic evt.* ones, plus every compatible plugin's), the parsers that
 * see its events, and, for a plugin source, the opening of its events.
 */
public final class SourcePlugins implements AutoCloseable {
    private final String source;
    private final Map<LoadedPlugin, Plugin> instances;
    private final LoadedPlugin sourcing;
    private final FieldRegistry fields;
    private final EventHook parsers;
    private final boolean extendsSyscallFields;

    private SourcePlugins(String source, Map<LoadedPlugin, Plugin> instances, LoadedPlugin sourcing,
                          FieldRegistry fields, EventHook parsers, boolean extendsSyscallFields) {
        this.source = source;
        this.instances = instances;
        this.sourcing = sourcing;
        this.fields = fields;
        this.parsers = parsers;
        this.extendsSyscallFields = extendsSyscallFields;
    }

    static SourcePlugins create(String source, Plugins plugins, Consumer<String> log) throws PluginSetupException {
        LoadedPlugin sourcing = plugins.sourceOf(source);
        Map<LoadedPlugin, Plugin> instances = new IdentityHashMap<>();
        try {
            for (LoadedPlugin p : plugins.all()) {
                boolean input = p == sourcing;
                if (input || p.extractsFrom(source) || p.parses(source)) {
                    instances.put(p, p.newInstance());
                }
            }
            PluginEventView event = new PluginEventView(source);
            boolean extendsSyscall = sourcing == null && plugins.all().stream()
                    .anyMatch(p -> instances.containsKey(p) && p.extractsFrom(source));
            // the syscall source without plugin fields is left to the caller's (background-built) registry
            FieldRegistry fields = sourcing != null
                    ? GenericFields.registry(source, sourcing.name(), (EventSourcing) instances.get(sourcing), event)
                    : extendsSyscall ? FieldRegistry.standard() : null;
            Consumer<String> problems = m -> log.accept("Plugin field on source '" + source + "': " + m);
            // plugins of the syscall source read every event (libsinsp's extract event codes for plugins
            // compatible with it); on a plugin source, its plugin events
            boolean pluginEventsOnly = sourcing != null;
            for (LoadedPlugin p : plugins.all()) {
                Plugin instance = instances.get(p);
                if (instance == null || !p.extractsFrom(source)) {
                    continue;
                }
                List<PluginField> list = ((FieldExtraction) instance).fields();
                for (int i = 0; i < list.size(); i++) {
                    PluginField f = list.get(i);
                    if (fields.get(f.name()) != null) {
                        throw new PluginSetupException("Plugin '" + p.name() + "' supports extraction of field '"
                                + f.name() + "' that is overlapping for source '" + source + "'");
                    }
                    fields.add(PluginFieldDefs.of(p.name(), (FieldExtraction) instance, i, f, event,
                            pluginEventsOnly, problems));
                }
            }
            List<EventParsing> parsing = new ArrayList<>();
            for (LoadedPlugin p : plugins.all()) {
                if (instances.get(p) instanceof EventParsing ep && p.parses(source)) {
                    parsing.add(ep);
                }
            }
            EventHook hook = parsing.isEmpty() ? EventHook.NONE : ctx -> {
                event.at(ctx);
                for (EventParsing ep : parsing) {
                    ep.parse(event);
                }
            };
            return new SourcePlugins(source, instances, sourcing, fields, hook, extendsSyscall);
        } catch (PluginSetupException | RuntimeException e) {
            instances.values().forEach(SourcePlugins::destroy);
            throw e;
        }
    }

    public String source() {
        return source;
    }

    /**
     * The fields rules and outputs of this source use; for the syscall source, only when plugins add to the
     * standard fields ({@link #extendsSyscallFields()}), else null.
     */
    public FieldRegistry fields() {
        return fields;
    }

    /** Whether plugins add fields to the syscall source. */
    public boolean extendsSyscallFields() {
        return extendsSyscallFields;
    }

    /** The plugins' event parsing, to run on each event of this source. */
    public EventHook parsers() {
        return parsers;
    }

    /** The plugin that sources this source's events, or null for the syscall source. */
    public LoadedPlugin sourcing() {
        return sourcing;
    }

    boolean uses(LoadedPlugin p) {
        return instances.containsKey(p);
    }

    /**
     * Opens a plugin source with its configured open_params.
     *
     * @throws PluginSetupException when the plugin cannot open it (the message names the plugin)
     */
    public PluginEventSource open(SourceHost host) throws PluginSetupException {
        if (sourcing == null) {
            throw new IllegalStateException("the syscall source is not opened by plugins");
        }
        EventSourcing s = (EventSourcing) instances.get(sourcing);
        String params = sourcing.config().openParams();
        SourceInstance instance;
        try {
            instance = s.open(params, host);
        } catch (PluginException e) {
            throw new PluginSetupException("cannot open event source '" + source + "' of plugin '" + sourcing.name()
                    + "' with open_params '" + params + "': " + e.getMessage());
        } catch (RuntimeException e) {
            throw new PluginSetupException("cannot open event source '" + source + "' of plugin '" + sourcing.name()
                    + "': " + e);
        }
        if (instance == null) {
            throw new PluginSetupException("plugin '" + sourcing.name() + "' opened no event source");
        }
        return new PluginEventSource(sourcing.name(), s.id(), instance);
    }

    /** Releases the plugins' instances. */
    @Override
    public void close() {
        instances.values().forEach(SourcePlugins::destroy);
    }

    private static void destroy(Plugin p) {
        try {
            p.destroy();
        } catch (RuntimeException e) {
            // a plugin that fails to release its resources cannot be helped at exit
        }
    }
}
