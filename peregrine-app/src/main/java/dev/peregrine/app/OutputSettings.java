package dev.peregrine.app;

import dev.peregrine.config.ConfigNode;
import dev.peregrine.config.FalcoConfig;
import dev.peregrine.config.HttpOutput;
import dev.peregrine.outputs.HttpSettings;

import java.util.LinkedHashMap;
import java.util.Map;

/** The channels' settings, from falco.yaml's output sections. */
final class OutputSettings {
    private OutputSettings() {
    }

    /** http_output, plus a `headers` map of extra request headers (a Peregrine addition). */
    static HttpSettings http(FalcoConfig c) {
        HttpOutput h = c.httpOutput();
        Map<String, String> headers = new LinkedHashMap<>();
        c.tree().node("http_output.headers").ifPresent(n -> {
            if (n instanceof ConfigNode.Mapping m) {
                m.entries().forEach((k, v) -> headers.put(k, v.toString()));
            }
        });
        return new HttpSettings(h.url(), h.userAgent(), headers, h.insecure(), h.echo(), h.caCert(), h.caBundle(),
                h.caPath(), h.mtls(), h.clientCert(), h.clientKey(), h.compressUploads(), h.keepAlive(),
                h.maxConsecutiveTimeouts(), HttpSettings.DEFAULT_TIMEOUT);
    }
}
