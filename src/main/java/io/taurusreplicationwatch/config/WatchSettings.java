package io.taurusreplicationwatch.config;

import io.taurusreplicationwatch.api.RequestLimits;
import io.taurusreplicationwatch.api.TaskSnapshot;
import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.observability.ReadinessPolicy;
import io.taurusreplicationwatch.polling.OffsetMode;
import io.taurusreplicationwatch.polling.PagingPolicy;
import io.taurusreplicationwatch.polling.PollPacing;
import io.taurusreplicationwatch.state.KafkaClientProperties;
import io.taurusreplicationwatch.state.KafkaSecurity;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.camel.util.TimeUtils;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;

/**
 * Every {@link Setting}, read once and validated at start-up by its declared rule. A wrong value stops the service
 * with one {@link InvalidSettingException} naming the property, the value and what is allowed. {@code values} holds
 * the validated value of every setting that is not secret, the declared default where none is set.
 */
public record WatchSettings(List<WatchedInstance> instances, URI endpoint, String language, PagingPolicy paging,
                            PollPacing pacing, int maxConcurrentInstances,
                            List<String> trackedFields, int removalAfterPolls, StateStoreKind stateStore,
                            Path stateFile, String stateKafkaTopic, Duration stateSaveInterval,
                            Duration tombstoneRetention, boolean stateRecoverFromTopic, String kafkaBrokers,
                            String kafkaTopic, Optional<Path> clusterLockDir, Duration clusterLockInterval,
                            RequestLimits requestLimits, ReadinessPolicy readiness, KafkaSecurity kafkaSecurity,
                            Map<String, String> values) {

    // The keys other classes name, taken from the table that declares them.
    public static final String INSTANCES = Setting.INSTANCES.key();
    public static final String PROJECT_ID = Setting.PROJECT_ID.key();
    public static final String ENDPOINT = Setting.ENDPOINT.key();
    public static final String LANGUAGE = Setting.LANGUAGE.key();
    public static final String PAGE_SIZE = Setting.PAGE_SIZE.key();
    public static final String OFFSET_MODE = Setting.OFFSET_MODE.key();
    public static final String MAX_PAGES = Setting.MAX_PAGES.key();
    public static final String MAX_RESPONSE_SIZE = Setting.MAX_RESPONSE_SIZE.key();
    public static final String REQUEST_DEADLINE = Setting.REQUEST_DEADLINE.key();
    public static final String POLL_INTERVAL = Setting.POLL_INTERVAL.key();
    public static final String POLL_TICK = Setting.POLL_TICK.key();
    public static final String MAX_BACKOFF = Setting.MAX_BACKOFF.key();
    public static final String MISSING_INSTANCE_INTERVAL = Setting.MISSING_INSTANCE_INTERVAL.key();
    public static final String MAX_CONCURRENT_INSTANCES = Setting.MAX_CONCURRENT_INSTANCES.key();
    public static final String TRACKED_FIELDS = Setting.TRACKED_FIELDS.key();
    public static final String REMOVAL_AFTER_POLLS = Setting.REMOVAL_AFTER_POLLS.key();
    public static final String STATE_STORE = Setting.STATE_STORE.key();
    public static final String STATE_FILE = Setting.STATE_FILE.key();
    public static final String STATE_KAFKA_TOPIC = Setting.STATE_KAFKA_TOPIC.key();
    public static final String STATE_SAVE_INTERVAL = Setting.STATE_SAVE_INTERVAL.key();
    public static final String TOMBSTONE_RETENTION = Setting.TOMBSTONE_RETENTION.key();
    public static final String STATE_RECOVER_FROM_TOPIC = Setting.STATE_RECOVER_FROM_TOPIC.key();
    public static final String KAFKA_BROKERS = Setting.KAFKA_BROKERS.key();
    public static final String KAFKA_TOPIC = Setting.KAFKA_TOPIC.key();
    public static final String CLUSTER_LOCK_DIR = Setting.CLUSTER_LOCK_DIR.key();
    public static final String CLUSTER_LOCK_INTERVAL = Setting.CLUSTER_LOCK_INTERVAL.key();
    public static final String KAFKA_CLIENT_ID = Setting.KAFKA_CLIENT_ID.key();
    public static final String KAFKA_DELIVERY_TIMEOUT = Setting.KAFKA_DELIVERY_TIMEOUT.key();
    public static final String KAFKA_REQUEST_TIMEOUT = Setting.KAFKA_REQUEST_TIMEOUT.key();
    public static final String KAFKA_MAX_BLOCK = Setting.KAFKA_MAX_BLOCK.key();
    public static final String KAFKA_PROBE_INTERVAL = Setting.KAFKA_PROBE_INTERVAL.key();
    public static final String FAILED_POLL_INTERVALS = Setting.FAILED_POLL_INTERVALS.key();

    /** Where the task state is kept. */
    public enum StateStoreKind { FILE, MEMORY, KAFKA }

    // TaurusDB instance ids are 32 hex digits with a kind suffix (…in07); a plain UUID is accepted as well.
    private static final Pattern INSTANCE_ID = Pattern.compile(
            "[0-9a-fA-F]{32}(in\\d{2})?|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern PROJECT = Pattern.compile("[0-9A-Za-z_-]{1,64}");
    // The Kafka component's own setting, which the file does not ship, checked for the delivery timeout relation.
    private static final String KAFKA_LINGER = "camel.component.kafka.linger-ms";
    private static final SettingRule LINGER = SettingRule.integer(0, Integer.MAX_VALUE);
    // host:port, the host possibly an [IPv6] literal, optionally after a listener name as Kafka itself accepts it.
    private static final Pattern BROKER = Pattern.compile("([A-Za-z_]+://)?(\\[[0-9A-Fa-f:.]+]|[^\\s:/\\[\\]]+):(\\d{1,5})");
    // user:password@ in front of a host, so that an error line can show the rest of a rejected URL.
    private static final Pattern USER_INFO = Pattern.compile("(?<=//)[^/?#]*@");

    /**
     * Reads the settings from the property source. {@code HUAWEICLOUD_SDK_PROJECT_ID} from the environment is the
     * default project, as in the official SDK, when {@code watch.project-id} is not set.
     */
    public static WatchSettings from(Function<String, Optional<String>> properties, Map<String, String> environment) {
        return from(properties, environment, Map.of());
    }

    /**
     * As {@link #from(Function, Map)}, with the pass-through Kafka client properties: every property whose name
     * starts with {@code watch.kafka.client.}, with its value.
     */
    public static WatchSettings from(Function<String, Optional<String>> properties, Map<String, String> environment,
                                     Map<String, String> kafkaClientProperties) {
        Reader read = new Reader(properties);
        Map<String, String> values = read.checkedValues();
        KafkaSecurity kafkaSecurity = KafkaSecuritySettings.read(properties, kafkaClientProperties);
        Duration deliveryTimeout = checkedKafkaProducerSettings(read, kafkaSecurity);
        Optional<String> defaultProject = read.optional(PROJECT_ID)
                .or(() -> Optional.ofNullable(environment.get("HUAWEICLOUD_SDK_PROJECT_ID")).filter(p -> !p.isBlank()));
        return new WatchSettings(
                instances(read.required(Setting.INSTANCES, "<project_id>:<instance_id> entries separated by commas"),
                        defaultProject),
                endpoint(read.required(Setting.ENDPOINT, "an http(s) URL, or set watch.region")),
                read.choice(Setting.LANGUAGE),
                new PagingPolicy(read.integer(Setting.PAGE_SIZE),
                        OffsetMode.valueOf(read.choice(Setting.OFFSET_MODE).toUpperCase(Locale.ROOT)),
                        read.integer(Setting.MAX_PAGES)),
                new PollPacing(read.duration(Setting.POLL_INTERVAL), read.duration(Setting.MAX_BACKOFF),
                        read.duration(Setting.MISSING_INSTANCE_INTERVAL)),
                read.integer(Setting.MAX_CONCURRENT_INSTANCES),
                trackedFields(read.value(Setting.TRACKED_FIELDS)),
                read.integer(Setting.REMOVAL_AFTER_POLLS),
                StateStoreKind.valueOf(read.choice(Setting.STATE_STORE).toUpperCase(Locale.ROOT)),
                Path.of(read.value(Setting.STATE_FILE)),
                topic(STATE_KAFKA_TOPIC, read.value(Setting.STATE_KAFKA_TOPIC)),
                read.duration(Setting.STATE_SAVE_INTERVAL),
                read.duration(Setting.TOMBSTONE_RETENTION),
                Boolean.parseBoolean(read.choice(Setting.STATE_RECOVER_FROM_TOPIC)),
                brokers(read.required(Setting.KAFKA_BROKERS, "host:port pairs separated by commas")),
                topic(KAFKA_TOPIC, read.required(Setting.KAFKA_TOPIC, "a Kafka topic name")),
                read.optional(CLUSTER_LOCK_DIR).map(Path::of),
                read.duration(Setting.CLUSTER_LOCK_INTERVAL),
                new RequestLimits(read.size(Setting.MAX_RESPONSE_SIZE), read.duration(Setting.REQUEST_DEADLINE)),
                new ReadinessPolicy(deliveryTimeout, read.duration(Setting.KAFKA_PROBE_INTERVAL),
                        read.integer(Setting.FAILED_POLL_INTERVALS)),
                kafkaSecurity,
                values);
    }

    /**
     * The producer's settings, checked here because Kafka's own refusal comes later, with a stack trace and its own
     * key names; returns the delivery timeout, after which readiness counts Kafka as unreachable.
     */
    private static Duration checkedKafkaProducerSettings(Reader read, KafkaSecurity kafkaSecurity) {
        int delivery = read.integer(Setting.KAFKA_DELIVERY_TIMEOUT);
        int request = read.integer(Setting.KAFKA_REQUEST_TIMEOUT);
        // The routes leave linger.ms to the Kafka component, whose default is 0; the file does not ship it. The
        // pass-through goes on top of the component's options, so its linger.ms is the one the producer gets.
        String passedLinger = kafkaSecurity.passThrough().get("linger.ms");
        String lingerKey = passedLinger != null ? KafkaSecuritySettings.PASS_THROUGH + "linger.ms" : KAFKA_LINGER;
        int linger = (int) LINGER.integer(lingerKey,
                passedLinger != null ? passedLinger : read.optional(KAFKA_LINGER).orElse("0"), "0");
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

    /** Typed access by the declared rules, with the property name in every error. */
    private record Reader(Function<String, Optional<String>> properties) {

        Optional<String> optional(String name) {
            return properties.apply(name).map(String::trim).filter(value -> !value.isEmpty());
        }

        /** The value set, or the declared default. */
        String value(Setting setting) {
            return optional(setting.key()).orElse(setting.defaultValue());
        }

        /** Every setting checked by its rule, in the table's order; the value of each that is not secret. */
        Map<String, String> checkedValues() {
            Map<String, String> values = new LinkedHashMap<>();
            for (Setting setting : Setting.values()) {
                if (!setting.secret()) {
                    String value = value(setting);
                    if (!value.isEmpty()) {
                        setting.rule().check(setting.key(), value, setting.defaultValue());
                    }
                    values.put(setting.key(), value);
                }
            }
            return Collections.unmodifiableMap(values);
        }

        String required(Setting setting, String allowed) {
            return optional(setting.key()).orElseThrow(() -> new InvalidSettingException(setting.key(),
                    "is not set; set it to " + allowed));
        }

        int integer(Setting setting) {
            return (int) setting.rule().integer(setting.key(), value(setting), setting.defaultValue());
        }

        String choice(Setting setting) {
            return setting.rule().choice(setting.key(), value(setting), setting.defaultValue());
        }

        long size(Setting setting) {
            return setting.rule().bytes(setting.key(), value(setting), setting.defaultValue());
        }

        Duration duration(Setting setting) {
            return setting.rule().duration(setting.key(), value(setting), setting.defaultValue());
        }
    }

    /** Where every Kafka client of the service connects, and how. */
    public KafkaClientProperties kafkaClients() {
        return new KafkaClientProperties(kafkaBrokers, kafkaSecurity);
    }

    /** The validated value of a setting that is not secret, as the routes read it. */
    public String value(Setting setting) {
        return values.get(setting.key());
    }

    /** The service's own settings that are not secret, as validated: what the routes' placeholders must read. */
    public Map<String, String> routeValues() {
        Map<String, String> ours = new LinkedHashMap<>();
        for (Setting setting : Setting.values()) {
            if (setting.ours() && !setting.secret()) {
                ours.put(setting.key(), values.get(setting.key()));
            }
        }
        return ours;
    }

    /** Every setting of the table as one log line, a secret as whether it is set, never its value. */
    public String summary(Function<String, Optional<String>> properties) {
        StringJoiner line = new StringJoiner(", ");
        for (Setting setting : Setting.values()) {
            if (setting.ours()) {
                line.add(setting.key() + "=" + (!setting.secret() ? values.get(setting.key())
                        : properties.apply(setting.key()).filter(v -> !v.isBlank()).isPresent() ? "(set)" : "(empty)"));
            }
        }
        return line.toString();
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
