package dev.peregrine.plugin.k8saudit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peregrine.plugin.FieldSink;
import dev.peregrine.plugin.PluginField;
import dev.peregrine.plugin.json.JsonEvents;
import dev.peregrine.plugin.k8saudit.AuditJson.NoValue;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static dev.peregrine.plugin.k8saudit.AuditJson.ALL;
import static dev.peregrine.plugin.k8saudit.AuditJson.get;
import static dev.peregrine.plugin.k8saudit.AuditJson.text;
import static dev.peregrine.plugin.k8saudit.AuditJson.texts;
import static dev.peregrine.plugin.k8saudit.AuditJson.textsSkippingMissing;
import static dev.peregrine.plugin.k8saudit.AuditJson.values;

/**
 * The ka.* fields of Falco's k8saudit plugin (0.18): what each reads in an audit event, and how. Where the
 * upstream code reads something other than what its field's description says (ka.sourceips, the eff_run_as_*
 * fields, ka.req.volume.hostpath), the description is followed.
 */
final class AuditFields {
    /** Reads one use of a field from an audit event; throws NoValue when it has none. */
    @FunctionalInterface
    interface Reader {
        void read(JsonNode event, FieldSink out) throws NoValue;
    }

    /** Makes the reader of one use, given the argument (or null) and the index it stands for ({@link AuditJson#ALL}). */
    @FunctionalInterface
    interface Factory {
        Reader make(String argument, int index);
    }

    record Entry(PluginField field, Factory factory) {
    }

    static final List<Entry> ALL_FIELDS = build();

    private AuditFields() {
    }

