package dev.peregrine.plugin;

/** The version of this API; a plugin states the version it was written against in {@link PluginInfo}. */
public final class PluginApi {
    /**
     * The host's API version. A plugin requiring {@code M.m.p} loads when the major versions are equal and this
     * version is not older (semantic versioning, as Falco checks its plugins' required API version).
     */
    public static final String VERSION = "1.0.0";

    private PluginApi() {
    }
}
