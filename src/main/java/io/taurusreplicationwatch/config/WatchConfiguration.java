package io.taurusreplicationwatch.config;

import io.taurusreplicationwatch.api.ApiHttpClient;
import io.taurusreplicationwatch.api.ApiRequestGuard;
import io.taurusreplicationwatch.api.ReplicationPageParser;
import io.taurusreplicationwatch.api.ReplicationRequestFactory;
import io.taurusreplicationwatch.api.TokenRefusalRetry;
import io.taurusreplicationwatch.credentials.CredentialsProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taurusreplicationwatch.cluster.StateReloadOnLeadership;
import io.taurusreplicationwatch.events.ChangeEventFactory;
import io.taurusreplicationwatch.observability.CredentialsReadiness;
import io.taurusreplicationwatch.observability.FirstPollsReadiness;
import io.taurusreplicationwatch.observability.KafkaProbe;
import io.taurusreplicationwatch.observability.KafkaReadiness;
import io.taurusreplicationwatch.observability.LogMasking;
import io.taurusreplicationwatch.observability.PollsReadiness;
import io.taurusreplicationwatch.observability.ReadinessPolicy;
import io.taurusreplicationwatch.observability.SecretMask;
import io.taurusreplicationwatch.observability.WatchMetrics;
import io.taurusreplicationwatch.polling.InstancePolls;
import io.taurusreplicationwatch.polling.InstanceSchedule;
import io.taurusreplicationwatch.polling.PollOutcomes;
import io.taurusreplicationwatch.polling.RemovalSweep;
import io.taurusreplicationwatch.state.ChangeTopicReplay;
import io.taurusreplicationwatch.state.FileTaskStateStore;
import io.taurusreplicationwatch.state.InMemoryTaskStateStore;
import io.taurusreplicationwatch.state.KafkaTaskStateStore;
import io.taurusreplicationwatch.state.StateSaveOutcomes;
import io.taurusreplicationwatch.state.TaskStateRepository;
import io.taurusreplicationwatch.state.TaskStateStore;
import io.taurusreplicationwatch.state.TrackedFields;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.MicrometerUtils;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.camel.support.processor.DefaultMaskingFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates the settings and binds the beans the YAML routes call by name. Runs before any route is loaded, so a
 * wrong setting stops the service before it polls anything.
 */
