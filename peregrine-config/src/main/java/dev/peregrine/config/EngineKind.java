package dev.peregrine.config;

import java.util.Locale;

/** engine.kind: where events come from. ebpf and gvisor are gone from current Falco but still accepted here. */
public enum EngineKind {
    KMOD, EBPF, MODERN_EBPF, GVISOR, REPLAY, NODRIVER;

    /** The spelling in falco.yaml. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static EngineKind parse(String text) {
        for (EngineKind k : values()) {
            if (k.yamlName().equals(text)) {
                return k;
            }
        }
        return null;
    }
}
