package dev.peregrine.plugin.k8saudit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.peregrine.plugin.EventSourcing;
import dev.peregrine.plugin.FieldExtraction;
import dev.peregrine.plugin.FieldExtractor;
import dev.peregrine.plugin.Plugin;
import dev.peregrine.plugin.PluginApi;
import dev.peregrine.plugin.PluginException;
import dev.peregrine.plugin.PluginField;
import dev.peregrine.plugin.PluginInfo;
import dev.peregrine.plugin.SourceHost;
import dev.peregrine.plugin.SourceInstance;
import dev.peregrine.plugin.json.JsonEvents;

import java.nio.file.Path;
import java.util.List;

/**
 * Falco's k8saudit plugin: the k8s_audit event source and its ka.* fields. Its version is that of the Falco
 * k8saudit plugin whose fields and open parameters it implements, so that rules files' required_plugin_versions
 * hold for it.
 *
 * <p>open_params: empty for the audit webhook at {@code /k8s-audit} on the web server; {@code http://[HOST]:PORT/PATH}
 * (or https) for the webhook at that address; otherwise a file of audit events (one payload a line) or a
 * directory of such files, read oldest first.
 */
public final class K8sAuditPlugin implements Plugin, EventSourcing, FieldExtraction {
    /** Falco's plugin registry id of k8saudit. */
    static final int ID = 1;
    static final String SOURCE = "k8s_audit";
    /** The webhook path when open_params is empty, as Falco served its built-in audit endpoint. */
    static final String DEFAULT_ENDPOINT = "/k8s-audit";

    private static final PluginInfo INFO = new PluginInfo("k8saudit", "0.18.0",
            "Kubernetes audit events, from the API server's audit webhook or from files (Peregrine's Java version "
                    + "of Falco's k8saudit plugin)", "Peregrine", PluginApi.VERSION);
    private static final List<PluginField> FIELDS = AuditFields.ALL_FIELDS.stream().map(AuditFields.Entry::field)
            .toList();

    private final JsonEvents events = new JsonEvents();
    private AuditConfig config = AuditConfig.DEFAULTS;

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public String initSchema() {
        return AuditConfig.SCHEMA;
    }

    @Override
    public void init(String configText) throws PluginException {
        config = AuditConfig.parse(configText);
    }

    @Override
    public int id() {
        return ID;
    }

    @Override
    public String eventSource() {
        return SOURCE;
    }

    @Override
    public List<OpenParam> openParams() {
        return List.of(new OpenParam("", "the audit webhook at " + DEFAULT_ENDPOINT + " on the web server"),
                new OpenParam("http://:9765/k8s-audit", "the audit webhook on a port of its own"),
                new OpenParam("/var/log/k8s-audit.log", "a file of audit events, one a line"));
    }

    @Override
    public SourceInstance open(String params, SourceHost host) throws PluginException {
        String p = params.strip();
        if (p.isEmpty()) {
            return AuditWebhookSource.open(DEFAULT_ENDPOINT, host, config);
        }
        if (p.startsWith("http://") || p.startsWith("https://")) {
            return AuditWebhookSource.open(p, host, config);
        }
        if (p.contains("://")) {
            throw new PluginException("scheme \"" + p.substring(0, p.indexOf("://")) + "\" is not supported");
        }
        return AuditFileSource.open(Path.of(p), host, config.maxEventSize());
    }

    @Override
    public List<PluginField> fields() {
        return FIELDS;
    }

    @Override
    public FieldExtractor extractor(int field, String argument) {
        AuditFields.Entry entry = AuditFields.ALL_FIELDS.get(field);
        // an index argument picks one item; a key argument, as in Falco, stands for index 0 where an index is used
        int index = argument == null ? AuditJson.ALL
                : entry.field().arg() == PluginField.Arg.INDEX ? Integer.parseInt(argument) : 0;
        AuditFields.Reader reader = entry.factory().make(argument, index);
        return (e, out) -> {
            JsonNode root = events.parse(e);
            // events that are not audit events (another JSON) have no ka.* values
            if (root == null || !root.isObject() || root.get("auditID") == null) {
                return;
            }
            try {
                reader.read(root, out);
            } catch (AuditJson.NoValue none) {
                // the field has no value for this event
            }
        };
    }
}
