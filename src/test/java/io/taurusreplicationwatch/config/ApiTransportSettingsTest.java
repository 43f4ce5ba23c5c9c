package io.taurusreplicationwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taurusreplicationwatch.api.ApiTransport;
import io.taurusreplicationwatch.api.ProxyServer;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The watch.api transport settings checked at start-up: timeouts, renamed keys, trust store and proxy. */
class ApiTransportSettingsTest {

    private static final String STORE_PASSWORD = "store-password-123";

    @TempDir
    Path directory;

    @Test
    void the_timeouts_default_to_the_values_the_camel_http_settings_shipped() {
        ApiTransport transport = transport(Map.of(), Map.of());

        assertThat(transport.timeouts().connect()).isEqualTo(Duration.ofSeconds(10));
        assertThat(transport.timeouts().response()).isEqualTo(Duration.ofSeconds(30));
        assertThat(transport.timeouts().socket()).isEqualTo(Duration.ofSeconds(30));
        assertThat(transport.timeouts().connectionRequest()).isEqualTo(Duration.ofSeconds(10));
        assertThat(transport.proxy().describe()).isEqualTo("none, connecting directly");
    }

    @Test
    void a_plain_number_of_a_timeout_is_milliseconds_as_before() {
        assertThat(transport(Map.of("watch.api.response-timeout", "3000"), Map.of()).timeouts().response())
                .isEqualTo(Duration.ofSeconds(3));
    }

    @ParameterizedTest
    @CsvSource({
        "camel.component.http.connect-timeout, watch.api.connect-timeout",
        "camel.component.http.response-timeout, watch.api.response-timeout",
        "camel.component.http.so-timeout, watch.api.socket-timeout",
        "camel.component.https.connectionRequestTimeout, watch.api.connection-request-timeout"
    })
    void an_old_camel_http_timeout_in_the_properties_stops_start_up_naming_its_new_key(String old, String renamed) {
        InvalidSettingException error = rejected(Map.of(old, "10000"), Map.of());

        assertThat(error.property()).isEqualTo(old);
        assertThat(error).hasMessageStartingWith(old + ": renamed to " + renamed + ",");
    }

    @Test
    void an_old_camel_http_timeout_in_the_environment_stops_start_up_naming_its_new_key() {
        InvalidSettingException error = rejected(Map.of(), Map.of("CAMEL_COMPONENT_HTTP_SO_TIMEOUT", "5000"));

        assertThat(error).hasMessageStartingWith("CAMEL_COMPONENT_HTTP_SO_TIMEOUT: renamed to watch.api.socket-timeout");
    }

    @Test
    void a_missing_trust_store_names_the_setting_and_the_path() {
        Path missing = directory.resolve("nowhere.p12");
        InvalidSettingException error = rejected(Map.of("watch.api.truststore", missing.toString()), Map.of());

        assertThat(error.property()).isEqualTo("watch.api.truststore");
        assertThat(error).hasMessageContaining(missing + "' is not a file");
    }

    @ParameterizedTest
    @CsvSource({"PKCS12, pkcs12", "JKS, auto"})
    void a_wrong_trust_store_password_names_the_password_setting_and_never_shows_a_password(String format,
                                                                                             String type)
            throws Exception {
        Path store = emptyStore(format);
        InvalidSettingException error = rejected(Map.of("watch.api.truststore", store.toString(),
                "watch.api.truststore-password", "not-the-store-password", "watch.api.truststore-type", type),
                Map.of());

        assertThat(error.property()).isEqualTo("watch.api.truststore-password");
        assertThat(error).hasMessageContaining("does not open " + store)
                .hasMessageNotContaining("not-the-store-password").hasMessageNotContaining(STORE_PASSWORD);
    }

    @Test
    void a_file_that_is_not_a_key_store_names_the_type_setting_when_a_type_is_given() throws Exception {
        Path pem = Files.writeString(directory.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\nMIIB\n"
                + "-----END CERTIFICATE-----\n");

        InvalidSettingException auto = rejected(Map.of("watch.api.truststore", pem.toString()), Map.of());
        InvalidSettingException typed = rejected(Map.of("watch.api.truststore", pem.toString(),
                "watch.api.truststore-type", "JKS"), Map.of());

        assertThat(auto.property()).isEqualTo("watch.api.truststore");
        assertThat(auto).hasMessageContaining("is not a JKS or PKCS12 key store");
        assertThat(typed.property()).isEqualTo("watch.api.truststore-type");
        assertThat(typed).hasMessageContaining("is not a JKS key store");
    }

