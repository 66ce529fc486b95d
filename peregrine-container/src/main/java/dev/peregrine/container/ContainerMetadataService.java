package dev.peregrine.container;

import dev.peregrine.config.ContainerEngines;
import dev.peregrine.scap.ContainerJsonEvent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Container metadata from the runtimes, off the event thread, as Falco's container plugin gets it: it follows
 * the creations of docker's and podman's containers (so their metadata is there before their first process
 * runs), and asks every enabled runtime about a container the event thread found in a cgroup and nothing has
 * described. Each container's metadata becomes one container event, handed to the sink once.
 * <p>
 * A runtime that is absent or down costs one warning; the containers it runs keep their cgroup ids, their other
 * fields stay empty, and when it comes back (or answers late) its containers' metadata is used from then on.
 */
public final class ContainerMetadataService implements AutoCloseable {
    /** Where container events go: the inspector's queue. */
    @FunctionalInterface
    public interface EventSink {
        /**
         * @param event    a container event's bytes
         * @param forRules false for a container that existed before the service started (its metadata brings the
         *                 state up to date; no rule should take it for a container that just started)
         */
        void accept(byte[] event, boolean forRules);
    }

    /** A runtime may register a container a moment after its first process shows: asked again this long after. */
    private static final long[] RETRY_MS = {50, 150, 400, 1000};
    private static final int MAX_PENDING = 1024;
    private static final long RECONNECT_MS = 2000;

