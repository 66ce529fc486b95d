package dev.peregrine.web;

/** The keys of Falco's /versions object, for the map the app hands to {@link WebServer#start}. */
public final class VersionKeys {
    private VersionKeys() {
    }

    public static final String FALCO_VERSION = "falco_version";
    public static final String LIBS_VERSION = "libs_version";
    public static final String PLUGIN_API_VERSION = "plugin_api_version";
    public static final String DRIVER_API_VERSION = "driver_api_version";
    public static final String DRIVER_SCHEMA_VERSION = "driver_schema_version";
    public static final String DEFAULT_DRIVER_VERSION = "default_driver_version";
    /** Falco's engine minor version alone ("47"), kept by Falco for older tooling such as falcoctl. */
    public static final String ENGINE_VERSION = "engine_version";
    public static final String ENGINE_VERSION_SEMVER = "engine_version_semver";
}
