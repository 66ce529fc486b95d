package dev.peregrine.rules;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** A rules file's required_plugin_versions entry: a plugin name and the lowest version the rules work with. */
public record PluginRequirement(String name, String version) {

    /**
     * Checks loaded plugins against requirement groups as Falco does: in each group one plugin must be loaded
     * at a version compatible with the required one (same major, not older).
     *
     * @param loaded plugin name to version
     * @return null when every group is met, else Falco's message for the first that is not
     */
    public static String unmet(Collection<List<PluginRequirement>> groups, Map<String, String> loaded) {
        for (List<PluginRequirement> group : groups) {
            String problem = null;
            boolean met = false;
            for (PluginRequirement r : group) {
                String have = loaded.get(r.name());
                if (have == null) {
                    continue;
                }
                int[] want = EngineVersion.parse(r.version());
                int[] got = EngineVersion.parse(have);
                if (want == null) {
                    return "Plugin '" + r.name() + "' has invalid version string '" + r.version() + "'";
                }
                if (got != null && got[0] == want[0] && EngineVersion.compare(got, want) >= 0) {
                    met = true;
                    break;
                }
                problem = "Plugin '" + r.name() + "' version '" + have
                        + "' is not compatible with required plugin version '" + r.version() + "'";
            }
            if (!met) {
                if (problem != null) {
                    return problem;
                }
                StringBuilder b = new StringBuilder("Plugin requirement not satisfied, must load one of: ");
                for (int i = 0; i < group.size(); i++) {
                    b.append(i == 0 ? "" : ", ").append(group.get(i).name()).append(" (>= ")
                            .append(group.get(i).version()).append(')');
                }
                return b.toString();
            }
        }
        return null;
    }
}
