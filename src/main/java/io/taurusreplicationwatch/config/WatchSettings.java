package io.taurusreplicationwatch.config;

import io.taurusreplicationwatch.api.RequestLimits;
import io.taurusreplicationwatch.api.TaskSnapshot;
import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.observability.ReadinessPolicy;
import io.taurusreplicationwatch.polling.OffsetMode;
import io.taurusreplicationwatch.polling.PagingPolicy;
import io.taurusreplicationwatch.polling.PollPacing;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.util.TimeUtils;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;

/**
 * Every {@code watch.*} setting, read once and validated at start-up. A wrong value stops the service with one
 * {@link InvalidSettingException} naming the property, the value and what is allowed.
 */
public record WatchSettings(List<WatchedInstance> instances, URI endpoint, String language, PagingPolicy paging,
                            PollPacing pacing, Duration pollTick, int maxConcurrentInstances,
                            List<String> trackedFields, int removalAfterPolls, StateStoreKind stateStore,
                            Path stateFile, String stateKafkaTopic, Duration stateSaveInterval,
                            Duration tombstoneRetention, boolean stateRecoverFromTopic, String kafkaBrokers,
                            String kafkaTopic, Optional<Path> clusterLockDir, Duration clusterLockInterval,
                            RequestLimits requestLimits, ReadinessPolicy readiness) {

    public static final String INSTANCES = "watch.instances";
    public static final String PROJECT_ID = "watch.project-id";
    public static final String ENDPOINT = "watch.api.endpoint";
    public static final String LANGUAGE = "watch.api.language";
    public static final String PAGE_SIZE = "watch.api.page-size";
    public static final String OFFSET_MODE = "watch.api.offset-mode";
    public static final String MAX_PAGES = "watch.api.max-pages";
    public static final String MAX_RESPONSE_SIZE = "watch.api.max-response-size";
    public static final String REQUEST_DEADLINE = "watch.api.request-deadline";
    public static final String POLL_INTERVAL = "watch.poll.interval";
    public static final String POLL_TICK = "watch.poll.tick";
    public static final String MAX_BACKOFF = "watch.poll.max-backoff";
    public static final String MISSING_INSTANCE_INTERVAL = "watch.poll.missing-instance-interval";
    public static final String MAX_CONCURRENT_INSTANCES = "watch.poll.max-concurrent-instances";
    public static final String TRACKED_FIELDS = "watch.detect.tracked-fields";
    public static final String REMOVAL_AFTER_POLLS = "watch.detect.removal-after-polls";
    public static final String STATE_STORE = "watch.state.store";
    public static final String STATE_FILE = "watch.state.file";
    public static final String STATE_KAFKA_TOPIC = "watch.state.kafka-topic";
    public static final String STATE_SAVE_INTERVAL = "watch.state.save-interval";
    public static final String TOMBSTONE_RETENTION = "watch.state.tombstone-retention";
    public static final String STATE_RECOVER_FROM_TOPIC = "watch.state.recover-from-topic";
    public static final String KAFKA_BROKERS = "watch.kafka.brokers";
    public static final String KAFKA_TOPIC = "watch.kafka.topic";
    public static final String CLUSTER_LOCK_DIR = "watch.cluster.lock-dir";
    public static final String CLUSTER_LOCK_INTERVAL = "watch.cluster.lock-interval";
    public static final String KAFKA_CLIENT_ID = "watch.kafka.client-id";
    public static final String KAFKA_DELIVERY_TIMEOUT = "watch.kafka.delivery-timeout-ms";
    public static final String KAFKA_REQUEST_TIMEOUT = "watch.kafka.request-timeout-ms";
    public static final String KAFKA_MAX_BLOCK = "watch.kafka.max-block-ms";
    public static final String KAFKA_PROBE_INTERVAL = "watch.health.kafka-probe-interval";
    public static final String FAILED_POLL_INTERVALS = "watch.health.failed-poll-intervals";

    /** Where the task state is kept. */
    public enum StateStoreKind { FILE, MEMORY, KAFKA }

    // TaurusDB instance ids are 32 hex digits with a kind suffix (…in07); a plain UUID is accepted as well.
    private static final Pattern INSTANCE_ID = Pattern.compile(
            "[0-9a-fA-F]{32}(in\\d{2})?|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern PROJECT = Pattern.compile("[0-9A-Za-z_-]{1,64}");
    private static final Pattern DURATION = Pattern.compile("\\d+|(\\d+(ms|s|m|h|d))+");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,10})(KB|MB)?", Pattern.CASE_INSENSITIVE);
    private static final Set<String> LANGUAGES = Set.of("en-us", "zh-cn");
    private static final int MAX_PAGE_SIZE = 1000;
    private static final Set<String> BOOLEANS = Set.of("true", "false");
    // host:port, the host possibly an [IPv6] literal, optionally after a listener name as Kafka itself accepts it.
    private static final Pattern BROKER = Pattern.compile("([A-Za-z_]+://)?(\\[[0-9A-Fa-f:.]+]|[^\\s:/\\[\\]]+):(\\d{1,5})");
    // user:password@ in front of a host, so that an error line can show the rest of a rejected URL.
    private static final Pattern USER_INFO = Pattern.compile("(?<=//)[^/?#]*@");

    /**
     * Reads the settings from the property source. {@code HUAWEICLOUD_SDK_PROJECT_ID} from the environment is the
     * default project, as in the official SDK, when {@value #PROJECT_ID} is not set.
     */
    public static WatchSettings from(Function<String, Optional<String>> properties, Map<String, String> environment) {
        Reader read = new Reader(properties);
        checkShippedCamelSettings(read);
        Duration deliveryTimeout = checkedKafkaProducerSettings(read);
        Optional<String> defaultProject = read.optional(PROJECT_ID)
                .or(() -> Optional.ofNullable(environment.get("HUAWEICLOUD_SDK_PROJECT_ID")).filter(p -> !p.isBlank()));
        return new WatchSettings(
                instances(read.required(INSTANCES, "<project_id>:<instance_id> entries separated by commas"), defaultProject),
                endpoint(read.required(ENDPOINT, "an http(s) URL, or set watch.region")),
                read.oneOf(LANGUAGE, "en-us", LANGUAGES),
                new PagingPolicy(read.integer(PAGE_SIZE, 100, 1, MAX_PAGE_SIZE),
                        OffsetMode.valueOf(read.oneOf(OFFSET_MODE, "records", Set.of("records", "pages"))
                                .toUpperCase(Locale.ROOT)),
                        read.integer(MAX_PAGES, 1000, 1, 1_000_000)),
                new PollPacing(read.duration(POLL_INTERVAL, "30s", Duration.ofMillis(100)),
                        read.duration(MAX_BACKOFF, "10m", Duration.ofMillis(100)),
                        read.duration(MISSING_INSTANCE_INTERVAL, "10m", Duration.ofMillis(100))),
                read.duration(POLL_TICK, "25ms", Duration.ofMillis(10)),
                read.integer(MAX_CONCURRENT_INSTANCES, 4, 1, 256),
                trackedFields(read.optional(TRACKED_FIELDS).orElse("stage,status")),
                read.integer(REMOVAL_AFTER_POLLS, 2, 1, 1000),
                StateStoreKind.valueOf(read.oneOf(STATE_STORE, "file", Set.of("file", "memory", "kafka"))
                        .toUpperCase(Locale.ROOT)),
                Path.of(read.optional(STATE_FILE).orElse("data/replication-state.json")),
                topic(STATE_KAFKA_TOPIC, read.optional(STATE_KAFKA_TOPIC).orElse("taurusdb.starrocks.replication.state")),
                read.duration(STATE_SAVE_INTERVAL, "30s", Duration.ofMillis(100)),
                read.duration(TOMBSTONE_RETENTION, "30d", Duration.ZERO),
                Boolean.parseBoolean(read.oneOf(STATE_RECOVER_FROM_TOPIC, "true", BOOLEANS)),
                brokers(read.required(KAFKA_BROKERS, "host:port pairs separated by commas")),
                topic(KAFKA_TOPIC, read.required(KAFKA_TOPIC, "a Kafka topic name")),
                read.optional(CLUSTER_LOCK_DIR).map(Path::of),
                read.duration(CLUSTER_LOCK_INTERVAL, "2s", Duration.ofMillis(100)),
                new RequestLimits(read.size(MAX_RESPONSE_SIZE, "4MB", 1024, 256L << 20),
                        read.duration(REQUEST_DEADLINE, "60s", Duration.ofMillis(100))),
                new ReadinessPolicy(deliveryTimeout, read.duration(KAFKA_PROBE_INTERVAL, "5s", Duration.ofMillis(100)),
                        read.integer(FAILED_POLL_INTERVALS, 3, 1, 1000)));
    }

    /**
     * The producer's settings, checked here because Kafka's own refusal comes later, with a stack trace and its own
     * key names; returns the delivery timeout, after which readiness counts Kafka as unreachable.
     */
    private static Duration checkedKafkaProducerSettings(Reader read) {
        int delivery = read.integer(KAFKA_DELIVERY_TIMEOUT, 30000, 1, Integer.MAX_VALUE);
        int request = read.integer(KAFKA_REQUEST_TIMEOUT, 10000, 1, Integer.MAX_VALUE);
        read.integer(KAFKA_MAX_BLOCK, 10000, 0, Integer.MAX_VALUE);
        // The routes leave linger.ms to the Kafka component, whose default is 0.
        int linger = read.integer("camel.component.kafka.linger-ms", 0, 0, Integer.MAX_VALUE);
        if ((long) delivery < (long) request + linger) {
            throw new InvalidSettingException(KAFKA_DELIVERY_TIMEOUT, "'" + delivery + "' is less than "
                    + KAFKA_REQUEST_TIMEOUT + " (" + request + ")" + (linger == 0 ? "" : " + linger.ms (" + linger + ")")
                    + ", which Kafka refuses; raise it to at least " + ((long) request + linger) + " or lower "
                    + KAFKA_REQUEST_TIMEOUT);
        }
        if (read.optional(KAFKA_CLIENT_ID).isEmpty() && read.properties().apply(KAFKA_CLIENT_ID).isPresent()) {
            throw new InvalidSettingException(KAFKA_CLIENT_ID, "is empty; set it to a name such as"
                    + " taurus-replication-watch (it names the producer in the brokers' logs and quotas)");
        }
        return Duration.ofMillis(delivery);
    }

    private static String brokers(String value) {
        for (String broker : value.split(",")) {
            var parts = BROKER.matcher(broker.trim());
            if (!parts.matches() || Integer.parseInt(parts.group(3)) < 1 || Integer.parseInt(parts.group(3)) > 65535) {
                throw new InvalidSettingException(KAFKA_BROKERS, "'" + broker.trim() + "' is not host:port with a"
                        + " port from 1 to 65535; list the bootstrap servers as host:port pairs separated by commas");
            }
        }
        return value;
    }

    /** A topic name Kafka accepts, by Kafka's own rules, so that the first send does not fail instead. */
    private static String topic(String property, String value) {
        try {
            Topic.validate(value);
            return value;
        } catch (InvalidTopicException e) {
            throw new InvalidSettingException(property, "'" + value + "' is not a Kafka topic name (" + e.getMessage()
                    + "); use at most 249 ASCII letters, digits, '.', '_' and '-'");
        }
    }

    private static List<WatchedInstance> instances(String value, Optional<String> defaultProject) {
        Set<WatchedInstance> instances = new LinkedHashSet<>();
        for (String entry : value.split("[,\\s]+")) {
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            String project = colon < 0 ? defaultProject.orElseThrow(() -> new InvalidSettingException(INSTANCES,
                    "'" + entry + "' names no project; write it as <project_id>:<instance_id> or set " + PROJECT_ID))
                    : entry.substring(0, colon);
            String instanceId = entry.substring(colon + 1);
            if (!PROJECT.matcher(project).matches()) {
                throw new InvalidSettingException(colon < 0 ? PROJECT_ID : INSTANCES, "'" + project
                        + "' is not a project id (letters, digits, '-' and '_')");
            }
            if (!INSTANCE_ID.matcher(instanceId).matches()) {
                throw new InvalidSettingException(INSTANCES, "'" + instanceId + "' is not a TaurusDB instance id"
                        + " (32 hex digits with an optional suffix such as in07, or a UUID)");
            }
            instances.add(new WatchedInstance(project, instanceId));
        }
        if (instances.isEmpty()) {
            throw new InvalidSettingException(INSTANCES, "names no instance; list <project_id>:<instance_id> entries"
                    + " separated by commas");
        }
        return List.copyOf(instances);
    }

    private static URI endpoint(String value) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri != null && (uri.getRawUserInfo() != null || uri.getHost() == null && uri.getRawAuthority() != null
                && uri.getRawAuthority().contains("@"))) {
            throw new InvalidSettingException(ENDPOINT, "'" + withoutUserInfo(value) + "' carries a user and password"
                    + " before the host, which the API does not take and the logs must not show; remove them (the"
                    + " requests are signed with watch.auth.* or HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK)");
        }
        if (uri != null && (uri.getPort() == 0 || uri.getPort() > 65535)) {
            throw new InvalidSettingException(ENDPOINT, "'" + value + "' has port " + uri.getPort() + "; a port is"
                    + " 1 to 65535, or leave it out for the scheme's own (443 for https)");
        }
        if (uri == null || !"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())
                || uri.getHost() == null || uri.getRawQuery() != null) {
            throw new InvalidSettingException(ENDPOINT, "'" + withoutUserInfo(value) + "' is not an http(s) URL such"
                    + " as https://gaussdb.cn-north-4.myhuaweicloud.com (or set watch.region and leave the endpoint"
                    + " to its default)");
        }
        return uri;
    }

    /** The URL with whatever stands between {@code //} and {@code @} replaced, so that no password is printed. */
    private static String withoutUserInfo(String url) {
        return USER_INFO.matcher(url.trim()).replaceFirst("***@");
    }

    private static List<String> trackedFields(String value) {
        List<String> fields = new ArrayList<>();
        for (String field : value.split("[,\\s]+")) {
            if (field.isEmpty()) {
                continue;
            }
            if (!TaskSnapshot.DOCUMENTED_FIELDS.contains(field) || field.equals(TaskSnapshot.TASK_NAME)) {
                throw new InvalidSettingException(TRACKED_FIELDS, "'" + field + "' is not a task field that can be"
                        + " tracked; choose from stage, status, catchup_stage, percentage, catchup_percentage,"
                        + " source_database, target_database");
            }
            fields.add(field);
        }
        if (fields.isEmpty()) {
            throw new InvalidSettingException(TRACKED_FIELDS, "is empty; track at least one field, e.g. stage,status");
        }
        return List.copyOf(fields);
    }

    /**
     * The Camel settings config/application.properties ships. Camel accepts some wrong values silently (a management
     * port of "abc" starts no server and says nothing), so the ones an operator is expected to change are checked
     * here with the same one-line errors as the service's own.
     */
    private static void checkShippedCamelSettings(Reader read) {
        read.integer("camel.management.port", 9876, 0, 65535);
        read.oneOf("camel.management.enabled", "true", BOOLEANS);
        read.oneOf("camel.management.health-check-enabled", "true", BOOLEANS);
        read.oneOf("camel.management.metrics-enabled", "true", BOOLEANS);
        read.oneOf("camel.metrics.enabled", "true", BOOLEANS);
        read.integer("camel.main.shutdown-timeout", 30, 1, 3600);
        for (String timeout : List.of("connect-timeout", "response-timeout", "so-timeout",
                "connection-request-timeout")) {
            read.integer("camel.component.http." + timeout, 30000, 1, Integer.MAX_VALUE);
        }
        for (String size : List.of("pool-size", "max-pool-size")) {
            read.integer("camel.threadpool.config[publish-threads]." + size, 2, 1, 256);
        }
    }

    /** Typed access with the property name in every error. */
    private record Reader(Function<String, Optional<String>> properties) {

        Optional<String> optional(String name) {
            return properties.apply(name).map(String::trim).filter(value -> !value.isEmpty());
        }

        String required(String name, String allowed) {
            return optional(name).orElseThrow(() -> new InvalidSettingException(name, "is not set; set it to "
                    + allowed));
        }

        int integer(String name, int defaultValue, int min, int max) {
            Optional<String> value = optional(name);
            try {
                int number = value.map(Integer::parseInt).orElse(defaultValue);
                if (number < min || number > max) {
                    throw new NumberFormatException();
                }
                return number;
            } catch (NumberFormatException e) {
                throw new InvalidSettingException(name, "'" + value.orElse("") + "' is not a whole number from " + min
                        + " to " + max + " (default " + defaultValue + ")");
            }
        }

        String oneOf(String name, String defaultValue, Set<String> allowed) {
            String value = optional(name).orElse(defaultValue).toLowerCase(Locale.ROOT);
            if (!allowed.contains(value)) {
                throw new InvalidSettingException(name, "'" + value + "' is not one of " + String.join(", ",
                        allowed.stream().sorted().toList()) + " (default " + defaultValue + ")");
            }
            return value;
        }

        /** Bytes, written as a number of bytes or with KB or MB (1024-based). */
        long size(String name, String defaultValue, long min, long max) {
            String value = optional(name).orElse(defaultValue);
            Matcher size = SIZE.matcher(value);
            long bytes = -1;
            if (size.matches()) {
                String unit = size.group(2) == null ? "" : size.group(2).toUpperCase(Locale.ROOT);
                bytes = Long.parseLong(size.group(1)) << (unit.equals("MB") ? 20 : unit.equals("KB") ? 10 : 0);
            }
            if (bytes < min || bytes > max) {
                throw new InvalidSettingException(name, "'" + value + "' is not a size from " + (min >> 10) + "KB to "
                        + (max >> 20) + "MB, such as 512KB or 4MB (default " + defaultValue + ")");
            }
            return bytes;
        }

        Duration duration(String name, String defaultValue, Duration min) {
            String value = optional(name).orElse(defaultValue);
            // Camel's parser reads "soon" as an exception and "1w" as zero; only what it reads right gets to it.
            Duration duration = DURATION.matcher(value).matches() ? TimeUtils.toDuration(value) : null;
            if (duration == null || duration.compareTo(min) < 0) {
                throw new InvalidSettingException(name, "'" + value + "' is not a duration of at least "
                        + printed(min) + ", such as 30s, 5m, 2h or 30d (default " + defaultValue + ")");
            }
            return duration;
        }
    }

    // Camel prints 100ms as "0s", which made "'0' is not a duration of at least 0s" out of a minimum of 100 ms.
    private static String printed(Duration duration) {
        return duration.toMillis() < 1000 ? duration.toMillis() + "ms" : TimeUtils.printDuration(duration);
    }

    /** The settings as one log line; it holds no secret. */
    public String describe() {
        return instances.size() + " instance(s) in " + instances.stream().map(WatchedInstance::projectId).distinct()
                .count() + " project(s) at " + endpoint + ", every " + TimeUtils.printDuration(pacing.interval())
                + ", tracking " + String.join(",", trackedFields) + ", pages of " + paging.limit() + " ("
                + paging.offsetMode().name().toLowerCase(Locale.ROOT) + " offsets), events to " + kafkaTopic + " at "
                + kafkaBrokers;
    }
}
