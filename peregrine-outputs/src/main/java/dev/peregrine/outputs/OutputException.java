package dev.peregrine.outputs;

import java.io.IOException;

/** A channel that cannot be set up, e.g. an output file that cannot be opened; the message is one line. */
public final class OutputException extends IOException {

    public OutputException(String message, Throwable cause) {
        super(message, cause);
    }
}
