package dev.peregrine.app.falco;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.peregrine.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files of Kubernetes audit events as the k8s_audit source reads them (open_params a file or a folder): one
 * payload a line (an event, an event list or an array), lines that are not usable reported with their file and
 * line and skipped, the source going on to the end.
 */
class K8sAuditFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private String event(String id) throws Exception {
        ObjectNode e = (ObjectNode) JSON.readTree(Files.readString(
                SharedData.upstream("falco-legacy-tests/trace_files/k8s_audit/create_nginx_pod_unprivileged.json")));
        e.put("auditID", id);
        return e.toString();
    }

    private CliRun run(Path openParams) throws Exception {
        Path config = dir.resolve("falco.yaml");
        Files.writeString(config, """
                stdout_output:
                  enabled: true
                plugins:
                  - name: k8saudit
                    library_path: libk8saudit.so
                    open_params: %s
                  - name: json
                    library_path: libjson.so
                load_plugins: [k8saudit, json]
                """.formatted(openParams));
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, """
                - rule: pod created
                  desc: every pod creation
                  condition: ka.verb = create and ka.target.resource = pods
                  output: "id=%ka.auditid"
                  priority: NOTICE
                  source: k8s_audit
                """);
        return CliRun.raw("-c", config.toString(), "-r", rules.toString(), "--enable-source=k8s_audit", "-o",
                "webserver.enabled=false");
    }

    @Test
    void badLinesAreReportedWithFileAndLineAndTheRestIsRead() throws Exception {
        ObjectNode noTime = (ObjectNode) JSON.readTree(event("no-time"));
        noTime.remove("stageTimestamp");
        Path file = dir.resolve("audit.log");
        Files.write(file, List.of(
                event("a"),
                "{\"kind\": \"Event\", \"auditID\": ",
                event("b"),
                "{\"kind\": 0}",
                "{\"kind\": \"EventList\", \"items\": [" + event("c") + "," + event("d") + "]}",
                "[" + event("e") + "," + event("f") + "]",
                "{\"kind\": \"EventList\", \"items\": [" + noTime + "," + event("g") + "]}",
                ""));
        CliRun r = run(file);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().lines().filter(l -> l.contains("id=")).map(l -> l.replaceAll(".*id=", "")).toList())
                .containsExactly("a", "b", "c", "d", "e", "f", "g");
        assertThat(r.err()).contains("[k8saudit] skipped " + file + ":2: malformed JSON: ")
                .contains("[k8saudit] skipped " + file + ":4: data not recognized as a k8s audit event")
                .contains("[k8saudit] skipped " + file + ":7: can't read stageTimestamp");
    }

    @Test
    void aFolderIsReadOldestFileFirst() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("audit"));
        Path newer = folder.resolve("a-newer.log");
        Path older = folder.resolve("b-older.log");
        Files.writeString(newer, event("second") + "\n");
        Files.writeString(older, event("first") + "\n");
        Files.setLastModifiedTime(older, FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(newer, FileTime.fromMillis(2_000_000));
        CliRun r = run(folder);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().lines().filter(l -> l.contains("id=")).map(l -> l.replaceAll(".*id=", "")).toList())
                .containsExactly("first", "second");
        CliRun missing = run(dir.resolve("nothing-here"));
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).contains("Error: cannot open event source 'k8s_audit' of plugin 'k8saudit'")
                .contains("nothing-here: no such file or directory");
    }
}
