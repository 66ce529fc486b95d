package dev.peregrine.plugin.k8saudit;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peregrine.plugin.PluginException;

/**
 * The k8saudit plugin's init configuration, with the defaults of Falco's k8saudit plugin.
 *
 * @param sslCertificate      a PEM file with certificate and key for an {@code https://} webhook
 * @param maxEventSize        the largest audit event accepted, in bytes (larger ones are rejected)
 * @param webhookMaxBatchSize the largest webhook request body accepted, in bytes
 */
record AuditConfig(String sslCertificate, long maxEventSize, long webhookMaxBatchSize) {
    static final AuditConfig DEFAULTS = new AuditConfig("/etc/falco/falco.pem", 262_144, 12L * 1024 * 1024);

    static final String SCHEMA = """
            {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
             "properties": {
              "sslCertificate": {"type": "string", "description": "certificate and key (PEM) for an https webhook"},
              "useAsync": {"type": "boolean", "description": "accepted for Falco's configurations; no effect"},
              "maxEventSize": {"type": "integer", "minimum": 1, "description": "largest audit event, bytes"},
              "webhookMaxBatchSize": {"type": "integer", "minimum": 1,
                                      "description": "largest webhook request body, bytes"}}}""";

    static AuditConfig parse(String text) throws PluginException {
        if (text == null || text.isBlank()) {
            return DEFAULTS;
        }
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(text);
        } catch (JacksonException e) {
            throw new PluginException("init config is not JSON: " + e.getOriginalMessage());
        }
        return new AuditConfig(n.path("sslCertificate").asText(DEFAULTS.sslCertificate),
                n.path("maxEventSize").asLong(DEFAULTS.maxEventSize),
                n.path("webhookMaxBatchSize").asLong(DEFAULTS.webhookMaxBatchSize));
    }
}
