package dev.peregrine.config;

/**
 * One {@code -o KEY=VALUE} option. The value is kept as text, typed when the setting is read (so
 * {@code json_output=False} is a boolean); a value in braces is YAML ({@code -o 'rules[]={"enable": {"rule":
 * "x"}}'}), as in Falco. The key is split at the first '='.
 */
public record OverrideOption(String text, KeyPath key, String value) {

    public static OverrideOption parse(String option) {
        int eq = option.indexOf('=');
        if (eq < 0) {
            throw new ConfigException("Error parsing config option \"" + option
                    + "\". Must be of the form key=val or key.subkey=val");
        }
        KeyPath key;
        try {
            key = KeyPath.forSetting(option.substring(0, eq));
        } catch (ConfigException e) {
            throw new ConfigException(new Origin.Option(option).where() + ": " + e.getMessage());
        }
        return new OverrideOption(option, key, option.substring(eq + 1));
    }

    public Origin.Option origin() {
        return new Origin.Option(text);
    }

    /** Options that set {@code config_files}: Falco applies them before merging included files. */
    public boolean setsConfigFiles() {
        return key.steps().getFirst() instanceof KeyPath.Name n && n.name().equals(ConfigIncludes.KEY);
    }

    ConfigNode valueNode() {
        if (value.length() >= 2 && value.startsWith("{") && value.endsWith("}")) {
            return YamlComposer.optionValue(value, origin());
        }
        return ConfigNode.Scalar.of(value, origin());
    }

    void applyTo(ConfigTree tree) {
        tree.set(key, valueNode(), origin());
    }
}
