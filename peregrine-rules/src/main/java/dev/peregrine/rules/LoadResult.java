package dev.peregrine.rules;

import java.util.List;
import java.util.Map;

/**
 * What a load produced: the compiled rules (empty when there were errors), the errors and warnings in the order
 * they were found, and the requirements the files declared.
 *
 * @param requiredEngineVersion the highest required_engine_version seen, or null
 * @param requiredPlugins       plugin name to the versions required for it (alternatives included), in file order
 * @param pluginRequirements    each required_plugin_versions entry as a group: one of its plugins must be loaded
 *                              at a compatible version
 */
public record LoadResult(List<CompiledRule> rules, List<LoadMessage> messages, String requiredEngineVersion,
                         Map<String, List<String>> requiredPlugins, List<List<PluginRequirement>> pluginRequirements) {
    public LoadResult {
        rules = List.copyOf(rules);
        messages = List.copyOf(messages);
        requiredPlugins = Map.copyOf(requiredPlugins);
        pluginRequirements = pluginRequirements.stream().map(List::copyOf).toList();
    }

    public boolean successful() {
        return errors().isEmpty();
    }

    public List<LoadMessage> errors() {
        return messages.stream().filter(LoadMessage::isError).toList();
    }

    public List<LoadMessage> warnings() {
        return messages.stream().filter(m -> !m.isError()).toList();
    }

    public CompiledRule rule(String name) {
        for (CompiledRule r : rules) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }
}