    private static List<Entry> build() {
        List<Entry> f = new ArrayList<>();
        one(f, "ka.auditid", "The audit event's unique id.", "auditID");
        one(f, "ka.stage", "The stage of the request (RequestReceived, ResponseComplete, ...).", "stage");
        one(f, "ka.auth.decision", "The authorization decision.", "annotations", "authorization.k8s.io/decision");
        one(f, "ka.auth.reason", "The authorization reason.", "annotations", "authorization.k8s.io/reason");
        one(f, "ka.auth.openshift.decision", "OpenShift's authentication decision (OpenShift clusters only).",
                "annotations", "authentication.openshift.io/decision");
        one(f, "ka.validations.admission.policy.failure", "Why a Validating Admission Policy failed the request.",
                "annotations", "validation.policy.admission.k8s.io/validation_failure");
        one(f, "ka.security.pod.violations", "The pod security policy violations.", "annotations",
                "pod-security.kubernetes.io/audit-violations");
        one(f, "ka.auth.openshift.username", "The user OpenShift authenticated (OpenShift clusters only).",
                "annotations", "authentication.openshift.io/username");
        one(f, "ka.user.name", "The user who made the request.", "user", "username");
        list(f, "ka.user.groups", "The groups of the user who made the request.", "user", "groups");
        one(f, "ka.impuser.name", "The impersonated user.", "impersonatedUser", "username");
        one(f, "ka.verb", "The action requested (create, get, delete, ...).", "verb");
        one(f, "ka.uri", "The request URI as the client sent it.", "requestURI");
        f.add(new Entry(key("ka.uri.param", "A query parameter of the URI (ka.uri.param[command] of "
                + "/x?command=ls is ls)."), (arg, i) -> (e, out) -> uriParam(e, arg, out)));
        one(f, "ka.target.name", "The name of the object acted on.", "objectRef", "name");
        one(f, "ka.target.namespace", "The namespace of the object acted on.", "objectRef", "namespace");
        one(f, "ka.target.resource", "The resource of the object acted on (pods, secrets, ...).", "objectRef",
                "resource");
        one(f, "ka.target.subresource", "The subresource acted on (exec, attach, ...).", "objectRef",
                "subresource");
        f.add(new Entry(plain("ka.target.pod.name", "The name of the pod acted on."), (a, i) -> AuditFields::podName));
        list(f, "ka.req.binding.subjects", "The subjects a role binding links.", "requestObject", "subjects");
        subjects(f, "ka.req.binding.subjects.user_names", "The user names a role binding links.", "User");
        subjects(f, "ka.req.binding.subjects.serviceaccount_names", "The service accounts a role binding links.",
                "ServiceAccount");
        subjects(f, "ka.req.binding.subjects.serviceaccount_ns_names",
                "The service accounts a role binding links, as namespace:name.", null);
        subjects(f, "ka.req.binding.subjects.group_names", "The groups a role binding links.", "Group");
        one(f, "ka.req.binding.role", "The role a role binding links.", "requestObject", "roleRef", "name");
        f.add(new Entry(key("ka.req.binding.subject.has_name", "Deprecated: always true."),
                (a, i) -> (e, out) -> out.text("true")));
        one(f, "ka.req.configmap.name", "The name of the configmap acted on.", "objectRef", "name");
        one(f, "ka.req.configmap.obj", "The data of the configmap in the request, as JSON.", "requestObject",
                "data");
        containerFields(f, "containers", "containers", true);
        f.add(new Entry(plain("ka.req.container.image", "Deprecated: the image of the first container."),
                (a, i) -> (e, out) -> out.text(images(e, "containers", 0).getFirst())));
        f.add(new Entry(plain("ka.req.container.image.repository",
                "Deprecated: the image repository of the first container."),
                (a, i) -> (e, out) -> out.text(repository(images(e, "containers", 0).getFirst()))));
        one(f, "ka.req.pod.host_ipc", "The pod's hostIPC flag.", "requestObject", "spec", "hostIPC");
        one(f, "ka.req.pod.host_network", "The pod's hostNetwork flag.", "requestObject", "spec", "hostNetwork");
        one(f, "ka.req.container.host_network", "Deprecated: the pod's hostNetwork flag.", "requestObject", "spec",
                "hostNetwork");
        one(f, "ka.req.pod.host_pid", "The pod's hostPID flag.", "requestObject", "spec", "hostPID");
        f.add(new Entry(plain("ka.req.container.privileged", "Deprecated: true when some container is privileged."),
                (a, i) -> AuditFields::anyPrivileged));
        one(f, "ka.req.pod.run_as_user", "The pod's runAsUser.", "requestObject", "spec", "securityContext",
                "runAsUser");
        one(f, "ka.req.pod.run_as_group", "The pod's runAsGroup.", "requestObject", "spec", "securityContext",
                "runAsGroup");
        list(f, "ka.req.role.rules", "The rules of the role in the request.", "requestObject", "rules");
        for (String k : List.of("apiGroups", "nonResourceURLs", "verbs", "resources")) {
            f.add(new Entry(indexedList("ka.req.role.rules." + k, "The " + k + " of the role's rules."),
                    (a, i) -> (e, out) -> ruleItems(e, i, out, "requestObject", "rules", k)));
        }
        one(f, "ka.req.pod.fs_group", "The pod's fsGroup.", "requestObject", "spec", "securityContext", "fsGroup");
        list(f, "ka.req.pod.supplemental_groups", "The pod's supplementalGroups.", "requestObject", "spec",
                "securityContext", "supplementalGroups");
        one(f, "ka.req.service.type", "The type of the service in the request.", "requestObject", "spec", "type");
        f.add(new Entry(indexedList("ka.req.service.ports", "The ports of the service in the request."),
                (a, i) -> (e, out) -> each(textsSkippingMissing(values(e, i, "requestObject", "spec", "ports")), out)));
        f.add(new Entry(indexedList("ka.req.pod.volumes.hostpath", "The hostPath paths of the pod's volumes."),
                (a, i) -> (e, out) -> each(hostPaths(e, i), out)));
        f.add(new Entry(key("ka.req.volume.hostpath", "Deprecated: true when a volume's hostPath is the path given "
                + "(or starts with it, for a path ending with *)."), (arg, i) -> (e, out) -> hostPath(e, arg, out)));
        f.add(new Entry(indexedList("ka.req.pod.volumes.flexvolume_driver", "The flexVolume drivers of the pod's "
                + "volumes."), (a, i) -> (e, out) -> each(textsSkippingMissing(values(e, i, "requestObject", "spec",
                "volumes", "flexVolume", "driver")), out)));
        f.add(new Entry(indexedList("ka.req.pod.volumes.volume_type", "The types of the pod's volumes."),
                (a, i) -> (e, out) -> each(volumeTypes(e, i), out)));
        one(f, "ka.resp.name", "The name of the object in the response.", "responseObject", "metadata", "name");
        one(f, "ka.response.code", "The response's HTTP status code.", "responseStatus", "code");
        one(f, "ka.response.reason", "The response's reason (mostly for failures).", "responseStatus", "reason");
        one(f, "ka.useragent", "The user agent of the client.", "userAgent");
        f.add(new Entry(indexedList("ka.sourceips", "The IP addresses of the client."),
                (a, i) -> (e, out) -> {
                    JsonNode ips = get(e, "sourceIPs");
                    if (ips == null || !ips.isArray()) {
                        throw NoValue.INSTANCE;
                    }
                    for (int k = 0; k < ips.size(); k++) {
                        if (i == ALL || i == k) {
                            out.text(text(ips.get(k)));
                        }
                    }
                }));
        one(f, "ka.cluster.name", "The name of the cluster.", "annotations", "cluster_name");
        containerFields(f, "initContainers", "init containers", true);
        containerFields(f, "ephemeralContainers", "ephemeral containers", false);
        return List.copyOf(f);
    }

