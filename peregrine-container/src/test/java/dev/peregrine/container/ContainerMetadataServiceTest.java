package dev.peregrine.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peregrine.config.ContainerEngines;
import dev.peregrine.scap.EventIds;
import dev.peregrine.scap.EventView;
import dev.peregrine.testkit.DockerApiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The metadata service: one container event per container, from lookups and followed creations; warnings once. */
class ContainerMetadataServiceTest {
    private static final String ID = DockerApiTest.ID;
    private static final String OTHER = "9f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0";

    @TempDir
    Path dir;

    private final BlockingQueue<Emitted> events = new LinkedBlockingQueue<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    /** A container event the service handed over: its JSON's "container" object and who may see it. */
    private record Emitted(JsonNode container, boolean forRules, long timestamp) {
    }

    private void collect(byte[] event, boolean forRules) {
        EventView v = new EventView();
        assertThat(v.wrap(MemorySegment.ofArray(event), 0, EventView.HEADER_V2, false, 0, -1)).isNull();
        assertThat(v.type()).isEqualTo(EventIds.CONTAINER_JSON_2_E);
        try {
            events.add(new Emitted(Json.MAPPER.readTree(v.paramString(0)).path("container"), forRules,
                    v.timestamp()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static ContainerEngines dockerOnly(Path socket) {
        return new ContainerEngines(new ContainerEngines.Engine(true, List.of(socket.toString())),
                new ContainerEngines.Engine(false, List.of()), new ContainerEngines.Engine(false, List.of()));
    }

    private Emitted next() throws InterruptedException {
        Emitted e = events.poll(10, TimeUnit.SECONDS);
        assertThat(e).as("a container event").isNotNull();
        return e;
    }

    @Test
    void aLookedUpContainerGivesOneEventStampedNow() throws Exception {
        String created = Instant.now().plusSeconds(1).toString();
        try (DockerApiServer docker = DockerApiTest.dockerWithWeb(dir.resolve("d.sock"), created);
             ContainerMetadataService service = ContainerMetadataService.start(dockerOnly(docker.socket()),
                     this::collect, warnings::add)) {
            long before = System.currentTimeMillis() * 1_000_000L;
            service.lookup(ID.substring(0, 12), ID, ContainerMetadata.DOCKER);
            service.lookup(ID.substring(0, 12), ID, ContainerMetadata.DOCKER);
            Emitted e = next();
            assertThat(e.container().path("id").asText()).isEqualTo(ID.substring(0, 12));
            assertThat(e.container().path("name").asText()).isEqualTo("web");
            assertThat(e.container().path("privileged").asBoolean()).isTrue();
            assertThat(e.forRules()).as("created after the service started").isTrue();
            assertThat(e.timestamp()).isBetween(before, System.currentTimeMillis() * 1_000_000L + 1_000_000L);
            service.lookup(ID.substring(0, 12), ID, ContainerMetadata.DOCKER);
            assertThat(events.poll(500, TimeUnit.MILLISECONDS)).as("one event per container").isNull();
            assertThat(warnings).isEmpty();
        }
    }

    @Test
    void containersThatWereThereFirstAndThoseCreatedAfterwardsAreDescribedWithoutLookups() throws Exception {
        try (DockerApiServer docker = DockerApiTest.dockerWithWeb(dir.resolve("d.sock"), "2024-11-07T09:18:06Z")
                .answer("/containers/json", "[{\"Id\":\"" + ID + "\"}]");
             ContainerMetadataService service = ContainerMetadataService.start(dockerOnly(docker.socket()),
                     this::collect, warnings::add)) {
            Emitted old = next();
            assertThat(old.container().path("id").asText()).isEqualTo(ID.substring(0, 12));
            assertThat(old.forRules()).as("a container older than the service: state only").isFalse();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (docker.followers() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            docker.answer("/containers/" + OTHER + "/json", DockerApiTest.inspect(OTHER, Instant.now().toString())
                    .replace("/web", "/db"));
            docker.publish("{\"status\":\"create\",\"Type\":\"container\",\"Action\":\"create\",\"Actor\":{\"ID\":\""
                    + OTHER + "\"}}");
            Emitted created = next();
            assertThat(created.container().path("id").asText()).isEqualTo(OTHER.substring(0, 12));
            assertThat(created.container().path("name").asText()).isEqualTo("db");
            assertThat(created.forRules()).isTrue();
            service.lookup(OTHER.substring(0, 12), OTHER, ContainerMetadata.DOCKER);
            assertThat(events.poll(500, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void anAbsentRuntimeCostsOneWarningAndNoEvent() throws Exception {
        Path absent = dir.resolve("no-docker.sock");
        try (ContainerMetadataService service = ContainerMetadataService.start(dockerOnly(absent), this::collect,
                warnings::add)) {
            service.lookup(ID.substring(0, 12), ID, ContainerMetadata.DOCKER);
            service.lookup(OTHER.substring(0, 12), OTHER, ContainerMetadata.DOCKER);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (warnings.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(2500); // both lookups have given up by now
            assertThat(warnings).hasSize(1);
            assertThat(warnings.getFirst()).startsWith("no container runtime described container ")
                    .contains("(docker); docker at " + absent + ": no socket there.");
            assertThat(events).isEmpty();
        }
    }

    @Test
    void aRuntimeThatIsDownIsNamedWithWhy() throws Exception {
        Path stale = dir.resolve("stale.sock");
        // a socket file nobody listens on any more, as a crashed daemon leaves it
        ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        gone.bind(UnixDomainSocketAddress.of(stale));
        gone.close();
        try (ContainerMetadataService service = ContainerMetadataService.start(dockerOnly(stale), this::collect,
                warnings::add)) {
            service.lookup(ID.substring(0, 12), ID, ContainerMetadata.DOCKER);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (warnings.stream().noneMatch(w -> w.startsWith("no container runtime"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(warnings).anyMatch(w -> w.startsWith("no container runtime described container "
                    + ID.substring(0, 12) + " (docker); docker at " + stale + ": ") && w.contains("refused"));
            assertThat(warnings).anyMatch(w -> w.startsWith("docker's API at " + stale + " cannot be followed"));
            assertThat(events).isEmpty();
        }
    }
}