    @Test
    void a_trust_store_without_a_certificate_is_refused() throws Exception {
        Path store = emptyStore("PKCS12");
        InvalidSettingException error = rejected(Map.of("watch.api.truststore", store.toString(),
                "watch.api.truststore-password", STORE_PASSWORD), Map.of());

        assertThat(error.property()).isEqualTo("watch.api.truststore");
        assertThat(error).hasMessageContaining("holds no certificate");
    }

    @Test
    void the_configured_proxy_takes_every_request_and_ignores_the_environment() {
        ApiTransport transport = transport(Map.of("watch.api.proxy", "proxy.corp:3128",
                "watch.api.proxy-user", "svc", "watch.api.proxy-password", "pw-1"),
                Map.of("HTTPS_PROXY", "http://other:9999", "NO_PROXY", "*"));

        ProxyServer https = transport.proxy().proxyFor(new HttpHost("https", "gaussdb.example.com", 443));
        assertThat(https).isEqualTo(new ProxyServer("proxy.corp", 3128, "svc", "pw-1", "watch.api.proxy"));
        assertThat(transport.proxy().proxyFor(new HttpHost("http", "gaussdb.example.com", 80))).isEqualTo(https);
    }

    @Test
    void the_environment_proxy_url_gives_host_port_and_credentials_and_upper_case_wins() {
        ApiTransport transport = transport(Map.of(), Map.of(
                "HTTPS_PROXY", "http://svc%40corp:p%3Ass@proxy.corp:3128/", "https_proxy", "http://ignored:1",
                "http_proxy", "plain.corp:8080", "no_proxy", ".internal"));

        ProxyServer https = transport.proxy().proxyFor(new HttpHost("https", "gaussdb.example.com", 443));
        assertThat(https).isEqualTo(new ProxyServer("proxy.corp", 3128, "svc@corp", "p:ss", "HTTPS_PROXY"));
        assertThat(transport.proxy().proxyFor(new HttpHost("http", "gaussdb.example.com", 80)).host())
                .isEqualTo("plain.corp");
        assertThat(transport.proxy().proxyFor(new HttpHost("https", "db.internal", 443))).isNull();
        assertThat(transport.proxy().secrets()).containsExactly("p:ss");
    }

    @ParameterizedTest
    @CsvSource({
        "watch.api.proxy, proxy.corp, watch.api.proxy",
        "watch.api.proxy, proxy.corp:0, watch.api.proxy",
        "watch.api.proxy, user:secret-pw@proxy.corp:3128, watch.api.proxy",
        "HTTPS_PROXY, https://user:secret-pw@proxy.corp:3128, HTTPS_PROXY",
        "HTTPS_PROXY, socks5://proxy.corp:1080, HTTPS_PROXY",
        "HTTPS_PROXY, http://user:secret-pw@@proxy.corp:3128, HTTPS_PROXY",
        "HTTPS_PROXY, http://user:secret-pw%zz@proxy.corp:3128, HTTPS_PROXY",
        "HTTP_PROXY, proxy.corp, HTTP_PROXY",
        "watch.api.proxy-password, secret-pw, watch.api.proxy-password",
        "watch.api.proxy-user, svc, watch.api.proxy-user"
    })
    void an_unusable_proxy_setting_stops_start_up_naming_it_without_its_password(String key, String value,
                                                                                  String named) {
        boolean variable = key.equals(key.toUpperCase());
        InvalidSettingException error = rejected(variable ? Map.of() : Map.of(key, value),
                variable ? Map.of(key, value) : Map.of());

        assertThat(error.property()).isEqualTo(named);
        assertThat(error).hasMessageNotContaining("secret-pw");
    }

    private Path emptyStore(String format) throws Exception {
        KeyStore store = KeyStore.getInstance(format);
        store.load(null, null);
        Path file = directory.resolve("empty." + format.toLowerCase());
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, STORE_PASSWORD.toCharArray());
        }
        return file;
    }

    private static ApiTransport transport(Map<String, String> properties, Map<String, String> environment) {
        Map<String, String> all = new HashMap<>(properties);
        return ApiTransportSettings.from(name -> Optional.ofNullable(all.get(name)), environment);
    }

    private static InvalidSettingException rejected(Map<String, String> properties, Map<String, String> environment) {
        InvalidSettingException error = catchThrowableOfType(InvalidSettingException.class,
                () -> transport(properties, environment));
        assertThat(error).as("rejected: %s %s", properties, environment).isNotNull();
        assertThat(error.getMessage()).doesNotContain("\n");
        return error;
    }
}
