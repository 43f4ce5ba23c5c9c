package io.taurusreplicationwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.taurusreplicationwatch.api.RequestLimits;
import io.taurusreplicationwatch.observability.ReadinessPolicy;
import io.taurusreplicationwatch.polling.OffsetMode;
import io.taurusreplicationwatch.polling.PagingPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests how {@link WatchSettings#from} reads, defaults and validates the {@code watch.*} settings. */
class WatchSettingsTest {

    private static final String PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    private static final String INSTANCE = "0123456789abcdef0123456789abcdefin07";
    private static final String OTHER_INSTANCE = "fedcba9876543210fedcba9876543210in07";

    private static final Map<String, String> MINIMAL = Map.of(
            WatchSettings.INSTANCES, PROJECT + ":" + INSTANCE,
            WatchSettings.ENDPOINT, "https://gaussdb.cn-north-4.myhuaweicloud.com",
            WatchSettings.KAFKA_BROKERS, "localhost:9092",
            WatchSettings.KAFKA_TOPIC, "taurus.replication.changes");

    @Test
    void should_apply_the_documented_defaults_to_a_minimal_valid_set() {
        WatchSettings settings = settings(Map.of(), Map.of());

        assertThat(settings.instances()).containsExactly(entry(PROJECT, INSTANCE));
        assertThat(settings.endpoints().of("cn-north-4")).isEqualTo(URI.create("https://gaussdb.cn-north-4.myhuaweicloud.com"));
        assertThat(settings.iamEndpoint()).isEqualTo(URI.create("https://iam.myhuaweicloud.com"));
        assertThat(settings.language()).isEqualTo("en-us");
        assertThat(settings.paging()).isEqualTo(new PagingPolicy(100, OffsetMode.RECORDS, 1000));
        assertThat(settings.pacing().interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.maxConcurrentInstances()).isEqualTo(4);
        assertThat(settings.trackedFields()).containsExactly("stage", "status");
        assertThat(settings.removalAfterPolls()).isEqualTo(2);
        assertThat(settings.stateStore()).isEqualTo(WatchSettings.StateStoreKind.FILE);
        assertThat(settings.stateFile()).isEqualTo(Path.of("data/replication-state.json"));
        assertThat(settings.tombstoneRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(settings.stateRecoverFromTopic()).isTrue();
        assertThat(settings.kafkaBrokers()).isEqualTo("localhost:9092");
        assertThat(settings.kafkaTopic()).isEqualTo("taurus.replication.changes");
    }

    @Test
    void should_read_project_and_instance_pairs_in_order() {
        WatchSettings settings = settings(Map.of(WatchSettings.INSTANCES,
                "proj-b:" + OTHER_INSTANCE + ", proj_a:" + INSTANCE), Map.of());

        assertThat(settings.instances()).containsExactly(entry("proj-b", OTHER_INSTANCE),
                entry("proj_a", INSTANCE));
    }

    @Test
    void should_give_bare_instances_the_project_id_property() {
        WatchSettings settings = settings(Map.of(WatchSettings.INSTANCES, INSTANCE + "," + OTHER_INSTANCE,
                WatchSettings.PROJECT_ID, PROJECT), Map.of("HUAWEICLOUD_SDK_PROJECT_ID", "envproject"));

        assertThat(settings.instances()).containsExactly(entry(PROJECT, INSTANCE),
                entry(PROJECT, OTHER_INSTANCE));
    }

    @Test
    void should_give_bare_instances_the_project_id_from_the_environment() {
        WatchSettings settings = settings(Map.of(WatchSettings.INSTANCES, INSTANCE),
                Map.of("HUAWEICLOUD_SDK_PROJECT_ID", "envproject"));

        assertThat(settings.instances()).containsExactly(entry("envproject", INSTANCE));
    }

    @Test
    void should_leave_the_project_of_a_bare_instance_without_any_project_id_to_iam() {
        WatchSettings settings = settings(Map.of(WatchSettings.INSTANCES, INSTANCE), Map.of());

        assertThat(settings.instances()).containsExactly(new InstanceEntry("cn-north-4", Optional.empty(), INSTANCE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0123456789abcdef0123456789ABCDEFin07", "0123456789abcdef0123456789abcdef",
            "3f2a9c1e-7b4d-4e8a-9c0f-1a2b3c4d5e6f"})
    void should_accept_a_valid_instance_id(String instanceId) {
        WatchSettings settings = settings(Map.of(WatchSettings.INSTANCES, PROJECT + ":" + instanceId), Map.of());

        assertThat(settings.instances()).containsExactly(entry(PROJECT, instanceId));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0123456789abcdefin07", "0123456789abcdef0123456789abcdeg", "xyz",
            "0123456789abcdef 0123456789abcdef", "0123456789abcdef0123456789abcdef in07"})
    void should_reject_an_invalid_instance_id_naming_the_instances_property(String instanceId) {
        InvalidSettingException error = assertRejected(
                Map.of(WatchSettings.INSTANCES, PROJECT + ":" + instanceId), WatchSettings.INSTANCES);

        assertThat(error.getMessage()).contains("watch.instances");
    }

    @Test
    void should_reject_a_page_size_of_0() {
        InvalidSettingException error = assertRejected(Map.of(WatchSettings.PAGE_SIZE, "0"), WatchSettings.PAGE_SIZE);

        assertThat(error.getMessage()).contains("watch.api.page-size").contains("1 to 1000");
    }

    @Test
    void should_reject_a_page_size_above_1000() {
        InvalidSettingException error = assertRejected(Map.of(WatchSettings.PAGE_SIZE, "1001"),
                WatchSettings.PAGE_SIZE);

        assertThat(error.getMessage()).contains("1001").contains("1 to 1000");
    }

    @Test
    void should_accept_a_page_size_of_1000() {
        assertThat(settings(Map.of(WatchSettings.PAGE_SIZE, "1000"), Map.of()).paging().limit()).isEqualTo(1000);
    }

    @Test
    void should_accept_the_pages_offset_mode() {
        WatchSettings settings = settings(Map.of(WatchSettings.OFFSET_MODE, "pages"), Map.of());

        assertThat(settings.paging().offsetMode()).isEqualTo(OffsetMode.PAGES);
    }

    @Test
    void should_reject_an_unknown_offset_mode() {
        assertRejected(Map.of(WatchSettings.OFFSET_MODE, "bogus"), WatchSettings.OFFSET_MODE);
    }

    @Test
    void should_accept_the_chinese_language() {
        assertThat(settings(Map.of(WatchSettings.LANGUAGE, "zh-cn"), Map.of()).language()).isEqualTo("zh-cn");
    }

    @Test
    void should_reject_an_unsupported_language() {
        assertRejected(Map.of(WatchSettings.LANGUAGE, "fr-fr"), WatchSettings.LANGUAGE);
    }

    @Test
    void should_accept_percentage_as_a_tracked_field() {
        WatchSettings settings = settings(Map.of(WatchSettings.TRACKED_FIELDS, "stage,percentage"), Map.of());

        assertThat(settings.trackedFields()).containsExactly("stage", "percentage");
    }

    @ParameterizedTest
    @ValueSource(strings = {"task_name", "nonsense"})
    void should_reject_a_field_that_cannot_be_tracked(String field) {
        InvalidSettingException error = assertRejected(Map.of(WatchSettings.TRACKED_FIELDS, "stage," + field),
                WatchSettings.TRACKED_FIELDS);

        assertThat(error.getMessage()).contains(field);
    }

    @Test
    void should_parse_a_poll_interval_in_minutes() {
        assertThat(settings(Map.of(WatchSettings.POLL_INTERVAL, "5m"), Map.of()).pacing().interval())
                .isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void should_reject_a_poll_interval_below_100_milliseconds() {
        assertRejected(Map.of(WatchSettings.POLL_INTERVAL, "10ms"), WatchSettings.POLL_INTERVAL);
    }

    @Test
    void should_reject_a_poll_interval_that_is_not_a_duration() {
        assertRejected(Map.of(WatchSettings.POLL_INTERVAL, "soon"), WatchSettings.POLL_INTERVAL);
    }

    @Test
    void should_reject_a_tombstone_retention_with_an_unknown_unit() {
        assertRejected(Map.of(WatchSettings.TOMBSTONE_RETENTION, "1w"), WatchSettings.TOMBSTONE_RETENTION);
    }

    @Test
    void should_detect_stalls_after_30_minutes_by_default_and_not_at_all_with_0() {
        assertThat(settings(Map.of(), Map.of()).stallAfter()).isEqualTo(Duration.ofMinutes(30));
        assertThat(settings(Map.of(Setting.STALL_AFTER.key(), "0"), Map.of()).stallAfter()).isZero();
    }

    @Test
    void should_reject_a_stall_time_that_is_not_a_duration_naming_the_property() {
        InvalidSettingException error = assertRejected(Map.of(Setting.STALL_AFTER.key(), "-5m"),
                Setting.STALL_AFTER.key());

        assertThat(error.getMessage()).contains("-5m").doesNotContain("\n");
    }

    @Test
    void should_bound_answers_to_4_megabytes_and_60_seconds_by_default() {
        assertThat(settings(Map.of(), Map.of()).requestLimits())
                .isEqualTo(new RequestLimits(4L << 20, Duration.ofSeconds(60)));
    }

    @ParameterizedTest
    @CsvSource({"512KB, 524288", "16mb, 16777216", "65536, 65536"})
    void should_read_a_response_size_in_bytes_kilobytes_or_megabytes(String value, long bytes) {
        assertThat(settings(Map.of(WatchSettings.MAX_RESPONSE_SIZE, value), Map.of()).requestLimits()
                .maxResponseBytes()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource({"4 MB", "4GB", "1023", "257MB", "lots"})
    void should_reject_a_response_size_that_is_no_size_or_out_of_range(String value) {
        InvalidSettingException error = assertRejected(Map.of(WatchSettings.MAX_RESPONSE_SIZE, value),
                WatchSettings.MAX_RESPONSE_SIZE);

        assertThat(error).hasMessage("watch.api.max-response-size: '" + value + "' is not a size from 1KB to 256MB,"
                + " such as 512KB or 4MB (default 4MB)");
    }

    @Test
    void should_reject_a_request_deadline_that_is_not_a_duration() {
        assertRejected(Map.of(WatchSettings.REQUEST_DEADLINE, "forever"), WatchSettings.REQUEST_DEADLINE);
    }

    @Test
    void should_turn_recovery_from_the_topic_off_when_told() {
        assertThat(settings(Map.of(WatchSettings.STATE_RECOVER_FROM_TOPIC, "false"), Map.of()).stateRecoverFromTopic())
                .isFalse();
    }

    @Test
    void should_reject_a_recovery_switch_that_is_not_true_or_false() {
        assertThat(assertRejected(Map.of(WatchSettings.STATE_RECOVER_FROM_TOPIC, "yes"),
                WatchSettings.STATE_RECOVER_FROM_TOPIC)).hasMessageContaining("'yes'").hasMessageContaining("false, true");
    }

    @Test
    void should_keep_task_gauges_on_by_default_and_turn_them_off_when_told() {
        String key = Setting.TASK_GAUGES.key();
        assertThat(settings(Map.of(), Map.of()).taskGauges()).isTrue();
        assertThat(settings(Map.of(key, "false"), Map.of()).taskGauges()).isFalse();
        assertThat(assertRejected(Map.of(key, "off"), key)).hasMessageContaining("'off'")
                .hasMessageContaining("false, true");
    }

    @Test
    void should_reject_an_endpoint_without_a_scheme() {
        assertRejected(Map.of(WatchSettings.ENDPOINT, "gaussdb.cn-north-4.myhuaweicloud.com"),
                WatchSettings.ENDPOINT);
    }

    @Test
    void should_reject_a_missing_kafka_brokers_setting() {
        Map<String, String> properties = new HashMap<>(MINIMAL);
        properties.remove(WatchSettings.KAFKA_BROKERS);

        InvalidSettingException error = rejection(properties, Map.of());

        assertThat(error.property()).isEqualTo("watch.kafka.brokers");
        assertThat(error).hasMessageContaining("is not set; set it to host:port pairs");
    }

    @ParameterizedTest
    @CsvSource({
        "camel.management.port, abc, 'abc' is not a whole number from 0 to 65535",
        "camel.management.enabled, yes, 'yes' is not one of false, true",
        "camel.main.shutdown-timeout, 0, '0' is not a whole number from 1 to 3600",
        "camel.threadpool.config[publish-threads].pool-size, 0, '0' is not a whole number from 1 to 256"
    })
    void should_reject_a_wrong_value_of_a_shipped_camel_setting(String property, String value, String message) {
        InvalidSettingException error = assertRejected(Map.of(property, value), property);

        assertThat(error).hasMessageStartingWith(property + ": " + message);
    }

    @Test
    void should_say_what_to_write_when_no_instance_is_set() {
        Map<String, String> properties = new HashMap<>(MINIMAL);
        properties.remove(WatchSettings.INSTANCES);

        InvalidSettingException error = rejection(properties, Map.of());

        assertThat(error).hasMessage("watch.instances: is not set; set it to <project_id>:<instance_id> entries"
                + " separated by commas");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "watch.kafka.topic | bad topic!",
        "watch.kafka.topic | ..",
        "watch.state.kafka-topic | state/topic"
    })
    void should_reject_a_topic_name_kafka_refuses_with_kafka_s_reason(String property, String topic) {
        InvalidSettingException error = assertRejected(Map.of(property, topic), property);

        assertThat(error).hasMessageStartingWith(property + ": '" + topic + "' is not a Kafka topic name (Topic name"
                + " is invalid");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://gaussdb.example.com:99999", "https://gaussdb.example.com:0"})
    void should_reject_an_endpoint_port_outside_1_to_65535(String endpoint) {
        InvalidSettingException error = assertRejected(Map.of(WatchSettings.ENDPOINT, endpoint),
                WatchSettings.ENDPOINT);

        assertThat(error).hasMessageContaining("a port is 1 to 65535");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://admin:s3cr3t-pw@gaussdb.example.com", "https://admin:s3cr3t-pw@gaussdb.example.com:99999/x",
            "https://admin:s3cr3t-pw@@gaussdb example.com"})
    void should_refuse_an_endpoint_with_a_password_without_printing_it(String endpoint) {
        InvalidSettingException error = assertRejected(Map.of(WatchSettings.ENDPOINT, endpoint),
                WatchSettings.ENDPOINT);

        assertThat(error.getMessage()).doesNotContain("s3cr3t-pw").doesNotContain("admin").contains("***@");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "localhost:99999", "localhost:9092,kafka-2", "localhost:0", "a b:9092"})
    void should_reject_brokers_that_are_not_host_port_pairs(String brokers) {
        InvalidSettingException error = assertRejected(Map.of(WatchSettings.KAFKA_BROKERS, brokers),
                WatchSettings.KAFKA_BROKERS);

        assertThat(error).hasMessageContaining("is not host:port");
    }

    @Test
    void should_accept_brokers_with_listener_names_and_ipv6_literals() {
        String brokers = "SASL_SSL://kafka-1.example.com:9093, [::1]:9092,10.0.0.7:9092";

        assertThat(settings(Map.of(WatchSettings.KAFKA_BROKERS, brokers), Map.of()).kafkaBrokers()).isEqualTo(brokers);
    }

    @ParameterizedTest
    @CsvSource({
        "watch.kafka.delivery-timeout-ms, abc",
        "watch.kafka.request-timeout-ms, 0",
        "watch.kafka.max-block-ms, -1"
    })
    void should_reject_a_kafka_timeout_that_is_not_a_whole_number_of_milliseconds_naming_our_property(
            String property, String value) {
        InvalidSettingException error = assertRejected(Map.of(property, value), property);

        assertThat(error).hasMessageStartingWith(property + ": '" + value + "' is not a whole number");
    }

    @Test
    void should_reject_a_delivery_timeout_below_the_request_timeout_as_kafka_would() {
        InvalidSettingException error = assertRejected(Map.of(WatchSettings.KAFKA_DELIVERY_TIMEOUT, "5000",
                WatchSettings.KAFKA_REQUEST_TIMEOUT, "10000"), WatchSettings.KAFKA_DELIVERY_TIMEOUT);

        assertThat(error).hasMessage("watch.kafka.delivery-timeout-ms: '5000' is less than"
                + " watch.kafka.request-timeout-ms (10000), which Kafka refuses; raise it to at least 10000 or lower"
                + " watch.kafka.request-timeout-ms");
    }

    @Test
    void should_count_the_linger_time_in_the_delivery_timeout_relation() {
        assertRejected(Map.of(WatchSettings.KAFKA_DELIVERY_TIMEOUT, "10000", WatchSettings.KAFKA_REQUEST_TIMEOUT,
                "10000", "camel.component.kafka.linger-ms", "5"), WatchSettings.KAFKA_DELIVERY_TIMEOUT);
    }

    @Test
    void should_reject_an_empty_kafka_client_id() {
        assertRejected(Map.of(WatchSettings.KAFKA_CLIENT_ID, " "), WatchSettings.KAFKA_CLIENT_ID);
    }

    @Test
    void should_take_the_readiness_limits_from_the_delivery_timeout_and_the_health_settings() {
        WatchSettings settings = settings(Map.of(WatchSettings.KAFKA_DELIVERY_TIMEOUT, "45000",
                WatchSettings.KAFKA_PROBE_INTERVAL, "2s", WatchSettings.FAILED_POLL_INTERVALS, "5"), Map.of());

        assertThat(settings.readiness()).isEqualTo(new ReadinessPolicy(
                Duration.ofSeconds(45), Duration.ofSeconds(2), 5));
    }

    @Test
    void should_state_a_minimum_below_one_second_in_milliseconds() {
        InvalidSettingException error = assertRejected(Map.of(WatchSettings.POLL_INTERVAL, "0"),
                WatchSettings.POLL_INTERVAL);

        assertThat(error).hasMessageStartingWith("watch.poll.interval: '0' is not a duration of at least 100ms,");
    }

    @ParameterizedTest
    @CsvSource({
        "watch.api.connect-timeout, 10s",
        "watch.api.connection-request-timeout, 10s",
        "watch.api.response-timeout, 30s",
        "watch.api.socket-timeout, 30s"
    })
    void should_name_the_declared_default_of_an_http_timeout_when_rejecting_it(String property, String declared) {
        InvalidSettingException error = assertRejected(Map.of(property, "abc"), property);

        assertThat(error).hasMessageEndingWith("(default " + declared + ")");
    }

    @Test
    void should_reject_an_initial_delay_that_is_not_a_duration() {
        InvalidSettingException error = assertRejected(Map.of("watch.poll.initial-delay", "soon"),
                "watch.poll.initial-delay");

        assertThat(error).hasMessageStartingWith("watch.poll.initial-delay: 'soon' is not a duration of at least 0ms");
    }

    @Test
    void should_hand_the_routes_the_declared_default_of_a_setting_the_file_leaves_out() {
        Map<String, String> routeValues = settings(Map.of(), Map.of()).routeValues();

        assertThat(routeValues).containsEntry(WatchSettings.POLL_TICK, "25ms")
                .containsEntry(WatchSettings.STATE_SAVE_INTERVAL, "30s")
                .containsEntry(WatchSettings.KAFKA_MAX_BLOCK, "10000");
    }

    @Test
    void should_hand_the_routes_the_value_it_validated() {
        WatchSettings settings = settings(Map.of(WatchSettings.POLL_TICK, " 50ms ",
                WatchSettings.KAFKA_CLIENT_ID, "watch-7"), Map.of());

        assertThat(settings.routeValues()).containsEntry(WatchSettings.POLL_TICK, "50ms")
                .containsEntry(WatchSettings.KAFKA_CLIENT_ID, "watch-7");
    }

    @Test
    void should_reject_a_poll_tick_below_10_milliseconds_before_a_route_reads_it() {
        assertRejected(Map.of(WatchSettings.POLL_TICK, "5ms"), WatchSettings.POLL_TICK);
    }

    @Test
    void should_show_a_secret_in_the_summary_only_as_set_and_hand_it_to_no_route() {
        Map<String, String> properties = new HashMap<>(MINIMAL);
        properties.put("watch.auth.secret-key", "sk-never-printed-0123456789");
        WatchSettings settings = WatchSettings.from(name -> Optional.ofNullable(properties.get(name)), Map.of());

        String summary = settings.summary(name -> Optional.ofNullable(properties.get(name)));

        assertThat(summary).contains("watch.auth.secret-key=(set)", "watch.auth.token=(empty)",
                "watch.poll.interval=30s", "watch.kafka.topic=taurus.replication.changes")
                .doesNotContain("sk-never-printed");
        assertThat(settings.routeValues()).doesNotContainKey("watch.auth.secret-key");
        assertThat(settings.values().values()).doesNotContain("sk-never-printed-0123456789");
    }

    @Test
    void should_serve_the_board_on_the_loopback_address_without_authentication_by_default() {
        WatchSettings settings = settings(Map.of(), Map.of());

        assertThat(settings.board().enabled()).isTrue();
        assertThat(settings.board().host()).isEqualTo("127.0.0.1");
        assertThat(settings.board().port()).isEqualTo(9877);
        assertThat(settings.board().authenticated()).isFalse();
    }

    @Test
    void should_refuse_a_board_on_every_address_without_a_user_name() {
        InvalidSettingException error = assertRejected(Map.of(WatchSettings.BOARD_HOST, "0.0.0.0"),
                WatchSettings.BOARD_HOST);

        assertThat(error).hasMessageContaining("'0.0.0.0' is not a loopback address")
                .hasMessageContaining("watch.board.username").hasMessageContaining("WATCH_BOARD_PASSWORD");
    }

    @Test
    void should_refuse_a_board_user_name_without_its_password_in_the_environment() {
        InvalidSettingException error = assertRejected(Map.of(WatchSettings.BOARD_USERNAME, "operator"),
                WatchSettings.BOARD_USERNAME);

        assertThat(error).hasMessageContaining("WATCH_BOARD_PASSWORD is empty");
    }

    @Test
    void should_serve_the_board_on_every_address_with_basic_auth_and_never_print_its_password() {
        WatchSettings settings = settings(Map.of(WatchSettings.BOARD_HOST, "0.0.0.0",
                WatchSettings.BOARD_USERNAME, "operator"), Map.of("WATCH_BOARD_PASSWORD", "board-pass-never-shown"));

        assertThat(settings.board().authenticated()).isTrue();
        assertThat(settings.board().password()).isEqualTo("board-pass-never-shown");
        assertThat(settings.toString()).doesNotContain("board-pass-never-shown");
        assertThat(settings.values().values()).doesNotContain("board-pass-never-shown");
    }

    @Test
    void should_not_check_the_address_of_a_board_that_is_off() {
        WatchSettings settings = settings(Map.of("watch.board.enabled", "false", WatchSettings.BOARD_HOST,
                "0.0.0.0"), Map.of());

        assertThat(settings.board().enabled()).isFalse();
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static InstanceEntry entry(String project, String instance) {
        return new InstanceEntry("cn-north-4", Optional.of(project), instance);
    }

    private static WatchSettings settings(Map<String, String> overrides, Map<String, String> env) {
        Map<String, String> properties = new HashMap<>(MINIMAL);
        properties.putAll(overrides);
        return WatchSettings.from(name -> Optional.ofNullable(properties.get(name)), env);
    }

    private static InvalidSettingException assertRejected(Map<String, String> overrides, String property) {
        Map<String, String> properties = new HashMap<>(MINIMAL);
        properties.putAll(overrides);
        InvalidSettingException error = rejection(properties, Map.of());
        assertThat(error.property()).isEqualTo(property);
        return error;
    }

    private static InvalidSettingException rejection(Map<String, String> properties, Map<String, String> env) {
        Throwable thrown = catchThrowable(
                () -> WatchSettings.from(name -> Optional.ofNullable(properties.get(name)), env));
        assertThat(thrown).as("settings %s should be rejected", properties).isInstanceOf(InvalidSettingException.class);
        return (InvalidSettingException) thrown;
    }
}
