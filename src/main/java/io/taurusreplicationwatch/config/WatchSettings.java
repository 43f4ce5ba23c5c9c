package io.taurusreplicationwatch.config;

import io.taurusreplicationwatch.api.RegionEndpoints;
import io.taurusreplicationwatch.api.RequestLimits;
import io.taurusreplicationwatch.api.TaskSnapshot;
import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.cluster.KubernetesLease;
import io.taurusreplicationwatch.observability.BoardSettings;
import io.taurusreplicationwatch.observability.ReadinessPolicy;
import io.taurusreplicationwatch.polling.OffsetMode;
import io.taurusreplicationwatch.polling.PagingPolicy;
import io.taurusreplicationwatch.polling.PollPacing;
import java.io.IOException;
import java.net.InetAddress;
import io.taurusreplicationwatch.state.KafkaClientProperties;
import io.taurusreplicationwatch.state.KafkaSecurity;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
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
public record WatchSettings(List<InstanceEntry> instances, RegionEndpoints endpoints, URI iamEndpoint,
                            String language, PagingPolicy paging,
                            PollPacing pacing, int maxConcurrentInstances,
                            List<String> trackedFields, int removalAfterPolls, StateStoreKind stateStore,
                            Path stateFile, String stateKafkaTopic, Duration stateSaveInterval,
                            Duration tombstoneRetention, boolean stateRecoverFromTopic, String kafkaBrokers,
                            String kafkaTopic, Optional<Path> clusterLockDir, Duration clusterLockInterval,
                            ClusterKind clusterKind, Optional<KubernetesLease> kubernetesLease,
                            RequestLimits requestLimits, ReadinessPolicy readiness, BoardSettings board,
                            KafkaSecurity kafkaSecurity,
                            Map<String, String> values) {

    // The keys other classes name, taken from the table that declares them.
    public static final String INSTANCES = Setting.INSTANCES.key();
    public static final String PROJECT_ID = Setting.PROJECT_ID.key();
    public static final String REGION = Setting.REGION.key();
    public static final String ENDPOINT = Setting.ENDPOINT.key();
    public static final String IAM_ENDPOINT = Setting.IAM_ENDPOINT.key();
    public static final String REGION_ENDPOINTS = Setting.REGION_ENDPOINTS.key();
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
    public static final String CLUSTER_KIND = Setting.CLUSTER_KIND.key();
    public static final String CLUSTER_LEASE_NAME = Setting.CLUSTER_LEASE_NAME.key();
    public static final String CLUSTER_NAMESPACE = Setting.CLUSTER_NAMESPACE.key();
    public static final String CLUSTER_POD_NAME = Setting.CLUSTER_POD_NAME.key();
    public static final String CLUSTER_POD_LABELS = Setting.CLUSTER_POD_LABELS.key();
    public static final String CLUSTER_LEASE_DURATION = Setting.CLUSTER_LEASE_DURATION.key();
    public static final String CLUSTER_RENEW_DEADLINE = Setting.CLUSTER_RENEW_DEADLINE.key();
    public static final String CLUSTER_RETRY_PERIOD = Setting.CLUSTER_RETRY_PERIOD.key();
    public static final String CLUSTER_KUBERNETES_MASTER_URL = Setting.CLUSTER_KUBERNETES_MASTER_URL.key();
    public static final String KAFKA_CLIENT_ID = Setting.KAFKA_CLIENT_ID.key();
    public static final String KAFKA_DELIVERY_TIMEOUT = Setting.KAFKA_DELIVERY_TIMEOUT.key();
    public static final String KAFKA_REQUEST_TIMEOUT = Setting.KAFKA_REQUEST_TIMEOUT.key();
    public static final String KAFKA_MAX_BLOCK = Setting.KAFKA_MAX_BLOCK.key();
    public static final String KAFKA_PROBE_INTERVAL = Setting.KAFKA_PROBE_INTERVAL.key();
    public static final String FAILED_POLL_INTERVALS = Setting.FAILED_POLL_INTERVALS.key();
    public static final String BOARD_HOST = Setting.BOARD_HOST.key();
    public static final String BOARD_USERNAME = Setting.BOARD_USERNAME.key();

    /** Where the task state is kept. */
    public enum StateStoreKind { FILE, MEMORY, KAFKA }

    /** How the one active poller is elected: not at all, by a lock file, or by a Kubernetes Lease. */
    public enum ClusterKind { NONE, FILE, KUBERNETES }

    // Where Kubernetes mounts the namespace of the pod's service account.
    private static final Path SERVICE_ACCOUNT_NAMESPACE =
            Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");
    // A DNS label, as Kubernetes wants namespaces and (short of the "-poll" Camel appends) Lease names.
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern LEASE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,56}[a-z0-9])?");
    private static final Pattern POD_NAME = Pattern.compile("[a-z0-9]([-.a-z0-9]{0,251}[a-z0-9])?");
    // name=value with Kubernetes' label syntax: an optional DNS prefix and '/', a name, a value that may be empty.
    private static final Pattern POD_LABEL = Pattern.compile(
            "(([a-z0-9]([-.a-z0-9]*[a-z0-9])?/)?[A-Za-z0-9]([-_.A-Za-z0-9]{0,61}[A-Za-z0-9])?)="
            + "([A-Za-z0-9]([-_.A-Za-z0-9]{0,61}[A-Za-z0-9])?)?");

    // TaurusDB instance ids are 32 hex digits with a kind suffix (…in07); a plain UUID is accepted as well.
    private static final Pattern INSTANCE_ID = Pattern.compile(
            "[0-9a-fA-F]{32}(in\\d{2})?|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern PROJECT = Pattern.compile("[0-9A-Za-z_-]{1,64}");
    private static final Pattern REGION_NAME = Pattern.compile("[0-9A-Za-z-]{1,64}");
    // The vendor SDK's variable for the IAM endpoint, read when watch.iam.endpoint is empty.
    private static final String IAM_ENDPOINT_VARIABLE = "HUAWEICLOUD_SDK_IAM_ENDPOINT";
    // The Kafka component's own setting, which the file does not ship, checked for the delivery timeout relation.
    private static final String KAFKA_LINGER = "camel.component.kafka.linger-ms";
    private static final SettingRule LINGER = SettingRule.integer(0, Integer.MAX_VALUE);
    // host:port, the host possibly an [IPv6] literal, optionally after a listener name as Kafka itself accepts it.
    private static final Pattern BROKER = Pattern.compile("([A-Za-z_]+://)?(\\[[0-9A-Fa-f:.]+]|[^\\s:/\\[\\]]+):(\\d{1,5})");
    // user:password@ in front of a host, so that an error line can show the rest of a rejected URL.
    private static final Pattern USER_INFO = Pattern.compile("(?<=//)[^/?#]*@");

    /**
     * Reads the settings from the property source. {@code HUAWEICLOUD_SDK_PROJECT_ID} from the environment is the
     * default project, as in the official SDK, when {@code watch.project-id} is not set; like the SDK's, it is a
     * project of the configured region ({@code watch.region}), since a project id belongs to one region.
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
        String region = region(read.value(Setting.REGION));
        ClusterKind clusterKind = clusterKind(read);
        return new WatchSettings(
                instances(read.required(Setting.INSTANCES, "<project_id>:<instance_id> entries separated by commas"),
                        region, defaultProject),
                new RegionEndpoints(region, url(ENDPOINT, read.required(Setting.ENDPOINT,
                        "an http(s) URL, or set watch.region"), "https://gaussdb.cn-north-4.myhuaweicloud.com (or set"
                        + " watch.region and leave the endpoint to its default)"),
                        regionEndpoints(read.value(Setting.REGION_ENDPOINTS))),
                url(IAM_ENDPOINT, read.optional(IAM_ENDPOINT)
                        .or(() -> Optional.ofNullable(environment.get(IAM_ENDPOINT_VARIABLE)).map(String::trim)
                                .filter(endpoint -> !endpoint.isEmpty()))
                        .orElse(Setting.IAM_ENDPOINT.defaultValue()), "https://iam.myhuaweicloud.com"),
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
                clusterKind,
                clusterKind == ClusterKind.KUBERNETES ? Optional.of(kubernetesLease(read, environment))
                        : Optional.empty(),
                new RequestLimits(read.size(Setting.MAX_RESPONSE_SIZE), read.duration(Setting.REQUEST_DEADLINE)),
                new ReadinessPolicy(deliveryTimeout, read.duration(Setting.KAFKA_PROBE_INTERVAL),
                        read.integer(Setting.FAILED_POLL_INTERVALS)),
                board(read, environment),
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

    /** The election asked for, or the one today's settings imply: the lock file when a lock directory is set. */
    private static ClusterKind clusterKind(Reader read) {
        boolean lockDir = read.optional(CLUSTER_LOCK_DIR).isPresent();
        ClusterKind kind = read.optional(CLUSTER_KIND)
                .map(value -> ClusterKind.valueOf(Setting.CLUSTER_KIND.rule()
                        .choice(CLUSTER_KIND, value, "empty").toUpperCase(Locale.ROOT)))
                .orElse(lockDir ? ClusterKind.FILE : ClusterKind.NONE);
        if (kind == ClusterKind.FILE && !lockDir) {
            throw new InvalidSettingException(CLUSTER_KIND, "'file' needs " + CLUSTER_LOCK_DIR + ", which is not set;"
                    + " set it to a directory all replicas share, or set " + CLUSTER_KIND + " to kubernetes or none");
        }
        if (kind != ClusterKind.FILE && lockDir) {
            throw new InvalidSettingException(CLUSTER_LOCK_DIR, "is set, but " + CLUSTER_KIND + " is "
                    + kind.name().toLowerCase(Locale.ROOT) + ", which does not use it; remove it, or set "
                    + CLUSTER_KIND + "=file");
        }
        return kind;
    }

    /** The Lease settings, with Camel's own rules between the three durations checked here, in one line each. */
    private static KubernetesLease kubernetesLease(Reader read, Map<String, String> environment) {
        String leaseName = read.value(Setting.CLUSTER_LEASE_NAME);
        if (!LEASE_NAME.matcher(leaseName).matches()) {
            throw new InvalidSettingException(CLUSTER_LEASE_NAME, "'" + leaseName + "' is not a Lease name prefix; use"
                    + " at most 58 lower-case letters, digits and '-', starting and ending with a letter or digit");
        }
        Duration lease = read.duration(Setting.CLUSTER_LEASE_DURATION);
        Duration renew = read.duration(Setting.CLUSTER_RENEW_DEADLINE);
        Duration retry = read.duration(Setting.CLUSTER_RETRY_PERIOD);
        if (lease.compareTo(renew) <= 0) {
            throw new InvalidSettingException(CLUSTER_LEASE_DURATION, "'" + TimeUtils.printDuration(lease) + "' is not"
                    + " longer than " + CLUSTER_RENEW_DEADLINE + " (" + TimeUtils.printDuration(renew) + "): a new"
                    + " leader could poll before the old one stops; make it longer");
        }
        if (renew.toMillis() <= KubernetesLease.JITTER_FACTOR * retry.toMillis()) {
            throw new InvalidSettingException(CLUSTER_RENEW_DEADLINE, "'" + TimeUtils.printDuration(renew) + "' is not"
                    + " longer than 1.2 x " + CLUSTER_RETRY_PERIOD + " (" + TimeUtils.printDuration(retry) + "): the"
                    + " leader would give up between two renewals; make it longer or the retry period shorter");
        }
        return new KubernetesLease(leaseName, kubernetesNamespace(read), podName(read, environment),
                podLabels(read.value(Setting.CLUSTER_POD_LABELS)), lease, renew, retry,
                read.optional(CLUSTER_KUBERNETES_MASTER_URL).map(WatchSettings::masterUrl));
    }

    private static String kubernetesNamespace(Reader read) {
        String namespace = read.optional(CLUSTER_NAMESPACE).orElseGet(() -> {
            try {
                return Files.readString(SERVICE_ACCOUNT_NAMESPACE).trim();
            } catch (IOException e) {
                throw new InvalidSettingException(CLUSTER_NAMESPACE, "is not set, and " + SERVICE_ACCOUNT_NAMESPACE
                        + " cannot be read (not in a pod with a service account?); set it to the namespace of the"
                        + " Lease and the pods");
            }
        });
        if (!DNS_LABEL.matcher(namespace).matches()) {
            throw new InvalidSettingException(CLUSTER_NAMESPACE, "'" + namespace + "' is not a Kubernetes namespace"
                    + " (at most 63 lower-case letters, digits and '-')");
        }
        return namespace;
    }

    private static String podName(Reader read, Map<String, String> environment) {
        String pod = read.optional(CLUSTER_POD_NAME).or(() -> Optional.ofNullable(environment.get("HOSTNAME"))
                .map(String::trim).filter(name -> !name.isEmpty())).orElseThrow(() -> new InvalidSettingException(
                CLUSTER_POD_NAME, "is not set, and neither is HOSTNAME; set it to this pod's name (the downward API's"
                + " metadata.name)"));
        if (!POD_NAME.matcher(pod).matches()) {
            throw new InvalidSettingException(CLUSTER_POD_NAME, "'" + pod + "' is not a pod name (lower-case letters,"
                    + " digits, '-' and '.'); set it to this pod's name");
        }
        return pod;
    }

    private static Map<String, String> podLabels(String value) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : value.split("\\s*,\\s*")) {
            var label = POD_LABEL.matcher(pair.trim());
            if (!label.matches()) {
                throw new InvalidSettingException(CLUSTER_POD_LABELS, "'" + pair.trim() + "' is not name=value with"
                        + " Kubernetes label syntax; list the labels of the replicas' pods, e.g."
                        + " app.kubernetes.io/name=taurus-replication-watch");
            }
            labels.put(label.group(1), label.group(5) == null ? "" : label.group(5));
        }
        return labels;
    }

    private static URI masterUrl(String value) {
        try {
            URI uri = new URI(value);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getRawUserInfo() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below, as any other value that is not an http(s) URL
        }
        throw new InvalidSettingException(CLUSTER_KUBERNETES_MASTER_URL, "'" + withoutUserInfo(value) + "' is not an"
                + " http(s) URL of a Kubernetes API server without user and password, such as"
                + " https://kubernetes.default.svc; leave it empty in a pod");
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

    private static String region(String value) {
        if (!REGION_NAME.matcher(value).matches()) {
            throw new InvalidSettingException(REGION, "'" + value + "' is not a region name (letters, digits and '-');"
                    + " set it to a Huawei Cloud region such as cn-north-4");
        }
        return value;
    }

    /**
     * Entries {@code [<region>/][<project_id>:]<instance_id>}. The default project is one of the default region's,
     * so an entry of another region without a project is left to IAM rather than given it.
     */
    private static List<InstanceEntry> instances(String value, String defaultRegion, Optional<String> defaultProject) {
        Set<InstanceEntry> instances = new LinkedHashSet<>();
        for (String entry : value.split("[,\\s]+")) {
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            String region = slash < 0 ? defaultRegion : entry.substring(0, slash);
            if (!REGION_NAME.matcher(region).matches()) {
                throw new InvalidSettingException(INSTANCES, "'" + entry + "' names the region '" + region + "',"
                        + " which is not a region name (letters, digits and '-'); write it as"
                        + " <region>/<project_id>:<instance_id>, such as cn-north-4/<project_id>:<instance_id>");
            }
            String projectAndInstance = entry.substring(slash + 1);
            int colon = projectAndInstance.indexOf(':');
            Optional<String> project = colon >= 0 ? Optional.of(projectAndInstance.substring(0, colon))
                    : region.equals(defaultRegion) ? defaultProject : Optional.empty();
            String instanceId = projectAndInstance.substring(colon + 1);
            if (project.isPresent() && !PROJECT.matcher(project.get()).matches()) {
                throw new InvalidSettingException(colon < 0 ? PROJECT_ID : INSTANCES, "'" + project.get()
                        + "' is not a project id (letters, digits, '-' and '_')");
            }
            if (!INSTANCE_ID.matcher(instanceId).matches()) {
                throw new InvalidSettingException(INSTANCES, "'" + instanceId + "' is not a TaurusDB instance id"
                        + " (32 hex digits with an optional suffix such as in07, or a UUID)");
            }
            instances.add(new InstanceEntry(region, project, instanceId));
        }
        if (instances.isEmpty()) {
            throw new InvalidSettingException(INSTANCES, "names no instance; list <project_id>:<instance_id> entries"
                    + " separated by commas");
        }
        return List.copyOf(instances);
    }

    /** {@code <region>=<url>} entries, comma separated: the endpoints that replace a region's own. */
    private static Map<String, URI> regionEndpoints(String value) {
        Map<String, URI> endpoints = new LinkedHashMap<>();
        for (String entry : value.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            String region = eq < 0 ? "" : trimmed.substring(0, eq).trim();
            if (!REGION_NAME.matcher(region).matches()) {
                throw new InvalidSettingException(REGION_ENDPOINTS, "'" + withoutUserInfo(trimmed) + "' is not"
                        + " <region>=<url>; list entries such as cn-south-1=https://gaussdb.cn-south-1.myhuaweicloud.com"
                        + " separated by commas");
            }
            URI endpoint = url(REGION_ENDPOINTS, trimmed.substring(eq + 1), "https://gaussdb." + region
                    + ".myhuaweicloud.com");
            if (endpoints.putIfAbsent(region, endpoint) != null) {
                throw new InvalidSettingException(REGION_ENDPOINTS, "names the region '" + region + "' twice; keep"
                        + " one endpoint per region");
            }
        }
        return endpoints;
    }

    /** An http(s) URL the API or IAM is reached at; {@code example} completes the error's "such as". */
    private static URI url(String property, String value, String example) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri != null && (uri.getRawUserInfo() != null || uri.getHost() == null && uri.getRawAuthority() != null
                && uri.getRawAuthority().contains("@"))) {
            throw new InvalidSettingException(property, "'" + withoutUserInfo(value) + "' carries a user and password"
                    + " before the host, which the API does not take and the logs must not show; remove them (the"
                    + " requests are signed with watch.auth.* or HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK)");
        }
        if (uri != null && (uri.getPort() == 0 || uri.getPort() > 65535)) {
            throw new InvalidSettingException(property, "'" + value + "' has port " + uri.getPort() + "; a port is"
                    + " 1 to 65535, or leave it out for the scheme's own (443 for https)");
        }
        if (uri == null || !"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())
                || uri.getHost() == null || uri.getRawQuery() != null) {
            throw new InvalidSettingException(property, "'" + withoutUserInfo(value) + "' is not an http(s) URL such"
                    + " as " + example);
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
     * The board shows task and database names: it is served without authentication only to this machine, and a user
     * name needs its password in the environment.
     */
    private static BoardSettings board(Reader read, Map<String, String> environment) {
        boolean enabled = Boolean.parseBoolean(read.choice(Setting.BOARD_ENABLED));
        String host = read.value(Setting.BOARD_HOST);
        Optional<String> username = read.optional(BOARD_USERNAME);
        String password = environment.getOrDefault(BoardSettings.PASSWORD_VARIABLE, "");
        if (enabled) {
            if (username.isPresent() && username.get().contains(":")) {
                throw new InvalidSettingException(BOARD_USERNAME, "'" + username.get() + "' holds a ':', which basic"
                        + " auth cannot carry in a user name; choose a name without it");
            }
            if (username.isPresent() && password.isEmpty()) {
                throw new InvalidSettingException(BOARD_USERNAME, "is '" + username.get() + "' but "
                        + BoardSettings.PASSWORD_VARIABLE + " is empty; export the board's password in "
                        + BoardSettings.PASSWORD_VARIABLE + ", or clear " + BOARD_USERNAME
                        + " to serve the board to this machine only");
            }
            if (username.isEmpty() && !loopback(host)) {
                throw new InvalidSettingException(BOARD_HOST, "'" + host + "' is not a loopback address, and the"
                        + " board shows task and database names; set " + BOARD_USERNAME + " and "
                        + BoardSettings.PASSWORD_VARIABLE + " to require basic auth, or set it to 127.0.0.1");
            }
        }
        return new BoardSettings(enabled, host, read.integer(Setting.BOARD_PORT), username, password);
    }

    // An unknown host name is no loopback address: the bind check of StartupChecks names it.
    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException unknown) {
            return false;
        }
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

    /** How long a full stage's percentage may stand still before the task is announced as stalled; zero: never. */
    public Duration stallAfter() {
        return Setting.STALL_AFTER.rule().duration(Setting.STALL_AFTER.key(), value(Setting.STALL_AFTER),
                Setting.STALL_AFTER.defaultValue());
    }

    /** Where every Kafka client of the service connects, and how. */
    public KafkaClientProperties kafkaClients() {
        return new KafkaClientProperties(kafkaBrokers, kafkaSecurity);
    }

    /** The validated value of a setting that is not secret, as the routes read it. */
    public String value(Setting setting) {
        return values.get(setting.key());
    }

    /** Whether every task gets its own gauges ({@code watch.metrics.task-gauges}), validated as a boolean. */
    public boolean taskGauges() {
        return Boolean.parseBoolean(value(Setting.TASK_GAUGES));
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

    /** The settings, with the instances as watched (their projects known), as one log line; it holds no secret. */
    public String describe(List<WatchedInstance> watched) {
        return watched.size() + " instance(s) in " + watched.stream().map(WatchedInstance::projectId).distinct()
                .count() + " project(s) at " + String.join(", ", watched.stream().map(WatchedInstance::region)
                .distinct().map(region -> endpoints.of(region) + " (" + region + ")").toList()) + ", every " + TimeUtils.printDuration(pacing.interval())
                + ", tracking " + String.join(",", trackedFields) + ", pages of " + paging.limit() + " ("
                + paging.offsetMode().name().toLowerCase(Locale.ROOT) + " offsets), events to " + kafkaTopic + " at "
                + kafkaBrokers;
    }
}
