package io.taurusreplicationwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Instance entries that name their region, the endpoint of each region, and the IAM endpoint. */
class RegionSettingsTest {

    private static final String PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final String SOUTH_PROJECT = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
    private static final String INSTANCE = "0123456789abcdef0123456789abcdefin07";
    private static final String OTHER_INSTANCE = "fedcba9876543210fedcba9876543210in07";

    @Test
    void should_read_the_region_of_each_entry_and_give_entries_without_one_watch_region() {
        WatchSettings settings = settings(Map.of(WatchSettings.INSTANCES, "cn-south-1/" + SOUTH_PROJECT + ":"
                + INSTANCE + ", " + PROJECT + ":" + OTHER_INSTANCE, WatchSettings.REGION, "cn-east-3"));

        assertThat(settings.instances()).containsExactly(
                new InstanceEntry("cn-south-1", Optional.of(SOUTH_PROJECT), INSTANCE),
                new InstanceEntry("cn-east-3", Optional.of(PROJECT), OTHER_INSTANCE));
    }

    @Test
    void should_give_the_default_project_only_to_entries_of_watch_region_and_leave_the_others_to_iam() {
        WatchSettings settings = settings(Map.of(WatchSettings.INSTANCES, "cn-south-1/" + INSTANCE
                + ",cn-north-4/" + OTHER_INSTANCE, WatchSettings.PROJECT_ID, PROJECT));

        assertThat(settings.instances()).containsExactly(
                new InstanceEntry("cn-south-1", Optional.empty(), INSTANCE),
                new InstanceEntry("cn-north-4", Optional.of(PROJECT), OTHER_INSTANCE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cn_south_1/", "/", "cn.south/", "région/"})
    void should_reject_an_entry_whose_region_is_not_a_region_name_naming_the_entry(String prefix) {
        String entry = prefix + PROJECT + ":" + INSTANCE;

        InvalidSettingException error = rejected(Map.of(WatchSettings.INSTANCES, entry));

        assertThat(error.property()).isEqualTo(WatchSettings.INSTANCES);
        assertThat(error.getMessage()).startsWith("watch.instances: '" + entry + "' names the region");
    }

    @Test
    void should_reject_a_default_region_that_is_not_a_region_name() {
        InvalidSettingException error = rejected(Map.of(WatchSettings.REGION, "cn/north"));

        assertThat(error.property()).isEqualTo(WatchSettings.REGION);
        assertThat(error.getMessage()).contains("'cn/north'", "cn-north-4");
    }

    @Test
    void should_serve_each_region_by_its_override_else_the_endpoint_setting_for_watch_region_else_the_vendor_name() {
        WatchSettings settings = settings(Map.of(WatchSettings.ENDPOINT, "https://gaussdb.internal:8443",
                WatchSettings.REGION_ENDPOINTS, " cn-south-1=http://127.0.0.1:40123 , ap-southeast-1=https://sg.example/api"));

        assertThat(settings.endpoints().of("cn-north-4")).isEqualTo(URI.create("https://gaussdb.internal:8443"));
        assertThat(settings.endpoints().of("cn-south-1")).isEqualTo(URI.create("http://127.0.0.1:40123"));
        assertThat(settings.endpoints().of("ap-southeast-1")).isEqualTo(URI.create("https://sg.example/api"));
        assertThat(settings.endpoints().of("cn-east-3"))
                .isEqualTo(URI.create("https://gaussdb.cn-east-3.myhuaweicloud.com"));
    }

    @Test
    void should_let_a_region_endpoint_override_the_endpoint_of_watch_region() {
        WatchSettings settings = settings(Map.of(WatchSettings.REGION_ENDPOINTS, "cn-north-4=http://127.0.0.1:1"));

        assertThat(settings.endpoints().of("cn-north-4")).isEqualTo(URI.create("http://127.0.0.1:1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cn-south-1", "http://127.0.0.1:1", "=http://127.0.0.1:1", "cn-south-1=ftp://x",
            "cn-south-1=http://127.0.0.1:99999", "cn-south-1=http://x?y=1", "cn_south=http://127.0.0.1:1",
            "cn-south-1=http://127.0.0.1:1,cn-south-1=http://127.0.0.1:2"})
    void should_reject_a_region_endpoint_entry_that_is_not_a_region_and_an_http_url(String value) {
        InvalidSettingException error = rejected(Map.of(WatchSettings.REGION_ENDPOINTS, value));

        assertThat(error.property()).isEqualTo(WatchSettings.REGION_ENDPOINTS);
        assertThat(error.getMessage()).startsWith("watch.api.region-endpoints: ");
    }

    @Test
    void should_refuse_a_region_endpoint_with_a_password_without_printing_it() {
        InvalidSettingException error = rejected(Map.of(WatchSettings.REGION_ENDPOINTS,
                "cn-south-1=https://user:hunter2@gaussdb.example"));

        assertThat(error.getMessage()).contains("***@").doesNotContain("hunter2");
    }

    @Test
    void should_read_the_iam_endpoint_from_the_sdk_variable_only_when_the_setting_is_empty() {
        Map<String, String> env = Map.of("HUAWEICLOUD_SDK_IAM_ENDPOINT", "https://iam.cn-south-1.myhuaweicloud.com");

        assertThat(settings(Map.of(WatchSettings.IAM_ENDPOINT, " "), env).iamEndpoint())
                .isEqualTo(URI.create("https://iam.cn-south-1.myhuaweicloud.com"));
        assertThat(settings(Map.of(WatchSettings.IAM_ENDPOINT, "http://127.0.0.1:7"), env).iamEndpoint())
                .isEqualTo(URI.create("http://127.0.0.1:7"));
        assertThat(settings(Map.of(WatchSettings.IAM_ENDPOINT, ""), Map.of()).iamEndpoint())
                .isEqualTo(URI.create("https://iam.myhuaweicloud.com"));
    }

    @Test
    void should_reject_an_iam_endpoint_that_is_not_an_http_url() {
        InvalidSettingException error = rejected(Map.of(WatchSettings.IAM_ENDPOINT, "iam.myhuaweicloud.com"));

        assertThat(error.property()).isEqualTo(WatchSettings.IAM_ENDPOINT);
        assertThat(error.getMessage()).contains("'iam.myhuaweicloud.com'", "https://iam.myhuaweicloud.com");
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static WatchSettings settings(Map<String, String> overrides) {
        return settings(overrides, Map.of());
    }

    private static WatchSettings settings(Map<String, String> overrides, Map<String, String> env) {
        Map<String, String> properties = minimal();
        properties.putAll(overrides);
        return WatchSettings.from(name -> Optional.ofNullable(properties.get(name)), env);
    }

    private static InvalidSettingException rejected(Map<String, String> overrides) {
        Map<String, String> properties = minimal();
        properties.putAll(overrides);
        return catchThrowableOfType(InvalidSettingException.class,
                () -> WatchSettings.from(name -> Optional.ofNullable(properties.get(name)), Map.of()));
    }

    private static Map<String, String> minimal() {
        Map<String, String> properties = new HashMap<>();
        properties.put(WatchSettings.INSTANCES, PROJECT + ":" + INSTANCE);
        properties.put(WatchSettings.ENDPOINT, "https://gaussdb.cn-north-4.myhuaweicloud.com");
        properties.put(WatchSettings.KAFKA_BROKERS, "localhost:9092");
        properties.put(WatchSettings.KAFKA_TOPIC, "taurus.replication.changes");
        return properties;
    }
}
