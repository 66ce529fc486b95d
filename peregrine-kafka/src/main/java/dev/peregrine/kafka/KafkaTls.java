package dev.peregrine.kafka;

import dev.peregrine.outputs.IoReason;
import dev.peregrine.outputs.OutputException;
import dev.peregrine.outputs.TlsMaterial;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * Builds the SSLContext for {@link KafkaSettings.Tls}: caCert's CAs as the only trust (else the JDK's), the client
 * certificate and key for mutual TLS, or, when insecure, a trust manager that accepts any broker.
 */
final class KafkaTls {

    private KafkaTls() {
    }

    /** insecure trusts every broker (the engine factory also leaves out the host name check). */
    static SSLContext context(KafkaSettings.Tls tls) throws OutputException {
        TrustManager[] trust = tls.insecure() ? new TrustManager[] {TlsMaterial.trustAll()}
                : tls.caCert().isEmpty() ? null // the JDK's CAs
                : new TrustManager[] {TlsMaterial.trusting(Path.of(tls.caCert()), "kafka ca_cert")};
        KeyManager[] keys = tls.clientCert().isEmpty() ? null
                : TlsMaterial.keyManagers(Path.of(tls.clientCert()), Path.of(tls.clientKey()), "kafka ");
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new OutputException("cannot set up TLS for kafka: " + IoReason.of(e), e);
        }
    }
}
