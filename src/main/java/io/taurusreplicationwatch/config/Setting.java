package io.taurusreplicationwatch.config;

import static io.taurusreplicationwatch.config.SettingRule.bool;
import static io.taurusreplicationwatch.config.SettingRule.duration;
import static io.taurusreplicationwatch.config.SettingRule.integer;
import static io.taurusreplicationwatch.config.SettingRule.oneOf;
import static io.taurusreplicationwatch.config.SettingRule.size;
import static io.taurusreplicationwatch.config.SettingRule.text;

import java.time.Duration;

/**
 * Every setting {@code config/application.properties} ships, declared once: key, default, allowed values, one-line
 * doc, secret or not. Validation, the start-up summary and the README's configuration table come from here; tests
 * hold the properties file and the README to it. The order is the file's.
 */
public enum Setting {

    CAMEL_NAME("camel.main.name", "taurus-replication-watch", text("text", "any name"),
            "Name of the Camel context in logs and metrics."),
    ROUTES_INCLUDE_PATTERN("camel.main.routes-include-pattern", "file:routes/*.camel.yaml",
            text("text", "Camel resource patterns, comma separated"),
            "Routes are read from the file system so that operators can edit them without a rebuild."),
    SHUTDOWN_TIMEOUT("camel.main.shutdown-timeout", "30", integer(1, 3600),
            "Seconds a shutdown waits for a poll in flight to finish (its API request is aborted at once); below the"
            + " manifests' grace period."),
    LOG_MASK("camel.main.log-mask", "true", bool(),
            "Mask values of sensitive keys in the Log EIP and log component; the credentials are masked in every log"
            + " anyway."),
    ADDITIONAL_SENSITIVE_KEYWORDS("camel.main.additional-sensitive-keywords", "securitytoken",
            text("text", "keywords, comma separated"),
            "Keywords masked in the start-up property summary beyond Camel's own (token, accesskey, secretkey, ...)."),
    REGION("watch.region", "cn-north-4", text("text", "a Huawei Cloud region such as cn-north-4"),
            "Region of the instances listed without one; the endpoint below is derived from it."),
    ENDPOINT("watch.api.endpoint", "https://gaussdb.{{watch.region}}.myhuaweicloud.com",
            text("URL", "an http(s) URL without user, password or query"),
            "Base URL of the TaurusDB (GaussDB for MySQL) API; set it explicitly to override the region's."),
    IAM_ENDPOINT("watch.iam.endpoint", "https://iam.myhuaweicloud.com", text("URL", "an http(s) URL"),
            "IAM endpoint for IAM tokens and project discovery; HUAWEICLOUD_SDK_IAM_ENDPOINT when empty."),
    LANGUAGE("watch.api.language", "en-us", oneOf("en-us", "zh-cn"),
            "X-Language of every request: en-us or zh-cn (language of error_msg)."),
    PAGE_SIZE("watch.api.page-size", "100", integer(1, 1000),
            "Tasks per page (the limit parameter), 1 to 1000."),
    OFFSET_MODE("watch.api.offset-mode", "records", oneOf("records", "pages"),
            "What offset counts: records (records skipped, 0, 100, 200, ...) or pages (1-based page number)."),
    MAX_PAGES("watch.api.max-pages", "1000", integer(1, 1_000_000),
            "Page requests per poll of one instance before the poll gives up as incomplete, 1 to 1000000."),
    API_CONNECT_TIMEOUT("watch.api.connect-timeout", "10s", duration(Duration.ofMillis(100)),
            "Time to establish a connection to the API or its proxy, TLS handshake included (http:// and https://)."),
    API_RESPONSE_TIMEOUT("watch.api.response-timeout", "30s", duration(Duration.ofMillis(100)),
            "Time to wait for the API's answer to one page request, and the longest silence while it is read."),
    API_SOCKET_TIMEOUT("watch.api.socket-timeout", "30s", duration(Duration.ofMillis(100)),
            "Time a read may block while a connection is set up; once a request is sent, the response timeout"
            + " applies."),
    API_CONNECTION_REQUEST_TIMEOUT("watch.api.connection-request-timeout", "10s", duration(Duration.ofMillis(100)),
            "Time to wait for a free pooled connection."),
    MAX_RESPONSE_SIZE("watch.api.max-response-size", "4MB", size(1024, 256L << 20),
            "Largest answer to one page request, counted as it is read (inflated, when gzipped); a larger one is"
            + " refused. 512KB, 4MB, ..."),
    REQUEST_DEADLINE("watch.api.request-deadline", "60s", duration(Duration.ofMillis(100)),
            "Longest time from sending a page request to the last byte of its answer; then the request is aborted."),
    REGION_ENDPOINTS("watch.api.region-endpoints", "",
            text("list", "<region>=<url> entries, comma separated, or empty"),
            "API base URLs of other regions, <region>=<url> comma separated; a region not named here is served by"
            + " https://gaussdb.<region>.myhuaweicloud.com (watch.region by watch.api.endpoint)."),
    TRUSTSTORE("watch.api.truststore", "", text("path", "a JKS or PKCS12 file, or empty"),
            "Trust store of the authorities the API's certificate must chain to (a private CA, a TLS-inspecting"
            + " proxy); empty: the JVM's default trust."),
    TRUSTSTORE_PASSWORD("watch.api.truststore-password", "", text("secret", "the password of watch.api.truststore"),
            true, "Password of watch.api.truststore."),
    TRUSTSTORE_TYPE("watch.api.truststore-type", "auto", oneOf("auto", "jks", "pkcs12"),
            "Format of watch.api.truststore: JKS, PKCS12, or auto (recognised from the file)."),
    PROXY("watch.api.proxy", "", text("host:port", "host:port of an HTTP proxy, or empty"),
            "HTTP proxy (host:port) for every outbound request, https through CONNECT; empty: HTTPS_PROXY (HTTP_PROXY"
            + " for http://) and NO_PROXY from the environment, else direct."),
    PROXY_USER("watch.api.proxy-user", "", text("text", "a user name, or empty"),
            "User of the proxy's Basic authentication; empty: the user in the proxy URL of the environment, if any."),
    PROXY_PASSWORD("watch.api.proxy-password", "", text("secret", "the password of watch.api.proxy-user"), true,
            "Password of watch.api.proxy-user."),
    ACCESS_KEY("watch.auth.access-key", "", text("secret", "an access key, with watch.auth.secret-key"), true,
            "Access key (AK) of the key pair that signs requests (SDK-HMAC-SHA256)."),
    SECRET_KEY("watch.auth.secret-key", "", text("secret", "the secret key of watch.auth.access-key"), true,
            "Secret key (SK) of that pair."),
    SECURITY_TOKEN("watch.auth.security-token", "", text("secret", "a security token, with a key pair"), true,
            "Security token of temporary credentials; sent as X-Security-Token and signed."),
    TOKEN("watch.auth.token", "", text("secret", "an IAM token, without a key pair"), true,
            "A static IAM token sent as X-Auth-Token instead of signing; not together with a key pair."),
    AUTH_SOURCE("watch.auth.source", "auto", oneOf("auto", "properties", "environment", "file", "metadata",
            "iam-password", "iam-agency", "token-file"),
            "Where credentials come from; auto: iam-agency, iam-password or token-file when their settings are set,"
            + " else properties, environment, then the credentials file. metadata only when chosen."),
    CREDENTIALS_FILE("watch.auth.credentials-file", "", text("path", "an INI file with a [basic] section, or empty"),
            "The SDK's credentials file ([basic] ak, sk, security_token, project_id), read again when it changes;"
            + " HUAWEICLOUD_SDK_CREDENTIALS_FILE, then ~/.huaweicloud/credentials, when empty."),
    TOKEN_FILE("watch.auth.token-file", "", text("path", "a file holding one IAM token, or empty"),
            "A file whose content is an IAM token (a mounted Kubernetes secret), read again when it changes."),
    METADATA_ENDPOINT("watch.auth.metadata-endpoint", "http://169.254.169.254", text("URL", "an http(s) URL"),
            "The ECS/CCE metadata service that issues the temporary AK/SK of the server's agency (source metadata)."),
    IAM_DOMAIN("watch.iam.domain", "", text("text", "an account (domain) name"),
            "Account (domain) name: the IAM user's (iam-password), or the one that created the agency (iam-agency)."),
    IAM_USER("watch.iam.user", "", text("text", "an IAM user name"),
            "IAM user whose password obtains project-scoped IAM tokens (source iam-password)."),
    IAM_PASSWORD("watch.iam.password", "", text("secret", "the password of watch.iam.user"), true,
            "Password of that IAM user."),
    IAM_AGENCY("watch.iam.agency", "", text("text", "an agency name"),
            "Agency whose IAM tokens are assumed (source iam-agency) with the key pair of properties, environment or"
            + " credentials file."),
    PROJECT_ID("watch.project-id", "", text("text", "letters, digits, '-' and '_'"),
            "Default project for instances of watch.region listed without one; HUAWEICLOUD_SDK_PROJECT_ID when empty."),
    INSTANCES("watch.instances", "", text("list", "[<region>/][<project_id>:]<instance_id>, comma separated"),
            "Instances, comma separated, each [<region>/][<project_id>:]<instance_id>: without a region, watch.region;"
            + " without a project, watch.project-id, else the region's project from IAM at start-up."),
    POLL_INTERVAL("watch.poll.interval", "30s", duration(Duration.ofMillis(100)),
            "Time from the start of one poll of an instance to the start of its next (30s, 5m, 1h, ...)."),
    POLL_INITIAL_DELAY("watch.poll.initial-delay", "1s", duration(Duration.ZERO),
            "Delay before the first polls after start-up."),
    POLL_TICK("watch.poll.tick", "25ms", duration(Duration.ofMillis(10)),
            "How often the scheduler looks for instances whose poll is due; the most a poll starts late."),
    MAX_CONCURRENT_INSTANCES("watch.poll.max-concurrent-instances", "4", integer(1, 256),
            "Instances polled at the same time, 1 to 256."),
    MAX_BACKOFF("watch.poll.max-backoff", "10m", duration(Duration.ofMillis(100)),
            "Longest wait before retrying an instance whose polls keep failing (the wait doubles from"
            + " watch.poll.interval)."),
    MISSING_INSTANCE_INTERVAL("watch.poll.missing-instance-interval", "10m", duration(Duration.ofMillis(100)),
            "Pace of polls of an instance the API says does not exist (DBS.200022)."),
    TRACKED_FIELDS("watch.detect.tracked-fields", "stage,status", text("list", "stage, status, catchup_stage,"
            + " percentage, catchup_percentage, source_database, target_database, comma separated"),
            "Task fields whose change publishes an event, comma separated: stage, status, catchup_stage, percentage,"
            + " catchup_percentage, source_database, target_database."),
    REMOVAL_AFTER_POLLS("watch.detect.removal-after-polls", "2", integer(1, 1000),
            "Complete polls in a row that must miss a task before it is announced as removed, 1 to 1000."),
    STALL_AFTER("watch.detect.stall-after", "30m", duration(Duration.ZERO),
            "A task in stage full (or catch-up stage full) with status yes whose percentage has not moved for this"
            + " long is announced once as stalled; 0 turns it off."),
    STATE_STORE("watch.state.store", "file", oneOf("file", "memory", "kafka"),
            "Where the last published state of every task is kept: file (survives restarts, one machine), kafka (a"
            + " compacted topic on watch.kafka.brokers, shared by replicas) or memory (tests only)."),
    STATE_FILE("watch.state.file", "data/replication-state.json", text("path", "a file this user can write"),
            "The state snapshot (store file); each save appends what changed to <file>.journal, folded into the"
            + " snapshot when it grows."),
    STATE_KAFKA_TOPIC("watch.state.kafka-topic", "taurusdb.starrocks.replication.state",
            text("topic", "a Kafka topic name"),
            "The compacted topic of the task state (store kafka); created with one partition if missing."),
    STATE_SAVE_INTERVAL("watch.state.save-interval", "30s", duration(Duration.ofMillis(100)),
            "How often the tasks whose state changed are written to the store (and at shutdown); later events are"
            + " read back from the change topic."),
    TOMBSTONE_RETENTION("watch.state.tombstone-retention", "30d", duration(Duration.ZERO),
            "How long a removed task's sequence number is remembered, so that a task coming back continues its"
            + " ce_id."),
    STATE_RECOVER_FROM_TOPIC("watch.state.recover-from-topic", "true", bool(),
            "Read back the change topic after loading the state: events published after its last save are applied"
            + " (no ce_id reused)."),
    CLUSTER_LOCK_DIR("watch.cluster.lock-dir", "", text("path", "a directory all replicas can write, or empty"),
            "A directory all replicas share (one machine, or a shared volume): only the process holding the lock in"
            + " it polls, and reads the state store again when it takes over. A standby takes over when the leader's"
            + " heartbeat is five lock intervals old. Empty: no lock file (see watch.cluster.kind)."),
    CLUSTER_LOCK_INTERVAL("watch.cluster.lock-interval", "2s", duration(Duration.ofMillis(100)),
            "How often a standby tries to take the lock, and how often the leader renews it."),
    CLUSTER_KIND("watch.cluster.kind", "", oneOf("none", "file", "kubernetes"),
            "Leader election: none (every process polls), file (the lock in watch.cluster.lock-dir) or kubernetes (a"
            + " coordination.k8s.io Lease). Empty: file when watch.cluster.lock-dir is set, none otherwise."),
    CLUSTER_LEASE_NAME("watch.cluster.lease-name", "taurus-replication-watch",
            text("text", "a Kubernetes name: lower-case letters, digits and '-'"),
            "Prefix of the Lease the replicas compete for (kind kubernetes); the Lease is <lease-name>-poll."),
    CLUSTER_NAMESPACE("watch.cluster.namespace", "", text("text", "a Kubernetes namespace, or empty"),
            "Namespace of the Lease and of the replicas' pods (kind kubernetes). Empty: the pod's own, read from its"
            + " service account."),
    CLUSTER_POD_NAME("watch.cluster.pod-name", "", text("text", "this pod's name, or empty"),
            "This replica's name in the Lease (kind kubernetes); it must be the name of its pod. Empty: HOSTNAME,"
            + " which Kubernetes sets to the pod's name."),
    CLUSTER_POD_LABELS("watch.cluster.pod-labels", "app.kubernetes.io/name=taurus-replication-watch",
            text("list", "name=value pairs, comma separated"),
            "Labels of the replicas' pods (kind kubernetes): only a running and ready pod with these labels can hold"
            + " the Lease."),
    CLUSTER_LEASE_DURATION("watch.cluster.lease-duration", "15s", duration(Duration.ofSeconds(1)),
            "How long a replica that took the Lease from a pod gone or not ready waits before it polls, so that the"
            + " old holder has stopped (kind kubernetes); above watch.cluster.renew-deadline."),
    CLUSTER_RENEW_DEADLINE("watch.cluster.renew-deadline", "10s", duration(Duration.ofMillis(100)),
            "The leader stops polling when it has not read its Lease from the API server for this long (kind"
            + " kubernetes); above 1.2 x watch.cluster.retry-period."),
    CLUSTER_RETRY_PERIOD("watch.cluster.retry-period", "2s", duration(Duration.ofMillis(100)),
            "How often each replica reads the Lease: the leader to renew it, a standby to take it when free (kind"
            + " kubernetes)."),
    CLUSTER_KUBERNETES_MASTER_URL("watch.cluster.kubernetes-master-url", "",
            text("URL", "an http(s) URL, or empty"),
            "URL of the Kubernetes API server (kind kubernetes). Empty: the in-cluster address and the pod's service"
            + " account token."),
    MANAGEMENT_ENABLED("camel.management.enabled", "true", bool(),
            "Serves /observe/health, /observe/health/live, /observe/health/ready and /observe/metrics (Prometheus)."),
    MANAGEMENT_HOST("camel.management.host", "0.0.0.0", text("text", "a host name or address of this machine"),
            "Address the management server binds to; 0.0.0.0 so that Kubernetes probes and Prometheus reach it."),
    MANAGEMENT_PORT("camel.management.port", "9876", integer(0, 65535),
            "Port of the management server (not the API's, not Kafka's)."),
    HEALTH_CHECK_ENABLED("camel.management.health-check-enabled", "true", bool(),
            "Liveness and readiness under /observe/health; readiness: the state loaded, every instance polled, Kafka"
            + " answering."),
    METRICS_ENABLED("camel.management.metrics-enabled", "true", bool(),
            "Prometheus metrics under /observe/metrics: the taurus_watch_* meters and Camel's own."),
    CAMEL_METRICS_ENABLED("camel.metrics.enabled", "true", bool(),
            "Turns on camel-micrometer-prometheus, which serves the registry the service's meters are in."),
    KAFKA_PROBE_INTERVAL("watch.health.kafka-probe-interval", "5s", duration(Duration.ofMillis(100)),
            "How often readiness asks Kafka for its cluster (off the health-check thread); readiness is DOWN once"
            + " Kafka has not answered for watch.kafka.delivery-timeout-ms."),
    FAILED_POLL_INTERVALS("watch.health.failed-poll-intervals", "3", integer(1, 1000),
            "Readiness is DOWN once the last poll of every instance failed and none succeeded for this many"
            + " watch.poll.interval."),
    TASK_GAUGES("watch.metrics.task-gauges", "true", bool(),
            "Per-task gauges (status, stage, percentage, catchup percentage by instance and task), four series per"
            + " task; false drops them for very large fleets."),
    KAFKA_BROKERS("watch.kafka.brokers", "localhost:9092", text("list", "host:port pairs, comma separated"),
            "Bootstrap servers of the cluster that receives the change events."),
    KAFKA_TOPIC("watch.kafka.topic", "taurusdb.starrocks.replication.changes", text("topic", "a Kafka topic name"),
            "Topic of the change events."),
    KAFKA_CLIENT_ID("watch.kafka.client-id", "taurus-replication-watch", text("text", "a non-empty name"),
            "Producer client id."),
    KAFKA_DELIVERY_TIMEOUT("watch.kafka.delivery-timeout-ms", "30000", integer(1, Integer.MAX_VALUE),
            "Upper bound on the time to get one event acknowledged (ms); a poll whose event is not acknowledged by"
            + " then fails and the change is published again by the next poll."),
    KAFKA_REQUEST_TIMEOUT("watch.kafka.request-timeout-ms", "10000", integer(1, Integer.MAX_VALUE),
            "Time to wait for one produce request's answer (ms); at most delivery-timeout-ms."),
    KAFKA_MAX_BLOCK("watch.kafka.max-block-ms", "10000", integer(0, Integer.MAX_VALUE),
            "Time a send may block waiting for metadata or buffer space (ms)."),
    PUBLISH_POOL_SIZE("camel.threadpool.config[publish-threads].pool-size", "2", integer(1, 256),
            "Threads that build and hand events to the Kafka producer. The send itself is asynchronous, so a page's"
            + " events stay in flight together whatever this number; more threads than cores only contend for the"
            + " producer's buffer lock."),
    PUBLISH_MAX_POOL_SIZE("camel.threadpool.config[publish-threads].max-pool-size", "2", integer(1, 256),
            "Same as pool-size: the pool never grows; a page's events wait in its queue for a thread instead."),
    PUBLISH_MAX_QUEUE_SIZE("camel.threadpool.config[publish-threads].max-queue-size", "-1",
            integer(-1, Integer.MAX_VALUE),
            "Unbounded (-1): a page's events queue up instead of being run by the poll's own thread."),
    KAFKA_SECURITY_PROTOCOL("watch.kafka.security-protocol", "PLAINTEXT",
            text("choice", "PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL"),
            "How every Kafka client of the service connects: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL (DMS for"
            + " Kafka: SASL_SSL, or SASL_PLAINTEXT)."),
    KAFKA_SASL_MECHANISM("watch.kafka.sasl-mechanism", "",
            text("choice", "PLAIN, SCRAM-SHA-256, SCRAM-SHA-512; required with SASL_*"),
            "SASL mechanism with SASL_PLAINTEXT or SASL_SSL: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512."),
    KAFKA_USERNAME("watch.kafka.username", "", text("text", "a SASL user name, with watch.kafka.password"),
            "SASL user; the JAAS login for the mechanism is built from it and watch.kafka.password."),
    KAFKA_PASSWORD("watch.kafka.password", "", text("secret", "the SASL password of watch.kafka.username"), true,
            "SASL password of that user."),
    KAFKA_SASL_JAAS_CONFIG("watch.kafka.sasl-jaas-config", "",
            text("secret", "a whole JAAS line, instead of username and password"), true,
            "A whole sasl.jaas.config line instead of watch.kafka.username and watch.kafka.password."),
    KAFKA_TRUSTSTORE_LOCATION("watch.kafka.truststore-location", "", text("path", "a readable trust store file"),
            "Trust store of the authorities that signed the brokers' certificates (SSL, SASL_SSL); empty: the JVM's."),
    KAFKA_TRUSTSTORE_PASSWORD("watch.kafka.truststore-password", "",
            text("secret", "the password of the trust store"), true,
            "Password of the trust store."),
    KAFKA_TRUSTSTORE_TYPE("watch.kafka.truststore-type", "JKS", text("choice", "JKS, PKCS12, PEM"),
            "Type of the trust store: JKS, PKCS12 or PEM."),
    KAFKA_KEYSTORE_LOCATION("watch.kafka.keystore-location", "", text("path", "a readable key store file, or empty"),
            "Key store with the client's own certificate, for brokers that require one (mutual TLS); empty: none."),
    KAFKA_KEYSTORE_PASSWORD("watch.kafka.keystore-password", "", text("secret", "the password of the key store"),
            true, "Password of the key store."),
    KAFKA_KEYSTORE_TYPE("watch.kafka.keystore-type", "JKS", text("choice", "JKS, PKCS12, PEM"),
            "Type of the key store: JKS, PKCS12 or PEM."),
    KAFKA_KEY_PASSWORD("watch.kafka.key-password", "", text("secret", "the password of the key, or empty"), true,
            "Password of the key in the key store; empty: the key store's password."),
    KAFKA_HOSTNAME_VERIFICATION("watch.kafka.hostname-verification", "true", bool(),
            "Whether a broker's certificate must name the host it is reached under; false is the empty"
            + " ssl.endpoint.identification.algorithm of DMS's client guide."),
    BOARD_ENABLED("watch.board.enabled", "true", bool(),
            "Serves the status board (a page and its JSON API) on a listener of its own, apart from the management"
            + " server."),
    BOARD_HOST("watch.board.host", "127.0.0.1", text("text", "a host name or address of this machine"),
            "Address the board binds to; it shows task and database names, so an address other machines reach needs"
            + " watch.board.username."),
    BOARD_PORT("watch.board.port", "9877", integer(0, 65535),
            "Port of the status board (0: any free port, logged at start-up)."),
    BOARD_USERNAME("watch.board.username", "", text("text", "a user name without ':', or empty"),
            "User name of the board's basic auth, its password read from WATCH_BOARD_PASSWORD; empty: no"
            + " authentication, loopback addresses only.");

    private final String key;
    private final String defaultValue;
    private final SettingRule rule;
    private final boolean secret;
    private final String doc;

    Setting(String key, String defaultValue, SettingRule rule, String doc) {
        this(key, defaultValue, rule, false, doc);
    }

    Setting(String key, String defaultValue, SettingRule rule, boolean secret, String doc) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.rule = rule;
        this.secret = secret;
        this.doc = doc;
    }

    public String key() {
        return key;
    }

    /** The value {@code config/application.properties} ships; empty when the setting has none. */
    public String defaultValue() {
        return defaultValue;
    }

    public SettingRule rule() {
        return rule;
    }

    /** A secret's value is never printed: not in the start-up summary, not in an error. */
    public boolean secret() {
        return secret;
    }

    public String doc() {
        return doc;
    }

    /** The service's own settings, as opposed to Camel's that the file ships; only these reach the routes. */
    public boolean ours() {
        return key.startsWith("watch.");
    }
}
