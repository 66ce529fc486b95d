package dev.peregrine.state;

/**
 * Told of each container that a thread's cgroups name before any container event has described it, once per
 * container, on the event thread: the live machine's metadata fetcher asks the container's runtime about it.
 * Implementations must return at once.
 */
@FunctionalInterface
public interface ContainerListener {
    /**
     * @param id     container.id (12 characters for runc runtimes)
     * @param fullId the id as the cgroup spells it (64 hex digits for runc runtimes)
     * @param type   the runtime the cgroup's layout belongs to ({@link ContainerInfo#DOCKER}, {@link
     *               ContainerInfo#PODMAN}, {@link ContainerInfo#CRI}...)
     */
    void discovered(String id, String fullId, int type);
}
