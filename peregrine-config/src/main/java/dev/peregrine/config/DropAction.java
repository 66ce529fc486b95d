package dev.peregrine.config;

/** What to do when the driver reports dropped syscall events. */
public enum DropAction {
    IGNORE, LOG, ALERT, EXIT
}