    // ---- field shapes

    private static PluginField plain(String name, String description) {
        return PluginField.text(name, description);
    }

    private static PluginField key(String name, String description) {
        return PluginField.text(name, description).withArg(PluginField.Arg.KEY, true);
    }

    private static PluginField indexedList(String name, String description) {
        return PluginField.text(name, description).asList().withArg(PluginField.Arg.INDEX, false);
    }

    /** A string at a path. */
    private static void one(List<Entry> f, String name, String description, String... path) {
        f.add(new Entry(plain(name, description), (a, i) -> (e, out) -> out.text(text(get(e, path)))));
    }

    /** An array of strings at a path. */
    private static void list(List<Entry> f, String name, String description, String... path) {
        f.add(new Entry(plain(name, description).asList(), (a, i) -> (e, out) -> {
            JsonNode v = get(e, path);
            if (v == null || !v.isArray()) {
                throw NoValue.INSTANCE;
            }
            for (JsonNode item : v) {
                out.text(text(item));
            }
        }));
    }

    private static void each(List<String> items, FieldSink out) {
        for (String s : items) {
            out.text(s);
        }
    }

    // ---- containers

    private static void containerFields(List<Entry> f, String list, String label, boolean ports) {
        String p = "ka.req.pod." + list + ".";
        f.add(new Entry(indexedList(p + "name", "The names of the pod's " + label + "."),
                (a, i) -> (e, out) -> each(texts(values(e, i, "requestObject", "spec", list, "name")), out)));
        f.add(new Entry(indexedList(p + "image", "The images of the pod's " + label + "."),
                (a, i) -> (e, out) -> each(images(e, list, i), out)));
        f.add(new Entry(indexedList(p + "image.repository", "The image repositories (the image without tag or "
                + "digest) of the pod's " + label + "."), (a, i) -> (e, out) -> {
                    for (String image : images(e, list, i)) {
                        out.text(repository(image));
                    }
                }));
        f.add(new Entry(indexedList(p + "command", "The commands of the pod's " + label + "."),
                (a, i) -> (e, out) -> each(words(e, list, i, "command"), out)));
        f.add(new Entry(indexedList(p + "args", "The arguments of the pod's " + label + "."),
                (a, i) -> (e, out) -> each(words(e, list, i, "args"), out)));
        if (ports) {
            f.add(new Entry(indexedList(p + "host_port", "The host ports of the pod's " + label + "."),
                    (a, i) -> (e, out) -> each(hostPorts(e, list, i), out)));
        }
        String[][] settings = {{"privileged", "privileged"},
                {"allow_privilege_escalation", "allowPrivilegeEscalation"},
                {"read_only_fs", "readOnlyRootFilesystem"}, {"run_as_user", "runAsUser"},
                {"run_as_group", "runAsGroup"}, {"proc_mount", "procMount"}};
        for (String[] s : settings) {
            f.add(new Entry(indexedList(p + s[0], "The " + s[1] + " setting of the pod's " + label + "."),
                    (a, i) -> (e, out) -> each(textsSkippingMissing(values(e, i, "requestObject", "spec", list,
                            "securityContext", s[1])), out)));
        }
        f.add(new Entry(indexedList(p + "eff_run_as_user", "The uid the pod's " + label + " start with: their "
                + "runAsUser, else the pod's, else 0."), (a, i) -> (e, out) -> each(effective(e, list, i, "runAsUser"),
                out)));
        f.add(new Entry(indexedList(p + "eff_run_as_group", "The gid the pod's " + label + " start with: their "
                + "runAsGroup, else the pod's, else 0."), (a, i) -> (e, out) -> each(effective(e, list, i,
                "runAsGroup"), out)));
        f.add(new Entry(indexedList(p + "add_capabilities", "The capabilities added to the pod's " + label + "."),
                (a, i) -> (e, out) -> each(textsSkippingMissing(values(e, i, "requestObject", "spec", list,
                        "securityContext", "capabilities", "add")), out)));
    }

