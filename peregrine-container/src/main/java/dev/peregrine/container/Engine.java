package dev.peregrine.container;

import java.io.IOException;
import java.nio.file.Path;

/** A container runtime's API on one unix socket. */
interface Engine extends AutoCloseable {
    /** docker, podman or cri: how messages name it. */
    String name();

    Path socket();

    /**
     * The runtime's description of a container.
     *
     * @param id the full id, or a prefix of it the runtime can tell apart (container.id's 12 characters)
     * @return null when the runtime has no such container
     * @throws IOException when the runtime cannot be asked (no socket, connection refused, a bad answer)
     */
    ContainerMetadata describe(String id) throws IOException;

    @Override
    default void close() {
    }
}
