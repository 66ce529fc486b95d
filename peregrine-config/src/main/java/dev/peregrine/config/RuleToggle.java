package dev.peregrine.config;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of {@code rules:} (Falco 0.38+): enable or disable the rules named {@code rule} (may hold wildcards)
 * or tagged {@code tag}. Entries apply in order; an empty string means "not given".
 */
public record RuleToggle(Operation operation, String rule, String tag) {

    public enum Operation {
        ENABLE, DISABLE
    }

    static List<RuleToggle> from(ConfigTree tree) {
        ConfigNode node = tree.node("rules").orElse(null);
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<ConfigNode> entries = node instanceof ConfigNode.Sequence q ? q.items() : List.of(node);
        List<RuleToggle> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String key = node instanceof ConfigNode.Sequence ? "rules[" + i + "]" : "rules";
            out.add(entry(tree, key, entries.get(i)));
        }
        return List.copyOf(out);
    }

    private static RuleToggle entry(ConfigTree tree, String key, ConfigNode entry) {
        if (entry instanceof ConfigNode.Mapping m) {
            // "enable" wins when both are given, as in Falco.
            String opKey = m.get("enable") != null ? "enable" : m.get("disable") != null ? "disable" : null;
            if (opKey != null && m.get(opKey) instanceof ConfigNode.Mapping) {
                String rule = tree.string(key + "." + opKey + ".rule", "");
                String tag = tree.string(key + "." + opKey + ".tag", "");
                if (!rule.isEmpty() || !tag.isEmpty()) {
                    return new RuleToggle(opKey.equals("enable") ? Operation.ENABLE : Operation.DISABLE, rule, tag);
                }
            }
        }
        throw ConfigException.at(entry.origin(), key,
                "expected {enable: {rule: NAME}} or {disable: {tag: TAG}} (rule, tag or both), got "
                        + entry.describe());
    }
}
