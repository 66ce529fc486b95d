package dev.peregrine.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One entry of {@code plugins} that {@code load_plugins} selects (all entries when {@code load_plugins} is absent),
 * as Falco reads it.
 *
 * @param libraryPath {@code library_path} as written: a jar, or the name of a Falco plugin library
 *                    ({@code libk8saudit.so}) that Peregrine provides in Java
 * @param initConfig  {@code init_config}: a mapping is turned into its JSON text (as Falco does, for plugins with
 *                    a JSON schema), a string is kept as written; empty when absent
 * @param openParams  {@code open_params}, trimmed; empty when absent
 * @param origin      where the entry is, for error messages
 */
public record PluginConfig(String name, String libraryPath, String initConfig, String openParams, Origin origin) {

    /** The selected plugins, in {@code load_plugins} order (else file order). */
    static List<PluginConfig> selected(ConfigTree tree, Optional<List<String>> loadPlugins) {
        List<PluginConfig> all = new ArrayList<>();
        Optional<ConfigNode> plugins = tree.node("plugins").filter(n -> !n.isNull());
        if (plugins.isPresent()) {
            if (!(plugins.get() instanceof ConfigNode.Sequence seq)) {
                throw tree.error("plugins", "expected a sequence of plugin entries, got " + plugins.get().describe());
            }
            for (int i = 0; i < seq.items().size(); i++) {
                all.add(entry(seq.items().get(i), "plugins[" + i + "]"));
            }
        }
        if (loadPlugins.isEmpty()) {
            return List.copyOf(all);
        }
        List<PluginConfig> out = new ArrayList<>();
        for (String name : loadPlugins.get()) {
            PluginConfig found = all.stream().filter(p -> p.name.equals(name)).findFirst().orElse(null);
            if (found == null) {
                throw tree.error("load_plugins", "Cannot load plugin '" + name
                        + "': plugin config not found for given name");
            }
            out.add(found);
        }
        return List.copyOf(out);
    }

    private static PluginConfig entry(ConfigNode node, String key) {
        if (!(node instanceof ConfigNode.Mapping m)) {
            throw ConfigException.at(node.origin(), key, "expected a mapping with name and library_path, got "
                    + node.describe());
        }
        String name = text(m, key, "name", true);
        String library = text(m, key, "library_path", true);
        ConfigNode init = m.get("init_config");
        String initConfig = init == null || init.isNull() ? ""
                : init instanceof ConfigNode.Scalar s ? s.text() : JsonText.of(init);
        String openParams = text(m, key, "open_params", false).strip();
        return new PluginConfig(name, library, initConfig, openParams, m.origin());
    }

    private static String text(ConfigNode.Mapping m, String key, String field, boolean required) {
        ConfigNode v = m.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw ConfigException.at(m.origin(), key, "a plugin entry needs '" + field + "'");
            }
            return "";
        }
        if (!(v instanceof ConfigNode.Scalar s)) {
            throw ConfigException.at(v.origin(), key + "." + field, "expected a string, got " + v.describe());
        }
        return s.text();
    }
}
