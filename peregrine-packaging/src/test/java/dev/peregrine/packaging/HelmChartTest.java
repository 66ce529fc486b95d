package dev.peregrine.packaging;

import dev.peregrine.config.ConfigLoader;
import dev.peregrine.config.FalcoConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Helm chart (packaging/helm/peregrine) rendered as helm would (by {@link ChartRenderer}, helm not being
 * packaged for Debian 12): valid Kubernetes objects, a DaemonSet running the image with the least privilege of the
 * modern eBPF driver on every node, a configuration Peregrine accepts, Kafka when asked; and the plain DaemonSet
 * manifest (packaging/kubernetes) is what the chart renders with its defaults.
 */
class HelmChartTest {
    private static final Path CHART = Packages.projectRoot().resolve("packaging/helm/peregrine");

    @TempDir
    Path dir;

    @Test
    void defaultsRenderADaemonSetWithLeastPrivilegeAndAConfigurationPeregrineAccepts() throws Exception {
        List<Map<String, Object>> objects = render(Map.of());
        assertThat(objects).extracting(o -> o.get("kind")).containsExactly("ConfigMap", "DaemonSet");
        for (Map<String, Object> o : objects) {
            assertThat(o.get("apiVersion")).isIn("v1", "apps/v1");
            assertThat(map(o, "metadata").get("name")).asString().startsWith("peregrine");
            assertThat(map(o, "metadata").get("namespace")).isEqualTo("peregrine");
        }
        Map<String, Object> ds = objects.get(1);
        assertThat(ds.get("apiVersion")).isEqualTo("apps/v1");
        Map<String, Object> spec = map(ds, "spec");
        Map<String, Object> pod = map(map(spec, "template"), "spec");
        assertThat(map(map(map(spec, "template"), "metadata"), "labels"))
                .containsAllEntriesOf(map(map(spec, "selector"), "matchLabels"));
        Map<String, Object> container = list(pod, "containers").getFirst();
        assertThat(container.get("image")).isEqualTo("localhost/peregrine:" + Packages.VERSION);
        Map<String, Object> security = map(container, "securityContext");
        assertThat(security.get("privileged")).isEqualTo(false);
        assertThat(map(security, "capabilities").get("drop")).isEqualTo(List.of("ALL"));
        assertThat(map(security, "capabilities").get("add"))
                .isEqualTo(List.of("BPF", "PERFMON", "SYS_PTRACE", "SYS_RESOURCE"));

        Map<String, Map<String, Object>> mounts = byName(list(container, "volumeMounts"));
        Map<String, Map<String, Object>> volumes = byName(list(pod, "volumes"));
        assertThat(mounts.keySet()).isEqualTo(volumes.keySet());
        assertThat(mounts.get("host-proc")).containsEntry("mountPath", "/host/proc").containsEntry("readOnly", true);
        assertThat(map(volumes.get("host-proc"), "hostPath")).containsEntry("path", "/proc");
        assertThat(mounts.get("tracefs")).containsEntry("mountPath", "/sys/kernel/tracing");
        assertThat(map(volumes.get("tracefs"), "hostPath")).containsEntry("path", "/sys/kernel/tracing");
        assertThat(mounts.get("config")).containsEntry("mountPath", "/etc/peregrine/config.d");
        assertThat(map(volumes.get("config"), "configMap").get("name"))
                .isEqualTo(map(objects.getFirst(), "metadata").get("name"));
        assertThat(map(map(container, "livenessProbe"), "httpGet")).containsEntry("path", "/healthz");

        FalcoConfig config = configOf(objects.getFirst());
        assertThat(config.json().enabled()).isTrue();
        assertThat(config.stdoutOutput()).isTrue();
        assertThat(config.syslogOutput()).isFalse();
        assertThat(config.kafkaOutput().enabled()).isFalse();
        assertThat(config.webserver().listenPort()).isEqualTo(8765);
    }

    @Test
    void kafkaSendsAlertsToACentralTopicWhenEnabled() throws Exception {
        List<Map<String, Object>> objects = render(Map.of("kafka", Map.of("enabled", true,
                "hostport", "collector.example:9092", "topic", "node-alerts")));
        FalcoConfig config = configOf(objects.getFirst());
        assertThat(config.kafkaOutput().enabled()).isTrue();
        assertThat(config.kafkaOutput().hostport()).isEqualTo("collector.example:9092");
        assertThat(config.kafkaOutput().topic()).isEqualTo("node-alerts");
        assertThat(config.stdoutOutput()).isTrue();
    }

    @Test
    void chartVersionsFollowPeregrines() throws Exception {
        Map<String, Object> chart = yaml(CHART.resolve("Chart.yaml"));
        assertThat(chart.get("appVersion")).isEqualTo(Packages.VERSION);
        assertThat(map(yaml(CHART.resolve("values.yaml")), "image").get("tag")).isEqualTo(Packages.VERSION);
    }

    @Test
    void plainManifestIsTheChartsDefaultRendering() throws Exception {
        Path manifest = Packages.projectRoot().resolve("packaging/kubernetes/peregrine-daemonset.yaml");
        List<Map<String, Object>> plain = new ArrayList<>();
        for (Object o : new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(manifest))) {
            plain.add(cast(o));
        }
        assertThat(plain).isEqualTo(render(Map.of()));
    }

    /** The chart's templates rendered in name order with its values (overridden as --set would), as objects. */
    private static List<Map<String, Object>> render(Map<String, Object> overrides) throws IOException {
        Map<String, Object> values = merge(yaml(CHART.resolve("values.yaml")), overrides);
        Map<String, Object> chart = yaml(CHART.resolve("Chart.yaml"));
        Map<String, Object> context = Map.of("Values", values,
                "Release", Map.of("Name", "peregrine", "Namespace", "peregrine"),
                "Chart", Map.of("Name", chart.get("name"), "AppVersion", chart.get("appVersion"),
                        "Version", chart.get("version")));
        ChartRenderer renderer = new ChartRenderer(context);
        List<Map<String, Object>> objects = new ArrayList<>();
        List<Path> templates;
        try (Stream<Path> s = Files.list(CHART.resolve("templates"))) {
            templates = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path t : templates) {
            String text = renderer.render(Files.readString(t));
            for (Object o : new Load(LoadSettings.builder().build()).loadAllFromString(text)) {
                if (o != null) {
                    objects.add(cast(o));
                }
            }
        }
        return objects;
    }

    /** The configuration file the ConfigMap holds, read and checked by Peregrine's configuration loader. */
    private FalcoConfig configOf(Map<String, Object> configMap) throws IOException {
        Map<String, Object> data = map(configMap, "data");
        assertThat(data).containsOnlyKeys("cluster.yaml");
        Path file = Files.writeString(dir.resolve("cluster.yaml"), (String) data.get("cluster.yaml"));
        return FalcoConfig.from(ConfigLoader.load(file, List.of(), dir, Map.of()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overrides) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        overrides.forEach((k, v) -> out.put(k, v instanceof Map && out.get(k) instanceof Map
                ? merge((Map<String, Object>) out.get(k), (Map<String, Object>) v) : v));
        return out;
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        return cast(new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file)));
    }

    private static Map<String, Map<String, Object>> byName(List<Map<String, Object>> items) {
        Map<String, Map<String, Object>> m = new LinkedHashMap<>();
        items.forEach(i -> m.put((String) i.get("name"), i));
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    private static Map<String, Object> map(Map<String, Object> m, String key) {
        assertThat(m).containsKey(key);
        return cast(m.get(key));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        assertThat(m.get(key)).isInstanceOf(List.class);
        return (List<Map<String, Object>>) m.get(key);
    }
}
