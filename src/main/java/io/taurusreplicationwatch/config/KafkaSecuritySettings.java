package io.taurusreplicationwatch.config;

import io.taurusreplicationwatch.state.KafkaSecurity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * Reads the {@code watch.kafka.*} security settings and the {@code watch.kafka.client.*} pass-through into the
 * {@link KafkaSecurity} every Kafka client uses. Kafka's own refusal of a wrong combination comes only when the
 * first client connects, with its own key names; here it is one line naming ours.
 */
final class KafkaSecuritySettings {

    /** The prefix of the pass-through: {@code watch.kafka.client.linger.ms} is the clients' {@code linger.ms}. */
    static final String PASS_THROUGH = "watch.kafka.client.";

    private static final List<String> MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
    private static final List<String> STORE_TYPES = List.of("JKS", "PKCS12", "PEM");
    // The Kafka properties that have a setting of their own: the setting is the one place to set them.
    private static final Map<String, Setting> WITH_A_SETTING = Map.ofEntries(
            Map.entry("bootstrap.servers", Setting.KAFKA_BROKERS),
            Map.entry("client.id", Setting.KAFKA_CLIENT_ID),
            Map.entry("delivery.timeout.ms", Setting.KAFKA_DELIVERY_TIMEOUT),
            Map.entry("request.timeout.ms", Setting.KAFKA_REQUEST_TIMEOUT),
            Map.entry("max.block.ms", Setting.KAFKA_MAX_BLOCK),
            Map.entry("security.protocol", Setting.KAFKA_SECURITY_PROTOCOL),
            Map.entry("sasl.mechanism", Setting.KAFKA_SASL_MECHANISM),
            Map.entry("sasl.jaas.config", Setting.KAFKA_SASL_JAAS_CONFIG),
            Map.entry("ssl.truststore.location", Setting.KAFKA_TRUSTSTORE_LOCATION),
            Map.entry("ssl.truststore.password", Setting.KAFKA_TRUSTSTORE_PASSWORD),
            Map.entry("ssl.truststore.type", Setting.KAFKA_TRUSTSTORE_TYPE),
            Map.entry("ssl.keystore.location", Setting.KAFKA_KEYSTORE_LOCATION),
            Map.entry("ssl.keystore.password", Setting.KAFKA_KEYSTORE_PASSWORD),
            Map.entry("ssl.keystore.type", Setting.KAFKA_KEYSTORE_TYPE),
            Map.entry("ssl.key.password", Setting.KAFKA_KEY_PASSWORD),
            Map.entry("ssl.endpoint.identification.algorithm", Setting.KAFKA_HOSTNAME_VERIFICATION));
    // What the delivery guarantees and the readers rest on: each client sets these itself.
    private static final Set<String> FIXED = Set.of("acks", "enable.idempotence",
            "max.in.flight.requests.per.connection", "key.serializer", "value.serializer", "key.deserializer",
            "value.deserializer", "enable.auto.commit", "allow.auto.create.topics");

    private KafkaSecuritySettings() {
    }

