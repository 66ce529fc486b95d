package dev.peregrine.plugin;

/** A plugin cannot do what it was asked; the message is shown to the user as it is, so it says why. */
public class PluginException extends Exception {
    public PluginException(String message) {
        super(message);
    }

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