    private final EventSink sink;
    private final Consumer<String> warn;
    private final long startedAtSeconds;
    private final ContainerEngines config;
    private final List<Engine> dockerLike = new ArrayList<>();
    private final Map<Path, CriApi> cri = new ConcurrentHashMap<>();
    private final Set<String> described = ConcurrentHashMap.newKeySet();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final AtomicInteger pending = new AtomicInteger();
    private final ScheduledThreadPoolExecutor lookups;
    private final List<Thread> followers = new ArrayList<>();
    private final Map<Thread, InputStream> following = new ConcurrentHashMap<>();
    /** The sockets followed now, their existing containers described. */
    private final Set<Path> followed = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ContainerMetadataService(ContainerEngines config, EventSink sink, Consumer<String> warn) {
        this.config = config;
        this.sink = sink;
        this.warn = warn;
        this.startedAtSeconds = Instant.now().getEpochSecond();
        this.lookups = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "peregrine-container-lookup");
            t.setDaemon(true);
            return t;
        });
        if (config.docker().enabled()) {
            config.docker().sockets().forEach(s -> dockerLike.add(DockerApi.docker(Path.of(s))));
        }
        if (config.podman().enabled()) {
            config.podman().sockets().forEach(s -> dockerLike.add(DockerApi.podman(Path.of(s))));
        }
    }

    /**
     * Starts following the docker and podman sockets of {@code config}; lookups start with {@link #lookup}.
     *
     * @param warn told, once per problem, what keeps metadata away (a runtime absent or down)
     */
    public static ContainerMetadataService start(ContainerEngines config, EventSink sink, Consumer<String> warn) {
        ContainerMetadataService s = new ContainerMetadataService(config, sink, warn);
        for (Engine e : s.dockerLike) {
            Thread t = new Thread(() -> s.follow((DockerApi) e), "peregrine-container-" + e.name());
            t.setDaemon(true);
            s.followers.add(t);
            t.start();
        }
        return s;
    }

    /**
     * Waits until every docker and podman socket that exists is followed (its containers described, its new ones
     * to come), at most {@code timeout}.
     *
     * @return false if some socket that exists was still not followed
     */
    public boolean awaitFollowing(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean all = dockerLike.stream().filter(e -> Files.exists(e.socket()))
                    .allMatch(e -> followed.contains(e.socket()));
            if (all) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
    }

    /**
     * Asks the runtimes about a container, without waiting: called on the event thread for each container a
     * cgroup names and no event has described (the state's ContainerListener).
     *
     * @param type the runtime the cgroup's layout belongs to (a ContainerMetadata type), asked first
     */
    public void lookup(String id, String fullId, int type) {
        if (closed || described.contains(id)) {
            return;
        }
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            warnOnce("lookups", "more than " + MAX_PENDING + " containers wait for their metadata: "
                    + "some will have none");
            return;
        }
        try {
            lookups.execute(() -> attempt(id, fullId.isEmpty() ? id : fullId, type, 0));
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet(); // closed meanwhile
        }
    }

    private void attempt(String id, String fullId, int type, int tries) {
        if (closed || described.contains(id)) {
            pending.decrementAndGet();
            return;
        }
        Map<String, String> failures = new LinkedHashMap<>();
        for (Engine e : engines(type)) {
            if (!Files.exists(e.socket())) {
                failures.put(e.name() + " at " + e.socket(), "no socket there");
                continue;
            }
            try {
                ContainerMetadata m = e.describe(fullId);
                if (m != null) {
                    pending.decrementAndGet();
                    emit(m);
                    return;
                }
                failures.put(e.name() + " at " + e.socket(), "no such container");
            } catch (IOException | RuntimeException ex) {
                failures.put(e.name() + " at " + e.socket(), String.valueOf(ex.getMessage()));
            }
        }
        if (tries < RETRY_MS.length && !closed) {
            try {
                lookups.schedule(() -> attempt(id, fullId, type, tries + 1), RETRY_MS[tries], TimeUnit.MILLISECONDS);
                return;
            } catch (RejectedExecutionException e) {
                pending.decrementAndGet(); // closed meanwhile
                return;
            }
        }
        pending.decrementAndGet();
        StringBuilder why = new StringBuilder();
        failures.forEach((engine, problem) -> why.append("; ").append(engine).append(": ").append(problem));
        warnOnce("undescribed:" + type, "no container runtime described container " + id + " ("
                + runtimeName(type) + ")" + (why.isEmpty() ? ": no runtime is enabled" : why.toString())
                + ". Its container.* fields other than the id stay empty (said once for the " + runtimeName(type)
                + " containers; those a runtime describes later get their metadata then)");
    }

    /** The enabled engines, the runtime of the cgroup layout first. */
    private List<Engine> engines(int type) {
        List<Engine> docker = new ArrayList<>();
        List<Engine> podman = new ArrayList<>();
        for (Engine e : dockerLike) {
            (e.name().equals("podman") ? podman : docker).add(e);
        }
        List<Engine> cris = new ArrayList<>();
        if (config.cri().enabled()) {
            for (String s : config.cri().sockets()) {
                cris.add(cri.computeIfAbsent(Path.of(s), CriApi::new));
            }
        }
        List<Engine> out = new ArrayList<>();
        switch (type) {
            case ContainerMetadata.PODMAN -> {
                out.addAll(podman);
                out.addAll(docker);
                out.addAll(cris);
            }
            case ContainerMetadata.DOCKER -> {
                out.addAll(docker);
                out.addAll(podman);
                out.addAll(cris);
            }
            default -> {
                out.addAll(cris);
                out.addAll(docker);
                out.addAll(podman);
            }
        }
        return out;
    }

    private static String runtimeName(int type) {
        return switch (type) {
            case ContainerMetadata.PODMAN -> "podman";
            case ContainerMetadata.DOCKER -> "docker";
            default -> "CRI";
        };
    }

    /**
     * Follows a docker or podman socket for as long as the service runs: subscribed to container creations, it
     * describes the containers the runtime already has, then each new one as it is created. Reconnects when the
     * runtime goes away and comes back.
     */
    private void follow(DockerApi api) {
        while (!closed) {
            if (Files.exists(api.socket())) {
                try (InputStream events = api.creations()) {
                    following.put(Thread.currentThread(), events);
                    warned.remove("follow:" + api.socket());
                    for (String id : api.containerIds()) {
                        describeNow(api, id);
                    }
                    followed.add(api.socket());
                    api.readCreations(events, id -> describeNow(api, id));
                } catch (IOException | RuntimeException e) {
                    if (!closed) {
                        warnOnce("follow:" + api.socket(), api.name() + "'s API at " + api.socket()
                                + " cannot be followed (" + e.getMessage() + "); asking it again every "
                                + RECONNECT_MS / 1000 + " s");
                    }
                } finally {
                    followed.remove(api.socket());
                    following.remove(Thread.currentThread());
                }
            }
            try {
                Thread.sleep(RECONNECT_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void describeNow(DockerApi api, String fullId) {
        if (described.contains(ContainerMetadata.shortId(fullId))) {
            return;
        }
        try {
            ContainerMetadata m = api.describe(fullId);
            if (m != null) {
                emit(m);
            }
        } catch (IOException | RuntimeException e) {
            warnOnce("describe:" + api.socket(), api.name() + " at " + api.socket() + " could not describe "
                    + "container " + ContainerMetadata.shortId(fullId) + ": " + e.getMessage());
        }
    }

    private void emit(ContainerMetadata m) {
        if (closed || !described.add(m.id())) {
            return;
        }
        Instant now = Instant.now();
        long ts = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        sink.accept(ContainerJsonEvent.of(ts, m.toJson()), m.createdTime() >= startedAtSeconds);
    }

    private void warnOnce(String key, String message) {
        if (warned.add(key)) {
            warn.accept(message);
        }
    }

    @Override
    public void close() {
        closed = true;
        following.values().forEach(s -> {
            try {
                s.close();
            } catch (IOException e) {
                // closing to stop following: nothing more to do
            }
        });
        followers.forEach(Thread::interrupt);
        lookups.shutdownNow();
        cri.values().forEach(CriApi::close);
    }
}