    /**
     * @param properties  the settings
     * @param passThrough every property whose name starts with {@link #PASS_THROUGH}, with its value
     */
    static KafkaSecurity read(Function<String, Optional<String>> properties, Map<String, String> passThrough) {
        Function<Setting, Optional<String>> set = setting -> properties.apply(setting.key()).map(String::trim)
                .filter(value -> !value.isEmpty());
        SecurityProtocol protocol = protocol(set.apply(Setting.KAFKA_SECURITY_PROTOCOL).orElse("PLAINTEXT"));
        boolean sasl = protocol == SecurityProtocol.SASL_PLAINTEXT || protocol == SecurityProtocol.SASL_SSL;
        boolean tls = protocol == SecurityProtocol.SSL || protocol == SecurityProtocol.SASL_SSL;

        Optional<String> mechanism = set.apply(Setting.KAFKA_SASL_MECHANISM).map(m -> m.toUpperCase(Locale.ROOT));
        Optional<String> username = set.apply(Setting.KAFKA_USERNAME);
        Optional<String> password = properties.apply(Setting.KAFKA_PASSWORD.key()).filter(p -> !p.isEmpty());
        Optional<String> jaas = set.apply(Setting.KAFKA_SASL_JAAS_CONFIG);
        Optional<KafkaSecurity.Login> login = Optional.empty();
        if (sasl) {
            mechanism(protocol, mechanism);
            login = Optional.of(login(protocol, username, password, jaas));
        } else {
            notWithout(Setting.KAFKA_SASL_MECHANISM, mechanism, protocol, "SASL_SSL or SASL_PLAINTEXT", "login");
            notWithout(Setting.KAFKA_USERNAME, username, protocol, "SASL_SSL or SASL_PLAINTEXT", "login");
            notWithout(Setting.KAFKA_PASSWORD, password, protocol, "SASL_SSL or SASL_PLAINTEXT", "login");
            notWithout(Setting.KAFKA_SASL_JAAS_CONFIG, jaas, protocol, "SASL_SSL or SASL_PLAINTEXT", "login");
        }

        Optional<KafkaSecurity.Store> trustStore = store(set, Setting.KAFKA_TRUSTSTORE_LOCATION,
                Setting.KAFKA_TRUSTSTORE_PASSWORD, Setting.KAFKA_TRUSTSTORE_TYPE);
        Optional<KafkaSecurity.Store> keyStore = store(set, Setting.KAFKA_KEYSTORE_LOCATION,
                Setting.KAFKA_KEYSTORE_PASSWORD, Setting.KAFKA_KEYSTORE_TYPE);
        Optional<String> keyPassword = set.apply(Setting.KAFKA_KEY_PASSWORD);
        if (!tls) {
            notWithout(Setting.KAFKA_TRUSTSTORE_LOCATION, trustStore, protocol, "SSL or SASL_SSL", "TLS");
            notWithout(Setting.KAFKA_KEYSTORE_LOCATION, keyStore, protocol, "SSL or SASL_SSL", "TLS");
        }
        if (keyPassword.isPresent() && keyStore.isEmpty()) {
            throw new InvalidSettingException(Setting.KAFKA_KEY_PASSWORD.key(), "is set but "
                    + Setting.KAFKA_KEYSTORE_LOCATION.key() + " is not; set the key store too, or remove it");
        }
        boolean hostnameVerification = Boolean.parseBoolean(Setting.KAFKA_HOSTNAME_VERIFICATION.rule().choice(
                Setting.KAFKA_HOSTNAME_VERIFICATION.key(), set.apply(Setting.KAFKA_HOSTNAME_VERIFICATION)
                        .orElse("true"), "true"));
        return new KafkaSecurity(protocol, sasl ? mechanism : Optional.empty(), login, trustStore, keyStore,
                keyPassword, hostnameVerification, passThrough(passThrough));
    }

