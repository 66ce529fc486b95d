package dev.peregrine.app;

import dev.peregrine.rules.EngineVersion;
import picocli.CommandLine.IVersionProvider;

/** What --version prints: Peregrine's version and machine, and the rules engine version (Falco's numbering). */
public final class Version implements IVersionProvider {
    public static final String VERSION = "0.1.0";

    @Override
    public String[] getVersion() {
        String arch = System.getProperty("os.arch");
        return new String[]{
                "Peregrine version: " + VERSION + " (" + (arch.equals("amd64") ? "x86_64" : arch) + ")",
                // the version rules files name in required_engine_version
                "Engine:            " + EngineVersion.CURRENT};
    }
}
