package dev.peregrine.plugins;

import dev.peregrine.config.PluginConfig;
import dev.peregrine.plugin.EventParsing;
import dev.peregrine.plugin.EventSourcing;
import dev.peregrine.plugin.FieldExtraction;
import dev.peregrine.plugin.Plugin;
import dev.peregrine.plugin.PluginException;
import dev.peregrine.plugin.PluginField;
import dev.peregrine.plugin.PluginInfo;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One configured plugin, loaded but not initialised: its description and capabilities (read from an instance
 * that is never initialised, as Falco reads a plugin's static information), and the making of initialised
 * instances, one per event source that uses it.
 */
public final class LoadedPlugin {
    private final PluginConfig config;
    private final PluginLibraries.Library library;
    private final Plugin prototype;
    private final PluginInfo info;

    LoadedPlugin(PluginConfig config, PluginLibraries.Library library) throws PluginSetupException {
        this.config = config;
        this.library = library;
        try {
            this.prototype = library.provider().get();
            this.info = prototype.info();
        } catch (RuntimeException | java.util.ServiceConfigurationError e) {
            throw new PluginSetupException("cannot load plugin '" + config.name() + "': " + e);
        }
    }

    public PluginConfig config() {
        return config;
    }

    public PluginInfo info() {
        return info;
    }

    public String name() {
        return info.name();
    }

    public String version() {
        return info.version();
    }

    /** Where the plugin's code came from, for the log. */
    public String origin() {
        return library.origin();
    }

    public boolean sourcing() {
        return prototype instanceof EventSourcing;
    }

    public boolean extraction() {
        return prototype instanceof FieldExtraction;
    }

    public boolean parsing() {
        return prototype instanceof EventParsing;
    }

    /** The plugin's event source id (0 without the sourcing capability). */
    public int id() {
        return prototype instanceof EventSourcing s ? s.id() : 0;
    }

    /** The plugin's event source, or null without the sourcing capability. */
    public String eventSource() {
        return prototype instanceof EventSourcing s ? s.eventSource() : null;
    }

    public List<PluginField> fields() {
        return prototype instanceof FieldExtraction e ? List.copyOf(e.fields()) : List.of();
    }

    public String initSchema() {
        return prototype.initSchema();
    }

    /** Whether its fields are read from events of {@code source} (libsinsp's rule: a plugin's own source always). */
    public boolean extractsFrom(String source) {
        return prototype instanceof FieldExtraction e && compatible(e.extractEventSources(), source);
    }

    /** Whether it parses events of {@code source}. */
    public boolean parses(String source) {
        return prototype instanceof EventParsing p && compatible(p.parseEventSources(), source);
    }

    private boolean compatible(Set<String> declared, String source) {
        Set<String> sources = new HashSet<>(declared);
        if (sourcing()) {
            sources.add(eventSource());
        }
        return sources.isEmpty() || sources.contains(source);
    }

    /** A new instance, its init configuration checked against its schema, initialised. */
    Plugin newInstance() throws PluginSetupException {
        Plugin p;
        try {
            p = library.provider().get();
        } catch (RuntimeException | java.util.ServiceConfigurationError e) {
            throw new PluginSetupException("cannot create plugin '" + name() + "': " + e);
        }
        String checked = InitConfigs.check(name(), p.initSchema(), config.initConfig());
        try {
            p.init(checked);
        } catch (PluginException e) {
            throw new PluginSetupException("cannot initialize plugin '" + name() + "': " + e.getMessage());
        } catch (RuntimeException e) {
            throw new PluginSetupException("cannot initialize plugin '" + name() + "': " + e);
        }
        return p;
    }
}
