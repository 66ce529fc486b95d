package dev.peregrine.kafka;

import java.security.KeyStore;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.security.auth.SslEngineFactory;

/**
 * Hands the producer engines from the SSLContext that {@link KafkaTls} built: Kafka's own factory cannot trust any
 * certificate (insecure) nor read PKCS#1 keys. Public only because Kafka instantiates it by class name; the
 * context arrives through the producer's configuration under {@link #CONTEXT}.
 */
public final class KafkaSslEngineFactory implements SslEngineFactory {

    static final String CONTEXT = "peregrine.kafka.ssl.context";
    static final String VERIFY_HOST = "peregrine.kafka.ssl.verify.host";

    private SSLContext context;
    private boolean verifyHost;

    @Override
    public void configure(Map<String, ?> configs) {
        if (!(configs.get(CONTEXT) instanceof SSLContext given)) {
            throw new ConfigException(CONTEXT + " must be an SSLContext built by KafkaChannel");
        }
        context = given;
        verifyHost = !Boolean.FALSE.equals(configs.get(VERIFY_HOST));
    }

    @Override
    public SSLEngine createClientSslEngine(String peerHost, int peerPort, String endpointIdentification) {
        SSLEngine engine = context.createSSLEngine(peerHost, peerPort);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        // Kafka's own default is to check the broker's host name against its certificate, as https does
        parameters.setEndpointIdentificationAlgorithm(verifyHost ? "HTTPS" : null);
        engine.setSSLParameters(parameters);
        return engine;
    }

    @Override
    public SSLEngine createServerSslEngine(String peerHost, int peerPort) {
        throw new UnsupportedOperationException("the kafka alert channel is a client only");
    }

    @Override
    public boolean shouldBeRebuilt(Map<String, Object> nextConfigs) {
        return false;
    }

    @Override
    public Set<String> reconfigurableConfigs() {
        return Set.of();
    }

    @Override
    public KeyStore keystore() {
        return null;
    }

    @Override
    public KeyStore truststore() {
        return null;
    }

    @Override
    public void close() {
    }
}
