package dev.peregrine.app;

import picocli.CommandLine.IVersionProvider;

/** The version line printed by --version. */
public final class Version implements IVersionProvider {
    public static final String VERSION = "0.1.0";

    @Override
    public String[] getVersion() {
        return new String[]{"Peregrine version: " + VERSION};
    }
}
