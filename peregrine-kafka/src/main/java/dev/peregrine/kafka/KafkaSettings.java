package dev.peregrine.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kafka output's options, named after falcosidekick's kafka section where it has one (hostport, topic, clientid,
 * requiredacks, compression, tls, sasl, username, password). Shape errors (empty topic, malformed address, a client
 * certificate without its key, ...) throw {@link IllegalArgumentException} with a one-line message here; the files
 * named by {@link Tls} are read, and so checked, when {@link KafkaChannel} is built.
 *
 * @param bootstrapServers host:port pairs (a missing port means 9092, as in falcosidekick); IPv6 hosts in brackets
 * @param topic            where every alert goes
 * @param clientId         the producer's client.id, seen in broker logs and quotas; empty lets Kafka pick one
 * @param acks             falcosidekick's requiredacks
 * @param compression      record batch compression
 * @param key              what each record's key is: it picks the partition, so alerts with one key stay in order
 * @param tls              {@link Tls#OFF} for plaintext
 * @param sasl             {@link Sasl#NONE} for no authentication
 * @param deliveryTimeout  how long an alert may take to be acknowledged before it counts as failed; also bounds
 *                         how long one write may wait for the cluster's metadata (at most 2 s of it)
 */
public record KafkaSettings(List<String> bootstrapServers, String topic, String clientId, Acks acks,
                            Compression compression, Key key, Tls tls, Sasl sasl, Duration deliveryTimeout) {

    public static final int DEFAULT_PORT = 9092;
    public static final String DEFAULT_CLIENT_ID = "peregrine";
    /** falcosidekick relies on kafka-go's 10 s write timeout; the same bound here. */
    public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofSeconds(10);
    static final Duration MIN_DELIVERY_TIMEOUT = Duration.ofMillis(100);

    // a host name or IPv4 address, or an IPv6 address in brackets; then an optional port
    private static final Pattern ADDRESS = Pattern.compile(
            "(\\[[0-9A-Fa-f:.]+(?:%[\\w.]+)?]|[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)(?::(\\d{1,5}))?");
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

    /** falcosidekick's requiredacks. */
    public enum Acks {
        NONE, ONE, ALL;

        /** The producer's acks value. */
        public String config() {
            return switch (this) {
                case NONE -> "0";
                case ONE -> "1";
                case ALL -> "all";
            };
        }

        /** NONE, ONE or ALL in any case, or the producer's own 0, 1, -1 and all. */
        public static Acks parse(String text) {
            return switch (text == null ? "" : text.strip()) {
                case "0" -> NONE;
                case "1" -> ONE;
                case "-1" -> ALL;
                default -> KafkaSettings.parse(Acks.class, text, ALL, "requiredacks");
            };
        }
    }

    /** falcosidekick's compression: NONE, GZIP, SNAPPY, LZ4, ZSTD. */
    public enum Compression {
        NONE, GZIP, SNAPPY, LZ4, ZSTD;

        /** The producer's compression.type value. */
        public String config() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Compression parse(String text) {
            return KafkaSettings.parse(Compression.class, text, NONE, "compression");
        }
    }

    /** What each record's key is. NONE lets the producer spread alerts over partitions in batches. */
    public enum Key {
        NONE, RULE, HOSTNAME;

        public static Key parse(String text) {
            return KafkaSettings.parse(Key.class, text, NONE, "key");
        }
    }

    /** falcosidekick's sasl values (PLAIN, SCRAM_SHA256, SCRAM_SHA512), NONE for none. */
    public enum Mechanism {
        NONE(""), PLAIN("PLAIN"), SCRAM_SHA256("SCRAM-SHA-256"), SCRAM_SHA512("SCRAM-SHA-512");

        private final String config;

        Mechanism(String config) {
            this.config = config;
        }

        /** The producer's sasl.mechanism value. */
        public String config() {
            return config;
        }

        public static Mechanism parse(String text) {
            return KafkaSettings.parse(Mechanism.class, text, NONE, "sasl");
        }
    }

    /**
     * TLS to the brokers. With no caCert the JDK's trusted CAs apply (falcosidekick uses the system pool).
     *
     * @param enabled    use TLS at all (falcosidekick's tls)
     * @param caCert     a PEM file of the CAs to trust instead of the JDK's; empty for the JDK's
     * @param clientCert a PEM certificate (chain) presented for mutual TLS; empty for none
     * @param clientKey  its PEM private key, PKCS#8, PKCS#1 RSA or SEC1 EC, unencrypted; set exactly when
     *                   clientCert is
     * @param insecure   trust any broker certificate and skip the host name check
     */
    public record Tls(boolean enabled, String caCert, String clientCert, String clientKey, boolean insecure) {

        public static final Tls OFF = new Tls(false, "", "", "", false);
        /** TLS trusting the JDK's CAs, as falcosidekick's {@code tls: true}. */
        public static final Tls SYSTEM_TRUST = new Tls(true, "", "", "", false);

        public Tls {
            caCert = Objects.requireNonNullElse(caCert, "");
            clientCert = Objects.requireNonNullElse(clientCert, "");
            clientKey = Objects.requireNonNullElse(clientKey, "");
            if (clientCert.isEmpty() != clientKey.isEmpty()) {
                throw new IllegalArgumentException("kafka mutual TLS needs both a client certificate and a client key");
            }
            if (!enabled && (insecure || !caCert.isEmpty() || !clientCert.isEmpty())) {
                throw new IllegalArgumentException("kafka TLS options are set but tls is off");
            }
        }

        /** TLS trusting only the CAs in this PEM file. */
        public static Tls trusting(String caCertFile) {
            return new Tls(true, caCertFile, "", "", false);
        }

        /** The same trust, plus a client certificate and key for mutual TLS. */
        public Tls withClientCertificate(String certFile, String keyFile) {
            return new Tls(true, caCert, certFile, keyFile, insecure);
        }

        public Tls withInsecure(boolean value) {
            return new Tls(true, caCert, clientCert, clientKey, value);
        }
    }

    /** SASL authentication (falcosidekick's sasl, username, password). */
    public record Sasl(Mechanism mechanism, String username, String password) {

        public static final Sasl NONE = new Sasl(Mechanism.NONE, "", "");

        public Sasl {
            mechanism = Objects.requireNonNullElse(mechanism, Mechanism.NONE);
            username = Objects.requireNonNullElse(username, "");
            password = Objects.requireNonNullElse(password, "");
            if (mechanism != Mechanism.NONE && username.isEmpty()) {
                throw new IllegalArgumentException("kafka sasl " + mechanism + " needs a username");
            }
        }

        @Override
        public String toString() { // keeps the password out of logs and error messages
            return "Sasl[mechanism=" + mechanism + ", username=" + username + ", password=***]";
        }
    }

    public KafkaSettings {
        bootstrapServers = normalize(Objects.requireNonNull(bootstrapServers, "bootstrapServers"));
        Objects.requireNonNull(topic, "topic");
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("kafka topic must not be empty");
        }
        if (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw new IllegalArgumentException("kafka topic '" + topic
                    + "' is not a valid topic name (letters, digits, '.', '_', '-'; at most 249)");
        }
        clientId = Objects.requireNonNullElse(clientId, "");
        acks = Objects.requireNonNullElse(acks, Acks.ALL);
        compression = Objects.requireNonNullElse(compression, Compression.NONE);
        key = Objects.requireNonNullElse(key, Key.NONE);
        tls = Objects.requireNonNullElse(tls, Tls.OFF);
        sasl = Objects.requireNonNullElse(sasl, Sasl.NONE);
        deliveryTimeout = Objects.requireNonNullElse(deliveryTimeout, DEFAULT_DELIVERY_TIMEOUT);
        if (deliveryTimeout.compareTo(MIN_DELIVERY_TIMEOUT) < 0
                || deliveryTimeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("kafka delivery timeout must be between 100 ms and "
                    + Integer.MAX_VALUE + " ms, was " + deliveryTimeout.toMillis() + " ms");
        }
    }

    /**
     * falcosidekick's defaults but acks (all rather than none, so that failed deliveries are seen): no compression,
     * key NONE, plaintext, no SASL. {@code hostport} is a comma-separated list, as in falcosidekick.
     */
    public static KafkaSettings of(String hostport, String topic) {
        return of(hostport, topic, options -> { });
    }

    /** The defaults of {@link #of(String, String)}, as {@code changes} leaves them: {@code o -> o.key = Key.RULE}. */
    public static KafkaSettings of(String hostport, String topic, Consumer<Options> changes) {
        List<String> bootstrapServers = splitHostPort(hostport);
        Options o = new Options();
        changes.accept(o);
        return new KafkaSettings(bootstrapServers, topic, o.clientId, o.acks, o.compression, o.key, o.tls, o.sasl,
                o.deliveryTimeout);
    }

    /** falcosidekick's comma-separated hostport as a list (blank entries are errors, reported by the constructor). */
    public static List<String> splitHostPort(String hostport) {
        Objects.requireNonNull(hostport, "hostport");
        return List.of(hostport.split(",", -1)).stream().map(String::strip).toList();
    }

    /** The components but brokers and topic, at the defaults, for {@link #of(String, String, Consumer)} to change. */
    public static final class Options {
        public String clientId = DEFAULT_CLIENT_ID;
        public Acks acks = Acks.ALL;
        public Compression compression = Compression.NONE;
        public Key key = Key.NONE;
        public Tls tls = Tls.OFF;
        public Sasl sasl = Sasl.NONE;
        public Duration deliveryTimeout = DEFAULT_DELIVERY_TIMEOUT;

        private Options() {
        }
    }

    /** The producer's security.protocol for these TLS and SASL settings. */
    public String securityProtocol() {
        boolean auth = sasl.mechanism() != Mechanism.NONE;
        if (tls.enabled()) {
            return auth ? "SASL_SSL" : "SSL";
        }
        return auth ? "SASL_PLAINTEXT" : "PLAINTEXT";
    }

    private static List<String> normalize(List<String> addresses) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("kafka hostport must name at least one broker");
        }
        List<String> out = new ArrayList<>(addresses.size());
        for (String address : addresses) {
            Objects.requireNonNull(address, "bootstrap address");
            Matcher m = ADDRESS.matcher(address);
            if (!m.matches()) {
                throw new IllegalArgumentException("kafka hostport '" + address + "' is not host or host:port");
            }
            int port = m.group(2) == null ? DEFAULT_PORT : Integer.parseInt(m.group(2));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("kafka hostport '" + address + "' has port " + port
                        + ", not 1..65535");
            }
            out.add(m.group(1) + ":" + port);
        }
        return List.copyOf(out);
    }

    // SCRAM_SHA256, scram-sha-256 and SCRAM-SHA256 all name one mechanism
    private static String squash(String text) {
        return text.strip().toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    /** A falcosidekick-style, case-insensitive enum value; empty or null means the default. */
    private static <E extends Enum<E>> E parse(Class<E> type, String text, E empty, String option) {
        if (text == null || text.isBlank()) {
            return empty;
        }
        String wanted = squash(text);
        for (E value : type.getEnumConstants()) {
            if (squash(value.name()).equals(wanted)) {
                return value;
            }
        }
        List<String> names = List.of(type.getEnumConstants()).stream().map(Enum::name).toList();
        throw new IllegalArgumentException("unsupported kafka " + option + " '" + text.strip() + "' (one of "
                + String.join(", ", names) + ")");
    }
}