    private static List<String> images(JsonNode e, String list, int index) throws NoValue {
        return texts(values(e, index, "requestObject", "spec", list, "image"));
    }

    /** An image without its tag and digest: docker.io/nginx:1.25@sha256:... is docker.io/nginx. */
    static String repository(String image) {
        String s = image;
        int colon = s.indexOf(':');
        if (colon >= 0) {
            s = s.substring(0, colon);
        }
        int at = s.indexOf('@');
        return at >= 0 ? s.substring(0, at) : s;
    }

    /** Each container's command (or args) words joined by spaces; no value when no container has any. */
    private static List<String> words(JsonNode e, String list, int index, String key) throws NoValue {
        List<String> out = new ArrayList<>();
        for (JsonNode c : values(e, index, "requestObject", "spec", list, key)) {
            if (c == null) {
                continue;
            }
            if (!c.isArray()) {
                throw NoValue.INSTANCE;
            }
            List<String> parts = new ArrayList<>();
            for (JsonNode w : c) {
                if (!w.isTextual()) {
                    throw NoValue.INSTANCE;
                }
                parts.add(w.textValue());
            }
            out.add(String.join(" ", parts));
        }
        if (out.isEmpty()) {
            throw NoValue.INSTANCE;
        }
        return out;
    }

    private static List<String> hostPorts(JsonNode e, String list, int index) throws NoValue {
        List<String> out = new ArrayList<>();
        for (JsonNode ports : values(e, index, "requestObject", "spec", list, "ports")) {
            if (ports == null) {
                continue;
            }
            if (!ports.isArray()) {
                throw NoValue.INSTANCE;
            }
            for (JsonNode port : ports) {
                // with hostNetwork the container port is the host's
                JsonNode p = port.has("hostPort") ? port.get("hostPort") : port.get("containerPort");
                if (p != null) {
                    out.add(text(p));
                }
            }
        }
        return out;
    }

