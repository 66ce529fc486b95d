package dev.peregrine.plugins;

/** A plugin cannot be loaded, initialised or opened; the message says which plugin and why. */
public final class PluginSetupException extends Exception {
    public PluginSetupException(String message) {
        super(message, null, false, false);
    }
}
