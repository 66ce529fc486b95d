package dev.peregrine.plugin;

import java.util.Objects;

/**
 * What a plugin says about itself.
 *
 * @param name               its name, as the configuration's {@code plugins[].name} and rules files'
 *                           {@code required_plugin_versions} name it
 * @param version            its version, {@code major.minor.patch}
 * @param requiredApiVersion the {@link PluginApi#VERSION} it was written against
 */
public record PluginInfo(String name, String version, String description, String contact,
                         String requiredApiVersion) {
    public PluginInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        description = description == null ? "" : description;
        contact = contact == null ? "" : contact;
        Objects.requireNonNull(requiredApiVersion, "requiredApiVersion");
    }
}