public class WatchConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(WatchConfiguration.class);
    // The official SDK's variable of the default project, which WatchSettings reads.
    private static final String SDK_PROJECT_ID_ENV = "HUAWEICLOUD_SDK_PROJECT_ID";

    private final Map<String, String> environment;
    private final Clock clock;

    public WatchConfiguration() {
        this(System.getenv(), Clock.systemUTC());
    }

    public WatchConfiguration(Map<String, String> environment, Clock clock) {
        this.environment = environment;
        this.clock = clock;
    }

    /** The credentials file's project_id as the default project, after watch.project-id and the environment's. */
    private static Map<String, String> withCredentialsFileProject(Map<String, String> environment,
                                                                  CredentialsResolver resolver) {
        if (environment.get(SDK_PROJECT_ID_ENV) != null) {
            return environment;
        }
        Optional<String> project = resolver.credentialsFileProject();
        if (project.isEmpty()) {
            return environment;
        }
        Map<String, String> withProject = new HashMap<>(environment);
        withProject.put(SDK_PROJECT_ID_ENV, project.get());
        return withProject;
    }

    /**
     * The registry that /observe/metrics serves: camel-micrometer-prometheus's if it already made one, else one bound
     * under the name it looks for first, so that it serves ours.
     */
    private static MeterRegistry meterRegistry(Registry registry) {
        MeterRegistry existing = MicrometerUtils.getMeterRegistryFromCamelRegistry(registry,
                MicrometerConstants.METRICS_REGISTRY_NAME);
        if (existing != null) {
            return existing;
        }
        PrometheusMeterRegistry created = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, created);
        return created;
    }

    /**
     * One active poller: with {@code watch.cluster.lock-dir} set, the scheduler route runs only in the process holding
     * the lock in that directory, and reads the shared state again when it takes over. Without it, every process polls.
     */
    private static void bindLeadership(CamelContext camelContext, WatchSettings settings, TaskStateRepository taskState)
            throws Exception {
        Registry registry = camelContext.getRegistry();
        if (settings.clusterLockDir().isEmpty()) {
            registry.bind("pollLeadership", new RoutePolicySupport() { });
            registry.bind("stateOnLeadership", new RoutePolicySupport() { });
            return;
        }
        FileLockClusterService cluster = new FileLockClusterService();
        cluster.setId("taurus-replication-watch-" + ProcessHandle.current().pid());
        cluster.setRoot(settings.clusterLockDir().get().toAbsolutePath().toString());
        cluster.setAcquireLockDelay(100, TimeUnit.MILLISECONDS);
        cluster.setAcquireLockInterval(settings.clusterLockInterval().toMillis(), TimeUnit.MILLISECONDS);
        camelContext.addService(cluster);
        registry.bind("pollLeadership", ClusteredRoutePolicy.forNamespace(cluster, "taurus-replication-watch"));
        registry.bind("stateOnLeadership", new StateReloadOnLeadership(taskState));
        LOG.info("Leader election on: only the process holding the lock in {} polls", cluster.getRoot());
    }

    /** The readiness checks beyond the first polls: Kafka answers, and not every instance's polls keep failing. */
    private void bindReadiness(CamelContext camelContext, WatchSettings settings, InstanceSchedule schedule)
            throws Exception {
        ReadinessPolicy policy = settings.readiness();
        KafkaReadiness kafka = new KafkaReadiness(settings.kafkaBrokers(), policy.kafkaGrace(), clock);
        camelContext.addService(new KafkaProbe(camelContext, settings.kafkaBrokers(),
                settings.value(Setting.KAFKA_CLIENT_ID), policy.kafkaProbeInterval(),
                kafka));
        Registry registry = camelContext.getRegistry();
        registry.bind("kafkaReadiness", kafka);
        registry.bind("pollsReadiness", new PollsReadiness(schedule, settings.pacing().interval(), policy.failedPollIntervals(), clock));
    }

    /**
     * The reader of the change topic that completes the state checkpoint at load. Its margin before the checkpoint
     * is the longest an event may take from creation to acknowledgement (the delivery timeout), plus a minute for
     * the clocks of two hosts a poller may move between.
     */
    private static Optional<ChangeTopicReplay> changeTopicReplay(WatchSettings settings) {
        if (!settings.stateRecoverFromTopic()) {
            LOG.warn("{}=false: the change topic is not read back at start-up; a crash between an acknowledgement"
                    + " and the next state save may reuse a ce_id or leave a task's last event wrong",
                    WatchSettings.STATE_RECOVER_FROM_TOPIC);
            return Optional.empty();
        }
        // The readiness grace is the validated watch.kafka.delivery-timeout-ms.
        Duration deliveryTimeout = settings.readiness().kafkaGrace();
        return Optional.of(new ChangeTopicReplay(settings.kafkaBrokers(), settings.kafkaTopic(),
                settings.value(Setting.KAFKA_CLIENT_ID), deliveryTimeout.plusMinutes(1), Duration.ofSeconds(30)));
    }

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        var properties = camelContext.getPropertiesComponent();
        SecretMask mask = new SecretMask(List.of(), new DefaultMaskingFormatter(camelContext));
        AtomicReference<ApiHttpClient> apiHttpClientBean = new AtomicReference<>();
        CredentialsHttpClients credentialsClients = new CredentialsHttpClients(apiHttpClientBean::get);
        camelContext.addLifecycleStrategy(credentialsClients);
        CredentialsResolver resolver = new CredentialsResolver(properties::resolveProperty, environment,
                Path.of(System.getProperty("user.home")), new CredentialsResolver.Runtime(clock, mask::register,
                credentialsClients::iam, credentialsClients::metadata));
        WatchSettings settings = WatchSettings.from(properties::resolveProperty,
                withCredentialsFileProject(environment, resolver));
        // The routes' placeholders read the values validated here, the declared default where the file sets none.
        settings.routeValues().forEach(properties::addOverrideProperty);
        StartupChecks.verify(settings, properties::resolveProperty);
        CredentialsProvider credentials = resolver.resolve();
        LOG.info("Watching {}; authenticating with {}", settings.describe(), credentials.describe());
        LOG.info("Settings: {}", settings.summary(properties::resolveProperty));
        LogMasking.install(camelContext, mask);

        TrackedFields trackedFields = new TrackedFields(settings.trackedFields());
        TaskStateStore store = switch (settings.stateStore()) {
            case FILE -> new FileTaskStateStore(settings.stateFile());
            case MEMORY -> new InMemoryTaskStateStore();
            case KAFKA -> new KafkaTaskStateStore(settings.kafkaBrokers(), settings.stateKafkaTopic(),
                    settings.value(Setting.KAFKA_CLIENT_ID),
                    Duration.ofSeconds(30));
        };
        TaskStateRepository taskState = new TaskStateRepository(store, trackedFields,
                changeTopicReplay(settings), clock);
        // Loaded with the context, before any route starts: the first poll already knows every task.
        camelContext.addService(taskState, true, true);

        Registry registry = camelContext.getRegistry();
        InstanceSchedule schedule = new InstanceSchedule(settings.instances(), settings.pacing(), clock);
        WatchMetrics metrics = new WatchMetrics(meterRegistry(registry), taskState, schedule, clock);
        registry.bind("watchSettings", settings);
        registry.bind("instanceSchedule", schedule);
        registry.bind("taskState", taskState);
        registry.bind("instancePolls", new InstancePolls(settings.paging(), trackedFields, taskState, clock,
                metrics));
        registry.bind("replicationRequests", new ReplicationRequestFactory(settings.endpoint(), settings.language(),
                credentials, clock));
        registry.bind("replicationPages", new ReplicationPageParser(clock));
        ApiRequestGuard requestGuard = new ApiRequestGuard(settings.requestLimits());
        ApiHttpClient apiHttpClient = new ApiHttpClient(requestGuard, new TokenRefusalRetry(credentials));
        apiHttpClientBean.set(apiHttpClient);
        camelContext.addLifecycleStrategy(apiHttpClient);
        registry.bind("apiHttpClient", apiHttpClient);
        registry.bind("changeEvents", new ChangeEventFactory(taskState));
        registry.bind("removalSweep", new RemovalSweep(taskState, settings.removalAfterPolls(),
                settings.tombstoneRetention(), clock));
        registry.bind("pollOutcomes", new PollOutcomes(schedule, metrics, clock));
        registry.bind("firstPollsReadiness", new FirstPollsReadiness(taskState, schedule));
        registry.bind("stateSaves", new StateSaveOutcomes(settings.stateSaveInterval()));
        bindReadiness(camelContext, settings, schedule);
        registry.bind("credentialsReadiness", new CredentialsReadiness(credentials));
        bindLeadership(camelContext, settings, taskState);
    }
}