    private static List<String> effective(JsonNode e, String list, int index, String key) throws NoValue {
        JsonNode pod = get(e, "requestObject", "spec", "securityContext", key);
        String podValue = pod == null ? "0" : text(pod);
        List<String> out = new ArrayList<>();
        for (JsonNode v : values(e, index, "requestObject", "spec", list, "securityContext", key)) {
            out.add(v == null ? podValue : text(v));
        }
        return out;
    }

    private static void anyPrivileged(JsonNode e, FieldSink out) throws NoValue {
        for (JsonNode v : values(e, ALL, "requestObject", "spec", "containers", "securityContext", "privileged")) {
            if (v != null && v.isBoolean() && v.booleanValue()) {
                out.text("true");
                return;
            }
        }
        out.text("false");
    }

    // ---- the others

    private static void podName(JsonNode e, FieldSink out) throws NoValue {
        JsonNode resource = get(e, "objectRef", "resource");
        JsonNode sub = get(e, "objectRef", "subresource");
        if (resource == null || !"pods".equals(resource.asText()) || sub != null && !sub.asText().isEmpty()) {
            throw NoValue.INSTANCE;
        }
        out.text(text(get(e, "responseObject", "metadata", "name")));
    }

    private static void uriParam(JsonNode e, String name, FieldSink out) throws NoValue {
        String uri = text(get(e, "requestURI"));
        String query;
        try {
            query = new URI(uri).getRawQuery();
        } catch (URISyntaxException ex) {
            throw NoValue.INSTANCE;
        }
        if (query == null) {
            throw NoValue.INSTANCE;
        }
        for (String pair : query.split("[&;]")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (k.equals(name)) {
                out.text(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                return;
            }
        }
        throw NoValue.INSTANCE;
    }

    private static void subjects(List<Entry> f, String name, String description, String kind) {
        f.add(new Entry(plain(name, description).asList(), (a, i) -> (e, out) -> {
            JsonNode subjects = get(e, "requestObject", "subjects");
            if (subjects == null) {
                return;
            }
            if (!subjects.isArray()) {
                throw NoValue.INSTANCE;
            }
            for (JsonNode s : subjects) {
                JsonNode k = s.get("kind");
                JsonNode n = s.get("name");
                if (k == null || n == null || !k.asText().equals(kind == null ? "ServiceAccount" : kind)) {
                    continue;
                }
                if (kind == null) {
                    JsonNode ns = s.get("namespace");
                    if (ns == null) {
                        continue;
                    }
                    out.text(JsonEvents.text(ns) + ":" + JsonEvents.text(n));
                } else {
                    out.text(JsonEvents.text(n));
                }
            }
        }));
    }

    /** The items of the arrays at a path through the role's rules (verbs, resources, ...). */
    private static void ruleItems(JsonNode e, int index, FieldSink out, String... path) throws NoValue {
        for (JsonNode v : values(e, index, path)) {
            if (v != null && v.isArray()) {
                for (JsonNode item : v) {
                    out.text(JsonEvents.text(item));
                }
            }
        }
    }

    private static List<String> hostPaths(JsonNode e, int index) throws NoValue {
        return textsSkippingMissing(values(e, index, "requestObject", "spec", "volumes", "hostPath", "path"));
    }

    private static void hostPath(JsonNode e, String arg, FieldSink out) throws NoValue {
        boolean prefix = arg.endsWith("*");
        String want = prefix ? arg.substring(0, arg.length() - 1) : arg;
        for (String p : hostPaths(e, ALL)) {
            if (prefix ? p.startsWith(want) : p.equals(want)) {
                out.text("true");
                return;
            }
        }
        out.text("false");
    }

    private static List<String> volumeTypes(JsonNode e, int index) throws NoValue {
        List<String> out = new ArrayList<>();
        for (JsonNode v : values(e, index, "requestObject", "spec", "volumes", "")) {
            if (v != null && v.isObject()) {
                for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    if (!k.equals("name")) {
                        out.add(k);
                    }
                }
            }
        }
        return out;
    }
}
