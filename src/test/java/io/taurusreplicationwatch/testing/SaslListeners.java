package io.taurusreplicationwatch.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * What {@link EmbeddedKafkaBroker} needs for its SASL listeners, as DMS for Kafka offers them: one SCRAM-SHA-512 user
 * (its credential written into the KRaft metadata when the storage is formatted), a certificate for 127.0.0.1
 * (listener {@code SECURE}), one for another host name only (listener {@code MISNAMED}), both signed by a test
 * authority whose JKS trust store clients use, and a SASL_PLAINTEXT listener with PLAIN for the same user.
 */
public record SaslListeners(String user, String password, TestCertificates certificates, Path trustStore,
                            Path keyStore, Path misnamedKeyStore) {

    /** A host name no certificate check can match to 127.0.0.1. */
    public static final String OTHER_HOST = "kafka.elsewhere.invalid";

    /** A new authority in {@code directory}, and the broker's two key stores. */
    public static SaslListeners create(Path directory, String user, String password) {
        TestCertificates certificates = TestCertificates.authority(directory);
        return new SaslListeners(user, password, certificates, certificates.trustStore("JKS"),
                certificates.keyStore("broker", "ip:127.0.0.1", "dns:localhost"),
                certificates.keyStore("misnamed-broker", "dns:" + OTHER_HOST));
    }

    /** The password of the trust store and of the broker's key stores. */
    public String storePassword() {
        return certificates.password();
    }

    /**
     * Kafka client properties written out by hand, as a downstream consumer of DMS would: SASL_SSL with SCRAM-SHA-512
     * and the JKS trust store, with or without hostname verification.
     */
    public Map<String, Object> clientProperties(boolean hostnameVerification) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        properties.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        properties.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule"
                + " required username=\"" + user + "\" password=\"" + password + "\";");
        properties.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, trustStore.toString());
        properties.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, storePassword());
        properties.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "JKS");
        properties.put(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, hostnameVerification ? "https" : "");
        return properties;
    }
}
