package dev.peregrine.plugins;

import dev.peregrine.config.PluginConfig;
import dev.peregrine.plugin.PluginApi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The plugins the configuration loads (Falco's load_plugins step): each found, its required API version checked,
 * its name and event source id unique. Gives the event sources they add to the syscall source, and the plugin
 * set of each source (Falco's init_inspectors).
 */
public final class Plugins {
    /** The source of the kernel's events, always there. */
    public static final String SYSCALL = "syscall";
    /**
     * Peregrine's container fields stand for Falco's container plugin (rules files require it): this is the
     * version of that plugin they answer to.
     */
    public static final String CONTAINER_PLUGIN = "container";
    public static final String CONTAINER_PLUGIN_VERSION = "0.4.0";

    private final List<LoadedPlugin> loaded;

    private Plugins(List<LoadedPlugin> loaded) {
        this.loaded = List.copyOf(loaded);
    }

    /** No plugins: the syscall source alone. */
    public static Plugins none() {
        return new Plugins(List.of());
    }

    /**
     * Loads the configured plugins, in order.
     *
     * @param log told what was loaded from where
     */
    public static Plugins load(List<PluginConfig> configs, Consumer<String> log) throws PluginSetupException {
        List<LoadedPlugin> out = new ArrayList<>();
        int[] host = SemVer.parse(PluginApi.VERSION);
        for (PluginConfig c : configs) {
            if (c.name().equals(CONTAINER_PLUGIN) && !c.libraryPath().endsWith(".jar")) {
                log.accept("Plugin '" + c.name() + "' (" + c.libraryPath() + ") is built into Peregrine: its "
                        + "container.* and k8s.* fields are always there");
                continue;
            }
            LoadedPlugin p = new LoadedPlugin(c, PluginLibraries.find(c));
            int[] required = SemVer.parse(p.info().requiredApiVersion());
            if (required == null || !SemVer.compatible(host, required)) {
                throw new PluginSetupException("plugin '" + p.name() + "' requires plugin API version "
                        + p.info().requiredApiVersion() + ", which is not compatible with Peregrine's plugin API "
                        + "version " + PluginApi.VERSION);
            }
            if (SemVer.parse(p.version()) == null) {
                throw new PluginSetupException("plugin '" + p.name() + "' has an invalid version '" + p.version()
                        + "' (expected major.minor.patch)");
            }
            if (!p.sourcing() && !p.extraction() && !p.parsing()) {
                throw new PluginSetupException("plugin '" + p.name() + "' has no capability (event sourcing, "
                        + "field extraction or event parsing)");
            }
            for (LoadedPlugin other : out) {
                if (other.name().equals(p.name())) {
                    throw new PluginSetupException("found another plugin with name " + p.name() + ". Aborting.");
                }
                if (p.sourcing() && other.sourcing() && other.id() == p.id()) {
                    throw new PluginSetupException("found another plugin with event source id " + p.id() + " ('"
                            + other.name() + "'): plugin '" + p.name() + "' cannot be loaded");
                }
            }
            if (p.sourcing() && (p.id() <= 0 || p.eventSource() == null || p.eventSource().isBlank()
                    || p.eventSource().equals(SYSCALL))) {
                throw new PluginSetupException("plugin '" + p.name() + "' has an invalid event source ("
                        + p.id() + ", '" + p.eventSource() + "'): its id must be positive and its name neither "
                        + "empty nor 'syscall'");
            }
            log.accept("Loaded plugin '" + c.name() + "@" + p.version() + "' from " + p.origin());
            out.add(p);
        }
        return new Plugins(out);
    }

    public List<LoadedPlugin> all() {
        return loaded;
    }

    /** The loaded event sources: syscall first, then the plugins' in load order, each once. */
    public List<String> sources() {
        List<String> out = new ArrayList<>(List.of(SYSCALL));
        for (LoadedPlugin p : loaded) {
            if (p.sourcing() && !out.contains(p.eventSource())) {
                out.add(p.eventSource());
            }
        }
        return out;
    }

    /** What rules files' required_plugin_versions are checked against: loaded plugins and the built-in ones. */
    public Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put(CONTAINER_PLUGIN, CONTAINER_PLUGIN_VERSION);
        for (LoadedPlugin p : loaded) {
            v.put(p.name(), p.version());
        }
        return v;
    }

    /** The first loaded plugin that sources {@code source} (Falco uses that one), or null for syscall. */
    public LoadedPlugin sourceOf(String source) {
        for (LoadedPlugin p : loaded) {
            if (p.sourcing() && source.equals(p.eventSource())) {
                return p;
            }
        }
        return null;
    }

    /**
     * Initialises the plugins of every loaded source (a source's plugins: its own, and those extracting from or
     * parsing its events), each source with instances of its own, and gives each source its fields.
     *
     * @throws PluginSetupException for an init configuration the plugin refuses, fields that overlap, or a
     *                              plugin no source uses
     */
    public Map<String, SourcePlugins> initialise(Consumer<String> log) throws PluginSetupException {
        Map<String, SourcePlugins> out = new LinkedHashMap<>();
        try {
            for (String source : sources()) {
                out.put(source, SourcePlugins.create(source, this, log));
            }
        } catch (PluginSetupException | RuntimeException e) {
            out.values().forEach(SourcePlugins::close);
            throw e;
        }
        for (LoadedPlugin p : loaded) {
            if (out.values().stream().noneMatch(s -> s.uses(p))) {
                out.values().forEach(SourcePlugins::close);
                throw new PluginSetupException("Plugin '" + p.name()
                        + "' is loaded but unused as not compatible with any known event source");
            }
        }
        return out;
    }
}
