package dev.peregrine.plugin.k8saudit;

import dev.peregrine.plugin.testing.PayloadEvent;
import dev.peregrine.plugin.testing.TextValues;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** ka.* fields on a hand-made audit event: what each reads, lists, arguments, and no value where there is none. */
class K8sAuditFieldsTest {
    private static final String EVENT = """
            {"kind":"Event","auditID":"id-1","stage":"ResponseComplete","verb":"create",
             "requestURI":"/api/v1/namespaces/default/pods/p/exec?command=ls&command=-l&stdin=true",
             "user":{"username":"alice","groups":["devs","system:authenticated"]},
             "sourceIPs":["10.0.0.1","::1"],
             "objectRef":{"resource":"pods","namespace":"default","name":"p"},
             "responseStatus":{"code":201},
             "requestObject":{"spec":{"securityContext":{"runAsUser":1000},
               "containers":[{"name":"a","image":"docker.io/nginx:1.25@sha256:ab","command":["sh","-c"],
                              "securityContext":{"privileged":true,"runAsUser":0},"ports":[{"containerPort":80}]},
                             {"name":"b","image":"busybox","securityContext":{}}],
               "volumes":[{"name":"v1","emptyDir":{}},{"name":"v2","hostPath":{"path":"/etc/ssl"}}]},
              "rules":[{"verbs":["get","list"],"resources":["pods"]},{"verbs":["*"],"resources":["pods/exec"]}]},
             "stageTimestamp":"2018-10-25T14:09:49.123456Z"}""";

    private static List<String> field(String name, String argument, String payload) throws Exception {
        K8sAuditPlugin p = new K8sAuditPlugin();
        p.init("");
        int index = p.fields().stream().map(f -> f.name()).toList().indexOf(name);
        assertThat(index).as(name).isNotNegative();
        TextValues values = new TextValues();
        p.extractor(index, argument).extract(PayloadEvent.of("k8s_audit", 1, payload), values);
        return values.values();
    }

    private static List<String> field(String name) throws Exception {
        return field(name, null, EVENT);
    }

    @Test
    void simpleAndListFields() throws Exception {
        assertThat(field("ka.user.name")).containsExactly("alice");
        assertThat(field("ka.user.groups")).containsExactly("devs", "system:authenticated");
        assertThat(field("ka.response.code")).containsExactly("201");
        assertThat(field("ka.target.pod.name")).isEmpty();
        assertThat(field("ka.sourceips")).containsExactly("10.0.0.1", "::1");
        assertThat(field("ka.req.role.rules.verbs")).containsExactly("get", "list", "*");
        assertThat(field("ka.req.role.rules.resources", "1", EVENT)).containsExactly("pods/exec");
        assertThat(field("ka.uri.param", "command", EVENT)).containsExactly("ls");
        assertThat(field("ka.uri.param", "tty", EVENT)).isEmpty();
    }

    @Test
    void containersAndVolumes() throws Exception {
        assertThat(field("ka.req.pod.containers.image.repository")).containsExactly("docker.io/nginx", "busybox");
        assertThat(field("ka.req.pod.containers.name", "1", EVENT)).containsExactly("b");
        assertThat(field("ka.req.pod.containers.privileged")).containsExactly("true");
        assertThat(field("ka.req.container.privileged")).containsExactly("true");
        assertThat(field("ka.req.pod.containers.command")).containsExactly("sh -c");
        assertThat(field("ka.req.pod.containers.host_port")).containsExactly("80");
        // the container's own runAsUser, else the pod's
        assertThat(field("ka.req.pod.containers.eff_run_as_user")).containsExactly("0", "1000");
        assertThat(field("ka.req.pod.volumes.hostpath")).containsExactly("/etc/ssl");
        assertThat(field("ka.req.volume.hostpath", "/etc*", EVENT)).containsExactly("true");
        assertThat(field("ka.req.volume.hostpath", "/etc", EVENT)).containsExactly("false");
        assertThat(field("ka.req.pod.volumes.volume_type")).containsExactly("emptyDir", "hostPath");
    }

    @Test
    void eventsThatAreNotAuditEventsHaveNoValues() throws Exception {
        assertThat(field("ka.verb", null, "{\"verb\": \"create\"}")).isEmpty();
        assertThat(field("ka.verb", null, "not json")).isEmpty();
    }
}