    private static SecurityProtocol protocol(String value) {
        try {
            return SecurityProtocol.forName(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(Setting.KAFKA_SECURITY_PROTOCOL.key(), "'" + value + "' is not one of"
                    + " PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL (default PLAINTEXT)");
        }
    }

    private static void mechanism(SecurityProtocol protocol, Optional<String> mechanism) {
        String key = Setting.KAFKA_SASL_MECHANISM.key();
        if (mechanism.isEmpty()) {
            throw new InvalidSettingException(key, "is not set; with " + Setting.KAFKA_SECURITY_PROTOCOL.key() + "="
                    + protocol.name + " set it to PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (DMS for Kafka: SCRAM-SHA-512"
                    + " or PLAIN)");
        }
        if (!MECHANISMS.contains(mechanism.get())) {
            throw new InvalidSettingException(key, "'" + mechanism.get() + "' is not one of PLAIN, SCRAM-SHA-256,"
                    + " SCRAM-SHA-512");
        }
    }

    private static KafkaSecurity.Login login(SecurityProtocol protocol, Optional<String> username,
                                             Optional<String> password, Optional<String> jaas) {
        String usernameKey = Setting.KAFKA_USERNAME.key();
        String passwordKey = Setting.KAFKA_PASSWORD.key();
        String jaasKey = Setting.KAFKA_SASL_JAAS_CONFIG.key();
        if (jaas.isPresent()) {
            if (username.isPresent() || password.isPresent()) {
                throw new InvalidSettingException(jaasKey, "is set together with " + usernameKey + "/" + passwordKey
                        + "; set either the JAAS line or the user and password, not both");
            }
            try {
                JaasContext.loadClientContext(Map.of(SaslConfigs.SASL_JAAS_CONFIG, new Password(jaas.get())));
            } catch (IllegalArgumentException e) {
                // Kafka's reason names the part at fault, never the value.
                throw new InvalidSettingException(jaasKey, "is not a JAAS line (" + e.getMessage() + "); write it as"
                        + " <LoginModule class> required username=\"...\" password=\"...\";");
            }
            return new KafkaSecurity.Login(Optional.empty(), Optional.empty(), jaas);
        }
        if (username.isEmpty()) {
            throw new InvalidSettingException(usernameKey, "is not set; with " + Setting.KAFKA_SECURITY_PROTOCOL.key()
                    + "=" + protocol.name + " set " + usernameKey + " and " + passwordKey + ", or " + jaasKey);
        }
        if (password.isEmpty()) {
            throw new InvalidSettingException(passwordKey, "is not set; set the SASL password of user "
                    + username.get() + " (or " + jaasKey + " instead of both)");
        }
        return new KafkaSecurity.Login(username, password, Optional.empty());
    }

    private static Optional<KafkaSecurity.Store> store(Function<Setting, Optional<String>> set, Setting location,
                                                       Setting password, Setting type) {
        Optional<String> file = set.apply(location);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        Path path = Path.of(file.get());
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new InvalidSettingException(location.key(), "'" + file.get() + "' is not a readable file (relative"
                    + " to " + Path.of("").toAbsolutePath() + "); name the store file this user can read");
        }
        String storeType = set.apply(type).orElse(type.defaultValue()).toUpperCase(Locale.ROOT);
        if (!STORE_TYPES.contains(storeType)) {
            throw new InvalidSettingException(type.key(), "'" + storeType + "' is not one of JKS, PKCS12, PEM"
                    + " (default " + type.defaultValue() + ")");
        }
        return Optional.of(new KafkaSecurity.Store(path, set.apply(password), storeType));
    }

    private static void notWithout(Setting setting, Optional<?> value, SecurityProtocol protocol, String needed,
                                   String what) {
        if (value.isPresent()) {
            throw new InvalidSettingException(setting.key(), "is set, but " + Setting.KAFKA_SECURITY_PROTOCOL.key()
                    + "=" + protocol.name + " uses no " + what + "; set " + Setting.KAFKA_SECURITY_PROTOCOL.key() + " to "
                    + needed + ", or remove it");
        }
    }

    private static Map<String, String> passThrough(Map<String, String> properties) {
        Map<String, String> kafka = new LinkedHashMap<>();
        properties.forEach((property, value) -> {
            String name = property.substring(PASS_THROUGH.length());
            Setting own = WITH_A_SETTING.get(name);
            if (own != null) {
                throw new InvalidSettingException(property, name + " has a setting of its own; set " + own.key()
                        + " instead");
            }
            if (FIXED.contains(name)) {
                throw new InvalidSettingException(property, "the service sets " + name + " itself (its delivery"
                        + " guarantees and readers rest on it); remove it");
            }
            if (!ProducerConfig.configNames().contains(name) && !ConsumerConfig.configNames().contains(name)
                    && !AdminClientConfig.configNames().contains(name)) {
                throw new InvalidSettingException(property, "'" + name + "' is not a property of Kafka's producer,"
                        + " consumer or admin client; write " + PASS_THROUGH + "<Kafka property>, such as "
                        + PASS_THROUGH + "linger.ms");
            }
            kafka.put(name, value.trim());
        });
        return kafka;
    }
}
