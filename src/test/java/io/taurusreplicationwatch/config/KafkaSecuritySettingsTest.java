package io.taurusreplicationwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taurusreplicationwatch.state.KafkaSecurity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the {@code watch.kafka.*} security settings and the pass-through become the clients' Kafka properties. */
class KafkaSecuritySettingsTest {

    @TempDir
    Path directory;
    private Path trustStore;
    private final Map<String, String> properties = new HashMap<>();
    private final Map<String, String> passThrough = new HashMap<>();

    @BeforeEach
    void aTrustStoreFile() throws IOException {
        trustStore = Files.writeString(directory.resolve("truststore.jks"), "not read here");
    }

    @Test
    void should_add_nothing_to_kafkas_defaults_when_nothing_is_set() {
        assertThat(read().properties()).isEmpty();
    }

    @Test
    void should_build_the_dms_properties_with_an_empty_endpoint_identification_algorithm() {
        dms();
        properties.put("watch.kafka.hostname-verification", "false");

        assertThat(read().properties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", trustStore.toString())
                .containsEntry("ssl.truststore.password", "store-pw")
                .containsEntry("ssl.truststore.type", "JKS")
                .containsEntry("ssl.endpoint.identification.algorithm", "")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"watcher\" password=\"pw\";");
    }

    @Test
    void should_quote_the_user_and_password_so_that_kafkas_jaas_parser_reads_them_back_unchanged() {
        dms();
        properties.put("watch.kafka.sasl-mechanism", "plain");
        properties.put("watch.kafka.password", "p\"w\\x; required=y");

        String jaas = (String) read().properties().get(SaslConfigs.SASL_JAAS_CONFIG);
        AppConfigurationEntry entry = JaasContext.loadClientContext(
                Map.of(SaslConfigs.SASL_JAAS_CONFIG, new Password(jaas))).configurationEntries().get(0);

        assertThat(entry.getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.plain.PlainLoginModule");
        Map<String, Object> options = new HashMap<>(entry.getOptions());
        assertThat(options).containsEntry("username", "watcher").containsEntry("password", "p\"w\\x; required=y");
    }

    @Test
    void should_register_every_password_and_the_jaas_line_as_secrets_and_print_none_of_them() {
        dms();
        KafkaSecurity security = read();

        assertThat(security.secrets()).contains("pw", "store-pw", (String) security.properties().get("sasl.jaas.config"));
        assertThat(security.toString()).doesNotContain("store-pw").doesNotContain("password=");
    }

    @Test
    void should_pass_client_properties_through_but_let_no_pass_through_override_a_setting() {
        passThrough.put("watch.kafka.client.linger.ms", "20");
        passThrough.put("watch.kafka.client.compression.type", "zstd");

        assertThat(read().properties()).containsEntry("linger.ms", "20").containsEntry("compression.type", "zstd");
        assertRejected("watch.kafka.client.security.protocol", "SSL",
                "security.protocol has a setting of its own; set watch.kafka.security-protocol instead");
        assertRejected("watch.kafka.client.bootstrap.servers", "x:1", "set watch.kafka.brokers instead");
        assertRejected("watch.kafka.client.ssl.endpoint.identification.algorithm", "",
                "set watch.kafka.hostname-verification instead");
        assertRejected("watch.kafka.client.acks", "1", "the service sets acks itself");
        assertRejected("watch.kafka.client.lingr.ms", "5", "'lingr.ms' is not a property of Kafka's producer");
    }

    @Test
    void should_name_the_missing_setting_of_a_sasl_login() {
        properties.put("watch.kafka.security-protocol", "SASL_SSL");
        assertThat(rejection().getMessage()).startsWith("watch.kafka.sasl-mechanism: is not set; with"
                + " watch.kafka.security-protocol=SASL_SSL set it to PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512");
        properties.put("watch.kafka.sasl-mechanism", "SCRAM-SHA-1");
        assertThat(rejection().property()).isEqualTo("watch.kafka.sasl-mechanism");
        properties.put("watch.kafka.sasl-mechanism", "SCRAM-SHA-512");
        assertThat(rejection().property()).isEqualTo("watch.kafka.username");
        properties.put("watch.kafka.username", "watcher");
        assertThat(rejection().getMessage()).startsWith("watch.kafka.password: is not set");
        properties.put("watch.kafka.sasl-jaas-config", "x required;");
        assertThat(rejection().getMessage()).startsWith("watch.kafka.sasl-jaas-config: is set together with");
    }

    @Test
    void should_refuse_a_jaas_line_kafka_cannot_parse_without_printing_it() {
        properties.put("watch.kafka.security-protocol", "SASL_PLAINTEXT");
        properties.put("watch.kafka.sasl-mechanism", "PLAIN");
        properties.put("watch.kafka.sasl-jaas-config", "PlainLoginModule required password=\"jaas-secret\"");

        InvalidSettingException error = rejection();
        assertThat(error.getMessage()).startsWith("watch.kafka.sasl-jaas-config: is not a JAAS line")
                .doesNotContain("jaas-secret");
    }

    @Test
    void should_refuse_a_protocol_kafka_does_not_know_an_unreadable_trust_store_and_tls_settings_without_tls() {
        properties.put("watch.kafka.security-protocol", "TLS");
        assertThat(rejection().getMessage()).isEqualTo("watch.kafka.security-protocol: 'TLS' is not one of"
                + " PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL (default PLAINTEXT)");

        properties.put("watch.kafka.security-protocol", "ssl");
        properties.put("watch.kafka.truststore-location", directory.resolve("missing.jks").toString());
        assertThat(rejection().getMessage()).startsWith("watch.kafka.truststore-location: '"
                + directory.resolve("missing.jks") + "' is not a readable file");

        properties.put("watch.kafka.security-protocol", "SASL_PLAINTEXT");
        properties.put("watch.kafka.sasl-mechanism", "PLAIN");
        properties.put("watch.kafka.username", "u");
        properties.put("watch.kafka.password", "p");
        properties.put("watch.kafka.truststore-location", trustStore.toString());
        assertThat(rejection().getMessage()).startsWith("watch.kafka.truststore-location: is set, but"
                + " watch.kafka.security-protocol=SASL_PLAINTEXT uses no TLS");
    }

    @Test
    void should_count_a_passed_through_linger_in_the_delivery_timeout_check() {
        Map<String, String> all = new HashMap<>(Map.of("watch.instances",
                "0a1b2c3d4e5f60718293a4b5c6d7e8f9:4f5e6d7c8b9a0f1e2d3c4b5a69788796in07",
                "watch.kafka.delivery-timeout-ms", "12000"));
        InvalidSettingException error = catchThrowableOfType(InvalidSettingException.class,
                () -> WatchSettings.from(name -> Optional.ofNullable(all.get(name)), Map.of(),
                        Map.of("watch.kafka.client.linger.ms", "5000")));

        assertThat(error.getMessage()).startsWith("watch.kafka.delivery-timeout-ms: '12000' is less than"
                + " watch.kafka.request-timeout-ms (10000) + linger.ms (5000)");
    }

    private void dms() {
        properties.put("watch.kafka.security-protocol", "sasl_ssl");
        properties.put("watch.kafka.sasl-mechanism", "SCRAM-SHA-512");
        properties.put("watch.kafka.username", "watcher");
        properties.put("watch.kafka.password", "pw");
        properties.put("watch.kafka.truststore-location", trustStore.toString());
        properties.put("watch.kafka.truststore-password", "store-pw");
    }

    private KafkaSecurity read() {
        return KafkaSecuritySettings.read(name -> Optional.ofNullable(properties.get(name)), passThrough);
    }

    private InvalidSettingException rejection() {
        return catchThrowableOfType(InvalidSettingException.class, this::read);
    }

    private void assertRejected(String property, String value, String message) {
        Map<String, String> one = Map.of(property, value);
        InvalidSettingException error = catchThrowableOfType(InvalidSettingException.class,
                () -> KafkaSecuritySettings.read(name -> Optional.ofNullable(properties.get(name)), one));
        assertThat(error.property()).isEqualTo(property);
        assertThat(error.getMessage()).contains(message);
    }
}
