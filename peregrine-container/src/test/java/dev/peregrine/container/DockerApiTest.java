package dev.peregrine.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peregrine.testkit.DockerApiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Docker Engine API client against a server answering as docker 24 does. */
class DockerApiTest {
    static final String ID = "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e";
    static final String IMAGE_ID = "0ca0fed353fb77c247abada85aebc667fd1f5fa0b5f6ab1efb26867ba18f2f0a";

    @TempDir
    Path dir;

    /** A privileged container "web" of registry.example.com:5000/team/nginx:1.25, created at {@code created}. */
    static String inspect(String id, String created) {
        return """
                {"Id": "%s", "Created": "%s", "Path": "nginx", "Name": "/web",
                 "Image": "sha256:%s",
                 "Config": {"User": "nginx", "Image": "registry.example.com:5000/team/nginx:1.25",
                            "Labels": {"app": "web", "tier": "front"}, "Env": ["PASSWORD=hunter2"]},
                 "HostConfig": {"Privileged": true, "PidMode": "host", "NetworkMode": "bridge", "IpcMode": "private",
                                "Memory": 268435456, "MemorySwap": 536870912, "CpuShares": 512, "CpuQuota": 50000,
                                "CpuPeriod": 0, "CpusetCpus": "0-1,3"},
                 "Mounts": [{"Type": "bind", "Source": "/srv/data", "Destination": "/data", "Mode": "ro",
                             "RW": false, "Propagation": "rprivate"}],
                 "NetworkSettings": {"IPAddress": "", "Networks": {"frontend": {"IPAddress": "172.18.0.4"}}}}
                """.formatted(id, created, IMAGE_ID);
    }

    static String image() {
        return """
                {"Id": "sha256:%s", "RepoTags": ["registry.example.com:5000/team/nginx:1.25"],
                 "RepoDigests": ["registry.example.com:5000/team/nginx@sha256:b9ff6f23cceb5bde20bb1f79b492b98d71ef"]}
                """.formatted(IMAGE_ID);
    }

    static DockerApiServer dockerWithWeb(Path socket, String created) throws Exception {
        return DockerApiServer.start(socket)
                .answer("/containers/" + ID + "/json", inspect(ID, created))
                .answer("/containers/" + ID.substring(0, 12) + "/json", inspect(ID, created))
                .answer("/images/sha256:" + IMAGE_ID + "/json", image());
    }

    @Test
    void aContainerInspectionInLibsinspsTerms() throws Exception {
        try (DockerApiServer docker = dockerWithWeb(dir.resolve("docker.sock"), "2024-11-07T09:18:06.123456789Z")) {
            ContainerMetadata m = DockerApi.docker(docker.socket()).describe(ID.substring(0, 12));
            assertThat(m.id()).isEqualTo(ID.substring(0, 12));
            assertThat(m.fullId()).isEqualTo(ID);
            assertThat(m.type()).isEqualTo(ContainerMetadata.DOCKER);
            assertThat(m.name()).isEqualTo("web");
            assertThat(m.image()).isEqualTo(new ContainerMetadata.Image("registry.example.com:5000/team/nginx:1.25",
                    "registry.example.com:5000/team/nginx", "1.25", "sha256:b9ff6f23cceb5bde20bb1f79b492b98d71ef",
                    IMAGE_ID));
            assertThat(m.user()).isEqualTo("nginx");
            assertThat(m.privileged()).isTrue();
            assertThat(m.host()).isEqualTo(new ContainerMetadata.HostNamespaces(true, false, false));
            assertThat(m.ip()).isEqualTo("172.18.0.4");
            assertThat(m.mounts()).containsExactly(new ContainerMetadata.Mount("/srv/data", "/data", "ro", false,
                    "rprivate"));
            assertThat(m.labels()).isEqualTo(Map.of("app", "web", "tier", "front"));
            assertThat(m.env()).as("the environment may hold secrets: never copied into events").isEmpty();
            assertThat(m.limits()).isEqualTo(new ContainerMetadata.Limits(268435456, 536870912, 512, 50000, 100000,
                    3));
            assertThat(m.createdTime()).isEqualTo(1730971086L);
            assertThat(docker.requests()).containsExactly("/containers/" + ID.substring(0, 12) + "/json",
                    "/images/sha256:" + IMAGE_ID + "/json");
        }
    }

