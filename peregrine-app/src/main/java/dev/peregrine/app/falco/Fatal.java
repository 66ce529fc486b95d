package dev.peregrine.app.falco;

/** Ends the run with Falco's "Error: MESSAGE" and status 1. */
final class Fatal extends Exception {
    Fatal(String message) {
        super(message, null, false, false);
    }
}
