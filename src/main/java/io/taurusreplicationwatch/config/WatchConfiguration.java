package io.taurusreplicationwatch.config;

import io.taurusreplicationwatch.api.ApiHttpClient;
import io.taurusreplicationwatch.api.ApiRequestGuard;
import io.taurusreplicationwatch.api.ApiTransport;
import io.taurusreplicationwatch.api.ReplicationPageParser;
import io.taurusreplicationwatch.api.ReplicationRequestFactory;
import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.api.TokenRefusalRetry;
import io.taurusreplicationwatch.credentials.CredentialsProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taurusreplicationwatch.cluster.KubernetesLease;
import io.taurusreplicationwatch.cluster.KubernetesLeaseElection;
import io.taurusreplicationwatch.cluster.StateReloadOnLeadership;
import io.taurusreplicationwatch.events.ChangeEventFactory;
import io.taurusreplicationwatch.observability.BoardServer;
import io.taurusreplicationwatch.observability.CredentialsReadiness;
import io.taurusreplicationwatch.observability.FirstPollsReadiness;
import io.taurusreplicationwatch.observability.KafkaProbe;
import io.taurusreplicationwatch.observability.KafkaReadiness;
import io.taurusreplicationwatch.observability.LogMasking;
import io.taurusreplicationwatch.observability.PollsReadiness;
import io.taurusreplicationwatch.observability.ReadinessPolicy;
import io.taurusreplicationwatch.observability.RecentEvents;
import io.taurusreplicationwatch.observability.SecretMask;
import io.taurusreplicationwatch.observability.StatusBoard;
import io.taurusreplicationwatch.observability.WatchMetrics;
import io.taurusreplicationwatch.polling.InstancePolls;
import io.taurusreplicationwatch.polling.InstanceSchedule;
import io.taurusreplicationwatch.polling.PollOutcomes;
import io.taurusreplicationwatch.polling.PollerRole;
import io.taurusreplicationwatch.polling.RemovalSweep;
import io.taurusreplicationwatch.state.ChangeTopicReplay;
import io.taurusreplicationwatch.state.FileTaskStateStore;
import io.taurusreplicationwatch.state.InMemoryTaskStateStore;
import io.taurusreplicationwatch.state.KafkaTaskStateStore;
import io.taurusreplicationwatch.state.StallWatch;
import io.taurusreplicationwatch.state.SharedKafkaClientFactory;
import io.taurusreplicationwatch.state.StateSaveOutcomes;
import io.taurusreplicationwatch.state.TaskStateRepository;
import io.taurusreplicationwatch.state.TaskStateStore;
import io.taurusreplicationwatch.state.TrackedFields;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.MicrometerUtils;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.spi.PropertiesComponent;
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
     * One active poller: with leader election ({@code watch.cluster.kind} file or kubernetes), the scheduler route runs
     * only in the elected process, which reads the shared state again when it takes over. Without it, every process
     * polls.
     */
    private void bindLeadership(CamelContext camelContext, WatchSettings settings, TaskStateRepository taskState,
                                PollerRole role) throws Exception {
        Registry registry = camelContext.getRegistry();
        switch (settings.clusterKind()) {
            case NONE -> {
                registry.bind("pollLeadership", new RoutePolicySupport() { });
                registry.bind("stateOnLeadership", new RoutePolicySupport() { });
                return;
            }
            case FILE -> {
                FileLockClusterService cluster = new FileLockClusterService();
                cluster.setId("taurus-replication-watch-" + ProcessHandle.current().pid());
                cluster.setRoot(settings.clusterLockDir().get().toAbsolutePath().toString());
                cluster.setAcquireLockDelay(100, TimeUnit.MILLISECONDS);
                cluster.setAcquireLockInterval(settings.clusterLockInterval().toMillis(), TimeUnit.MILLISECONDS);
                camelContext.addService(cluster);
                registry.bind("pollLeadership", ClusteredRoutePolicy.forNamespace(cluster, "taurus-replication-watch"));
                LOG.info("Leader election on: only the process holding the lock in {} polls", cluster.getRoot());
            }
            case KUBERNETES -> {
                KubernetesLease lease = settings.kubernetesLease().orElseThrow();
                // Added first, so stopped last: the Lease is freed once the cluster service can no longer take it back.
                camelContext.addService(KubernetesLeaseElection.release(lease));
                var cluster = KubernetesLeaseElection.clusterService(lease);
                camelContext.addService(cluster);
                registry.bind("pollLeadership", ClusteredRoutePolicy.forNamespace(cluster, KubernetesLease.GROUP));
                LOG.info("Leader election on: only the pod {} holding the Lease {}/{} polls", lease.podName(),
                        lease.namespace(), lease.leaseObjectName());
            }
        }
        registry.bind("stateOnLeadership", new StateReloadOnLeadership(taskState, role, clock));
    }

    /** The readiness checks beyond the first polls: Kafka answers, and not every instance's polls keep failing. */
    private void bindReadiness(CamelContext camelContext, WatchSettings settings, InstanceSchedule schedule,
                               PollerRole role) throws Exception {
        ReadinessPolicy policy = settings.readiness();
        KafkaReadiness kafka = new KafkaReadiness(settings.kafkaBrokers(), policy.kafkaGrace(), clock);
        camelContext.addService(new KafkaProbe(camelContext, settings.kafkaClients(),
                settings.value(Setting.KAFKA_CLIENT_ID), policy.kafkaProbeInterval(),
                kafka));
        Registry registry = camelContext.getRegistry();
        registry.bind("kafkaReadiness", kafka);
        registry.bind("pollsReadiness", new PollsReadiness(schedule, role, settings.pacing().interval(),
                policy.failedPollIntervals(), clock));
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
        return Optional.of(new ChangeTopicReplay(settings.kafkaClients(), settings.kafkaTopic(),
                settings.value(Setting.KAFKA_CLIENT_ID), deliveryTimeout.plusMinutes(1), Duration.ofSeconds(30)));
    }

    /**
     * The {@code watch.kafka.client.*} properties, each resolved as a placeholder would be. Camel can list only those
     * of the properties files; the names set as overrides (Camel Main's, the tests') and as {@code -D} system
     * properties are collected here.
     */
    private static Map<String, String> kafkaClientProperties(PropertiesComponent properties) {
        Set<String> names = new TreeSet<>();
        properties.loadProperties(name -> name.startsWith(KafkaSecuritySettings.PASS_THROUGH)).stringPropertyNames()
                .forEach(names::add);
        if (properties instanceof org.apache.camel.component.properties.PropertiesComponent camel) {
            Stream.of(camel.getInitialProperties(), camel.getOverrideProperties()).filter(Objects::nonNull)
                    .forEach(more -> names.addAll(more.stringPropertyNames()));
        }
        names.addAll(System.getProperties().stringPropertyNames());
        Map<String, String> found = new LinkedHashMap<>();
        names.stream().filter(name -> name.startsWith(KafkaSecuritySettings.PASS_THROUGH))
                .forEach(name -> found.put(name, properties.resolveProperty(name).orElse("")));
        return found;
    }

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        var properties = camelContext.getPropertiesComponent();
        SecretMask secretMask = new SecretMask(List.of(), new DefaultMaskingFormatter(camelContext));
        AtomicReference<ApiHttpClient> apiHttpClientBean = new AtomicReference<>();
        CredentialsHttpClients credentialsClients = new CredentialsHttpClients(apiHttpClientBean::get);
        camelContext.addLifecycleStrategy(credentialsClients);
        CredentialsResolver resolver = new CredentialsResolver(properties::resolveProperty, environment,
                Path.of(System.getProperty("user.home")), new CredentialsResolver.Runtime(clock, secretMask::register,
                credentialsClients::iam, credentialsClients::metadata));
        WatchSettings settings = WatchSettings.from(properties::resolveProperty,
                withCredentialsFileProject(environment, resolver), kafkaClientProperties(properties));
        // The routes' placeholders read the values validated here, the declared default where the file sets none.
        settings.routeValues().forEach(properties::addOverrideProperty);
        StartupChecks.verify(settings, properties::resolveProperty);
        CredentialsProvider credentials = resolver.resolve(settings.iamEndpoint());
        LOG.info("Settings: {}", settings.summary(properties::resolveProperty));
        ApiTransport transport = ApiTransportSettings.from(properties::resolveProperty, environment);
        LOG.info("API proxy: {}", transport.proxy().describe());
        List<String> secrets = new ArrayList<>(transport.proxy().secrets());
        properties.resolveProperty(Setting.TRUSTSTORE_PASSWORD.key()).ifPresent(secrets::add);
        secrets.add(settings.board().password());
        secrets.addAll(settings.kafkaSecurity().secrets());
        secretMask.register(secrets);
        LogMasking.install(camelContext, secretMask);
        ApiRequestGuard requestGuard = new ApiRequestGuard(settings.requestLimits());
        ApiHttpClient apiHttpClient = new ApiHttpClient(requestGuard, transport, new TokenRefusalRetry(credentials));
        apiHttpClientBean.set(apiHttpClient);
        camelContext.addLifecycleStrategy(apiHttpClient);
        List<WatchedInstance> instances = new ProjectDiscovery(settings.iamEndpoint(), credentials, apiHttpClient,
                secretMask, clock).watched(settings.instances());
        LOG.info("Watching {}; authenticating with {}", settings.describe(instances), credentials.describe());
        // Every Kafka endpoint of the routes connects as the service's own clients do.
        camelContext.getComponent("kafka", KafkaComponent.class)
                .setKafkaClientFactory(new SharedKafkaClientFactory(settings.kafkaClients()));

        TrackedFields trackedFields = new TrackedFields(settings.trackedFields());
        TaskStateStore store = switch (settings.stateStore()) {
            case FILE -> new FileTaskStateStore(settings.stateFile());
            case MEMORY -> new InMemoryTaskStateStore();
            case KAFKA -> new KafkaTaskStateStore(settings.kafkaClients(), settings.stateKafkaTopic(),
                    settings.value(Setting.KAFKA_CLIENT_ID),
                    Duration.ofSeconds(30));
        };
        TaskStateRepository taskState = new TaskStateRepository(store, trackedFields,
                changeTopicReplay(settings), clock, new StallWatch(settings.stallAfter()));
        // Loaded with the context, before any route starts: the first poll already knows every task.
        camelContext.addService(taskState, true, true);

        Registry registry = camelContext.getRegistry();
        InstanceSchedule schedule = new InstanceSchedule(instances, settings.pacing(), clock);
        WatchMetrics metrics = new WatchMetrics(meterRegistry(registry), taskState, schedule, clock,
                settings.taskGauges());
        PollerRole role = settings.clusterKind() == WatchSettings.ClusterKind.NONE
                ? PollerRole.activeFrom(clock.instant()) : PollerRole.standingBy();
        metrics.gaugeLeadership(role);
        registry.bind("watchSettings", settings);
        registry.bind("instanceSchedule", schedule);
        registry.bind("taskState", taskState);
        registry.bind("instancePolls", new InstancePolls(settings.paging(), trackedFields, taskState, clock,
                metrics));
        registry.bind("replicationRequests", new ReplicationRequestFactory(settings.endpoints(),
                settings.language(), credentials, clock));
        registry.bind("replicationPages", new ReplicationPageParser(clock));
        registry.bind("apiHttpClient", apiHttpClient);
        registry.bind("changeEvents", new ChangeEventFactory(taskState));
        registry.bind("removalSweep", new RemovalSweep(taskState, settings.removalAfterPolls(),
                settings.tombstoneRetention(), clock));
        registry.bind("pollOutcomes", new PollOutcomes(schedule, metrics, clock));
        registry.bind("firstPollsReadiness", new FirstPollsReadiness(taskState, schedule, role));
        registry.bind("stateSaves", new StateSaveOutcomes(settings.stateSaveInterval(), metrics));
        bindReadiness(camelContext, settings, schedule, role);
        registry.bind("credentialsReadiness", new CredentialsReadiness(credentials));
        bindLeadership(camelContext, settings, taskState, role);
        bindBoard(camelContext, settings, instances, schedule, taskState, role);
    }

    /** The status board, and the ring of recent events the publish route feeds. */
    private void bindBoard(CamelContext camelContext, WatchSettings settings, List<WatchedInstance> instances,
                           InstanceSchedule schedule, TaskStateRepository taskState, PollerRole role)
            throws Exception {
        RecentEvents recentEvents = new RecentEvents(100);
        camelContext.getRegistry().bind("recentEvents", recentEvents);
        if (!settings.board().enabled()) {
            return;
        }
        StatusBoard board = new StatusBoard(instances, schedule, taskState, recentEvents, role::active, clock);
        BoardServer server = new BoardServer(settings.board(), board);
        camelContext.getRegistry().bind("boardServer", server);
        camelContext.addService(server);
    }
}