    @Test
    void theEventJsonIsLibsinspsContainerJson() throws Exception {
        try (DockerApiServer docker = dockerWithWeb(dir.resolve("docker.sock"), "2024-11-07T09:18:06Z")) {
            JsonNode c = Json.MAPPER.readTree(DockerApi.podman(docker.socket()).describe(ID).toJson())
                    .path("container");
            assertThat(c.path("id").asText()).isEqualTo(ID.substring(0, 12));
            assertThat(c.path("full_id").asText()).isEqualTo(ID);
            assertThat(c.path("type").asInt()).isEqualTo(ContainerMetadata.PODMAN);
            assertThat(c.path("name").asText()).isEqualTo("web");
            assertThat(c.path("image").asText()).isEqualTo("registry.example.com:5000/team/nginx:1.25");
            assertThat(c.path("imagerepo").asText()).isEqualTo("registry.example.com:5000/team/nginx");
            assertThat(c.path("imagetag").asText()).isEqualTo("1.25");
            assertThat(c.path("imageid").asText()).isEqualTo(IMAGE_ID);
            assertThat(c.path("privileged").asBoolean()).isTrue();
            assertThat(c.path("host_pid").asBoolean()).isTrue();
            assertThat(c.path("lookup_state").asInt()).isEqualTo(1);
            assertThat(c.path("Mounts").get(0).path("Destination").asText()).isEqualTo("/data");
            assertThat(c.path("labels").path("tier").asText()).isEqualTo("front");
            assertThat(c.path("User").asText()).isEqualTo("nginx");
            assertThat(c.path("cpuset_cpu_count").asLong()).isEqualTo(3);
        }
    }

    @Test
    void anUnknownContainerIsNoneAndAnErrorStatusIsAnError() throws Exception {
        try (DockerApiServer docker = DockerApiServer.start(dir.resolve("docker.sock"))
                .answer("/containers/broken/json", "{not json")) {
            DockerApi api = DockerApi.docker(docker.socket());
            assertThat(api.describe("0123456789ab")).isNull();
            assertThatThrownBy(() -> api.describe("broken")).hasMessageContaining("sent bad JSON");
        }
        assertThatThrownBy(() -> DockerApi.docker(dir.resolve("absent.sock")).describe("x"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void creationsAreFollowed() throws Exception {
        try (DockerApiServer docker = DockerApiServer.start(dir.resolve("docker.sock"))) {
            DockerApi api = DockerApi.docker(docker.socket());
            List<String> created = new ArrayList<>();
            try (InputStream events = api.creations()) {
                assertThat(docker.requests().getLast()).startsWith("/events?filters=")
                        .contains("\"event\":[\"create\"]");
                docker.publish("{\"status\":\"create\",\"id\":\"" + ID + "\",\"Type\":\"container\","
                        + "\"Action\":\"create\",\"Actor\":{\"ID\":\"" + ID + "\"}}");
                docker.publish("{\"Type\":\"container\",\"Action\":\"start\",\"Actor\":{\"ID\":\"" + ID + "\"}}");
                docker.close();
                api.readCreations(events, created::add);
            }
            assertThat(created).containsExactly(ID);
        }
    }

    @Test
    void imageReferencesSplitAtTheTagNotAtARegistrysPort() {
        assertThat(ImageReference.parse("registry.example.com:5000/foo/bar:latest@sha256:abc"))
                .isEqualTo(new ImageReference("registry.example.com:5000/foo/bar", "latest", "sha256:abc"));
        assertThat(ImageReference.parse("registry.example.com:5000/foo/bar"))
                .isEqualTo(new ImageReference("registry.example.com:5000/foo/bar", "", ""));
        assertThat(ImageReference.parse("busybox:1.36")).isEqualTo(new ImageReference("busybox", "1.36", ""));
        assertThat(ImageReference.parse("")).isEqualTo(new ImageReference("", "", ""));
        assertThat(ContainerMetadata.cpusetCount("0-3,7")).isEqualTo(5);
        assertThat(ContainerMetadata.cpusetCount("1,x")).isZero();
    }
}
