package dev.peregrine.outputs;

import java.io.IOException;

/**
 * A channel whose {@link #name()} is fixed when it is built. {@link #close()} only flushes, which is all it takes for
 * a channel that holds nothing else; channels that hold a file, a program or a connection override it.
 */
public abstract class NamedChannel implements AlertChannel {
    private final String name;

    protected NamedChannel(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
