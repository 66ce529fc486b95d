package dev.peregrine.config;

/**
 * engine: the event source and its settings. The driver settings are those of the chosen kind
 * ({@code engine.<kind>.buf_size_preset}, ...). Absent, the kind is kmod, Falco's built-in default (its falco.yaml
 * says modern_ebpf).
 */
public record EngineConfig(EngineKind kind, int bufSizePreset, boolean dropFailedExit, int cpusForEachBuffer,
                           boolean disableIterators, String replayCaptureFile, String gvisorConfig,
                           String gvisorRoot) {

    /**
     * The ring buffer size buf_size_preset names, as Falco's table: index i (1 to 10) is 2^(i-1) MiB, 1 MiB to
     * 512 MiB; 0 and anything else mean the default, 8 MiB (index 4).
     */
    public int ringBufferBytes() {
        int preset = bufSizePreset >= 1 && bufSizePreset <= 10 ? bufSizePreset : 4;
        return (1 << 20) << (preset - 1);
    }

    static EngineConfig from(ConfigTree tree) {
        String text = tree.string("engine.kind", "kmod");
        EngineKind kind = EngineKind.parse(text);
        if (kind == null) {
            throw ConfigException.reading(tree.name(), "engine.kind '" + text + "' is not a valid kind.");
        }
        String driver = "engine." + kind.yamlName() + ".";
        boolean hasDriver = kind == EngineKind.KMOD || kind == EngineKind.EBPF || kind == EngineKind.MODERN_EBPF;
        boolean modern = kind == EngineKind.MODERN_EBPF;
        var engine = new EngineConfig(kind,
                hasDriver ? tree.integer(driver + "buf_size_preset", 4) : 4,
                hasDriver && tree.bool(driver + "drop_failed_exit", false),
                modern ? (int) tree.unsignedLong(driver + "cpus_for_each_buffer", 2) : 2,
                modern && tree.bool(driver + "disable_iterators", false),
                tree.string("engine.replay.capture_file", ""),
                tree.string("engine.gvisor.config", ""),
                tree.string("engine.gvisor.root", ""));
        if (kind == EngineKind.REPLAY && engine.replayCaptureFile.isEmpty()) {
            throw ConfigException.reading(tree.name(),
                    "engine.kind is 'replay' but no engine.replay.capture_file specified.");
        }
        if (kind == EngineKind.GVISOR && engine.gvisorConfig.isEmpty()) {
            throw ConfigException.reading(tree.name(),
                    "engine.kind is 'gvisor' but no engine.gvisor.config specified.");
        }
        return engine;
    }
}
