package io.taurusreplicationwatch.state;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * How every Kafka client of the service authenticates and encrypts, and the operator's pass-through client
 * properties, as the Kafka properties they become. Validated by the settings before it is made; this only
 * translates.
 *
 * @param protocol             security.protocol
 * @param saslMechanism        sasl.mechanism, for the SASL protocols
 * @param login                the SASL login: a user and password, or a whole JAAS line
 * @param trustStore           the store of the authorities the brokers' certificates are checked against; empty:
 *                             the JVM's
 * @param keyStore             the client's own certificate, for brokers that require one (mutual TLS)
 * @param keyPassword          the password of the key in the key store, when it differs from the store's
 * @param hostnameVerification whether a broker's certificate must name the host it is reached under
 * @param passThrough          further client properties, applied to every client before the settings above
 */
public record KafkaSecurity(SecurityProtocol protocol, Optional<String> saslMechanism, Optional<Login> login,
                            Optional<Store> trustStore, Optional<Store> keyStore, Optional<String> keyPassword,
                            boolean hostnameVerification, Map<String, String> passThrough) {

    private static final String PLAIN_LOGIN = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final String SCRAM_LOGIN = "org.apache.kafka.common.security.scram.ScramLoginModule";

    /** A SASL login: either a user name and password, or the operator's own JAAS line. */
    public record Login(Optional<String> username, Optional<String> password, Optional<String> jaasConfig) {

        @Override
        public String toString() {
            return "Login[" + username.orElse(jaasConfig.isPresent() ? "(jaas config)" : "") + "]";
        }
    }

    /** A key or trust store file. */
    public record Store(Path location, Optional<String> password, String type) {

        @Override
        public String toString() {
            return "Store[" + location + ", " + type + "]";
        }
    }

    public KafkaSecurity {
        passThrough = Map.copyOf(passThrough);
    }

    /** No security, no pass-through: Kafka's defaults. */
    public static KafkaSecurity plaintext() {
        return new KafkaSecurity(SecurityProtocol.PLAINTEXT, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), true, Map.of());
    }

    /** The Kafka client properties: the pass-through first, so that no pass-through key overrides a setting. */
    public Map<String, Object> properties() {
        Map<String, Object> properties = new LinkedHashMap<>(passThrough);
        // PLAINTEXT is Kafka's default; left out, an older camel.component.kafka.security-protocol still reaches the
        // event producer instead of being overridden.
        if (protocol != SecurityProtocol.PLAINTEXT) {
            properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol.name);
        }
        if (sasl()) {
            saslMechanism.ifPresent(mechanism -> properties.put(SaslConfigs.SASL_MECHANISM, mechanism));
            jaasConfig().ifPresent(jaas -> properties.put(SaslConfigs.SASL_JAAS_CONFIG, jaas));
        }
        if (tls()) {
            trustStore.ifPresent(store -> {
                properties.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, store.location().toString());
                properties.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, store.type());
                store.password().ifPresent(p -> properties.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, p));
            });
            keyStore.ifPresent(store -> {
                properties.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, store.location().toString());
                properties.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, store.type());
                store.password().ifPresent(p -> properties.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, p));
                keyPassword.or(store::password).ifPresent(p -> properties.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, p));
            });
            // Kafka reads an empty algorithm as "no hostname verification"; there is no other way to say it.
            properties.put(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG,
                    hostnameVerification ? "https" : "");
        }
        return properties;
    }

    /** Every secret value these properties hold, for the log masks. */
    public List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        login.flatMap(Login::password).ifPresent(secrets::add);
        jaasConfig().ifPresent(secrets::add);
        trustStore.flatMap(Store::password).ifPresent(secrets::add);
        keyStore.flatMap(Store::password).ifPresent(secrets::add);
        keyPassword.ifPresent(secrets::add);
        return List.copyOf(secrets);
    }

    public boolean sasl() {
        return protocol == SecurityProtocol.SASL_PLAINTEXT || protocol == SecurityProtocol.SASL_SSL;
    }

    public boolean tls() {
        return protocol == SecurityProtocol.SSL || protocol == SecurityProtocol.SASL_SSL;
    }

    /** The operator's JAAS line, or one built for the mechanism from the user and password. */
    Optional<String> jaasConfig() {
        return login.flatMap(l -> l.jaasConfig().or(() -> l.username().flatMap(user -> l.password().map(
                password -> loginModule() + " required username=" + quoted(user) + " password=" + quoted(password)
                        + ";"))));
    }

    private String loginModule() {
        return saslMechanism.filter("PLAIN"::equals).isPresent() ? PLAIN_LOGIN : SCRAM_LOGIN;
    }

    /** A JAAS option value: Kafka's parser reads a double-quoted string with backslash escapes. */
    static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    @Override
    public String toString() {
        return "KafkaSecurity[" + protocol.name + saslMechanism.map(m -> " " + m).orElse("")
                + login.map(l -> " " + l).orElse("") + trustStore.map(s -> " trust " + s).orElse("")
                + keyStore.map(s -> " key " + s).orElse("") + (hostnameVerification ? "" : " no hostname verification")
                + " pass-through " + passThrough.keySet() + "]";
    }
}
