package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taurusreplicationwatch.api.ReplicationPage;
import io.taurusreplicationwatch.api.TaskSnapshot;
import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.events.ChangeEventFactory;
import io.taurusreplicationwatch.observability.BoardEvent;
import io.taurusreplicationwatch.observability.RecentEvents;
import io.taurusreplicationwatch.observability.WatchMetrics;
import io.taurusreplicationwatch.polling.InstancePolls;
import io.taurusreplicationwatch.polling.InstanceSchedule;
import io.taurusreplicationwatch.polling.OffsetMode;
import io.taurusreplicationwatch.polling.PagingPolicy;
import io.taurusreplicationwatch.polling.PollContext;
import io.taurusreplicationwatch.polling.PollPacing;
import io.taurusreplicationwatch.events.TaskObservation;
import io.taurusreplicationwatch.state.InMemoryTaskStateStore;
import io.taurusreplicationwatch.state.TaskRecord;
import io.taurusreplicationwatch.state.TaskStateRepository;
import io.taurusreplicationwatch.state.TrackedFields;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.model.IdempotentConsumerDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real {@code routes/publish.camel.yaml}, Kafka mocked: each change published once, state kept on failure. */
class PublishRouteTest extends CamelTestSupport {

    private static final WatchedInstance INSTANCE = new WatchedInstance("cn-north-4", "project-1", "instance-1");
    private static final TrackedFields TRACKED = new TrackedFields(List.of("stage", "status"));
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final PagingPolicy PAGING = new PagingPolicy(100, OffsetMode.RECORDS, 10);

    private final TaskStateRepository taskState = new TaskStateRepository(new InMemoryTaskStateStore(), TRACKED);
    private final RecentEvents recentEvents = new RecentEvents(100);
    private MockEndpoint kafka;

    @Override
    public boolean isUseAdviceWith() {
        return true;
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        taskState.start();
        registry.bind("taskState", taskState);
        registry.bind("changeEvents", new ChangeEventFactory(taskState));
        registry.bind("recentEvents", recentEvents);
        registry.bind("instancePolls", new InstancePolls(PAGING, TRACKED, taskState, Clock.fixed(NOW, ZoneOffset.UTC),
                new WatchMetrics(new SimpleMeterRegistry(), taskState, new InstanceSchedule(List.of(INSTANCE),
                        new PollPacing(Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofMinutes(15)),
                        Clock.fixed(NOW, ZoneOffset.UTC)), Clock.fixed(NOW, ZoneOffset.UTC), false)));
    }

    @BeforeEach
    void loadTheRouteWithKafkaMocked() throws Exception {
        // Defined by config/application.properties in the service (camel.threadpool.config[publish-threads]).
        context.getExecutorServiceManager().registerThreadPoolProfile(
                new ThreadPoolProfileBuilder("publish-threads").poolSize(2).maxPoolSize(2).maxQueueSize(-1).build());
        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.resolveMandatoryResource(context, "file:routes/publish.camel.yaml"));
        AdviceWith.adviceWith(context, "publish-changes",
                route -> route.weaveById("publish-to-kafka").replace().to("mock:kafka"));
        context.start();
        kafka = getMockEndpoint("mock:kafka");
    }

    private static TaskSnapshot task(String name, String stage) {
        return TaskSnapshot.fromFields(Map.of("task_name", name, "stage", stage, "status", "Yes",
                "percentage", "50"));
    }

    /** A poll that listed these tasks, and the observations it made of them. */
    private record Poll(PollContext context, List<TaskObservation> observations) {
    }

    private static Poll poll(TaskSnapshot... tasks) {
        PollContext context = new PollContext(INSTANCE, PAGING, NOW);
        List<TaskObservation> observations = context.accept(
                new ReplicationPage(tasks.length, List.of(tasks), tasks.length, 0), NOW, TRACKED);
        return new Poll(context, observations);
    }

    private Exchange publish(Poll poll) {
        return template.send("direct:publish-changes", exchange -> {
            // The property the poll route sets (poll.camel.yaml, open-poll).
            exchange.setProperty("watchPoll", poll.context());
            exchange.getMessage().setBody(poll.observations());
        });
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = failure; cause != null && !chain.contains(cause); cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }

    @Test
    void should_publish_one_event_per_new_task_and_record_each() {
        Poll poll = poll(task("a", "Full"), task("b", "Incremental"), task("c", "Wait"));

        Exchange result = publish(poll);

        assertThat(result.getException()).isNull();
        assertThat(kafka.getReceivedExchanges()).extracting(e -> e.getMessage().getHeader(KafkaConstants.KEY))
                .containsExactlyInAnyOrder("instance-1/a", "instance-1/b", "instance-1/c");
        assertThat(kafka.getReceivedExchanges()).extracting(e -> e.getMessage().getHeader("ce_type"))
                .containsOnly("taurusdb.starrocks.replication.discovered");
        for (TaskObservation observation : poll.observations()) {
            assertThat(taskState.contains(observation.changeKey())).isTrue();
            assertThat(taskState.record(observation.taskKey()).orElseThrow().seq()).isEqualTo(1);
        }
        assertThat(poll.context().publishedCount()).isEqualTo(3);
    }

    @Test
    void should_record_the_state_only_after_kafka_took_the_event() {
        List<Boolean> recordedWhenPublished = new ArrayList<>();
        kafka.whenAnyExchangeReceived(exchange -> recordedWhenPublished.add(
                taskState.record(exchange.getMessage().getHeader(KafkaConstants.KEY, String.class)).isPresent()));

        publish(poll(task("a", "Full"), task("b", "Incremental")));

        assertThat(recordedWhenPublished).containsExactly(false, false);
        assertThat(taskState.size()).isEqualTo(2);
    }

    @Test
    void should_publish_nothing_when_the_same_tasks_come_again() {
        publish(poll(task("a", "Full"), task("b", "Incremental"), task("c", "Wait")));
        kafka.reset();

        Poll again = poll(task("a", "Full"), task("b", "Incremental"), task("c", "Wait"));
        Exchange result = publish(again);

        assertThat(result.getException()).isNull();
        assertThat(kafka.getReceivedCounter()).isZero();
        assertThat(again.context().publishedCount()).isZero();
    }

    @Test
    void should_publish_only_the_task_whose_tracked_field_changed() {
        publish(poll(task("a", "Full"), task("b", "Incremental")));
        kafka.reset();

        publish(poll(task("a", "Incremental"), task("b", "Incremental")));

        assertThat(kafka.getReceivedExchanges()).singleElement().satisfies(exchange -> {
            assertThat(exchange.getMessage().getHeader("ce_id")).isEqualTo("instance-1/a/2");
            assertThat(exchange.getMessage().getHeader("ce_type"))
                    .isEqualTo("taurusdb.starrocks.replication.changed");
        });
    }

    @Test
    void should_fail_the_exchange_and_keep_the_state_when_kafka_fails_then_publish_once_it_is_back() {
        publish(poll(task("a", "Full")));
        kafka.reset();
        IllegalStateException brokerDown = new IllegalStateException("broker down");
        kafka.whenAnyExchangeReceived(exchange -> {
            throw brokerDown;
        });
        Poll failing = poll(task("a", "Incremental"), task("b", "Wait"));

        Exchange result = publish(failing);

        assertThat(result.isFailed()).isTrue();
        assertThat(causes(result.getException())).contains(brokerDown);
        assertThat(taskState.record("instance-1/a").orElseThrow().snapshot().stage()).isEqualTo("full");
        assertThat(taskState.record("instance-1/a").orElseThrow().seq()).isEqualTo(1);
        assertThat(taskState.record("instance-1/b")).isEmpty();
        assertThat(failing.context().publishedCount()).isZero();

        // The page's sends run in parallel and the split returns at the first failure: the other send may still be
        // on its way to the (failing) broker. Once nothing is in flight any more, the broker comes back.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> context.getInflightRepository().size() == 0);
        kafka.reset();
        Poll retried = poll(task("a", "Incremental"), task("b", "Wait"));
        Exchange retry = publish(retried);

        assertThat(retry.getException()).isNull();
        assertThat(kafka.getReceivedExchanges()).extracting(e -> e.getMessage().getHeader("ce_id"))
                .containsExactlyInAnyOrder("instance-1/a/2", "instance-1/b/1");
        assertThat(taskState.record("instance-1/a").orElseThrow().snapshot().stage()).isEqualTo("incremental");
        assertThat(taskState.record("instance-1/b")).isPresent();
    }

    @Test
    void should_show_the_board_each_acknowledged_event_and_none_whose_publish_failed() {
        publish(poll(task("a", "Full")));
        kafka.reset();
        kafka.whenAnyExchangeReceived(exchange -> {
            throw new IllegalStateException("broker down");
        });

        publish(poll(task("a", "Incremental")));

        assertThat(recentEvents.newestFirst()).singleElement().satisfies(event -> {
            assertThat(event).extracting(BoardEvent::id, BoardEvent::type, BoardEvent::taskName, BoardEvent::stage,
                    BoardEvent::status).containsExactly("instance-1/a/1", "discovered", "a", "full", "yes");
            assertThat(event.time()).isEqualTo(NOW.toString());
        });
    }

    @Test
    void should_leave_every_record_exactly_as_it_was_when_a_publish_fails() {
        publish(poll(task("a", "Full"), task("b", "Wait")));
        publish(poll(task("a", "Incremental"), task("b", "Wait")));
        List<TaskRecord> before = taskState.recordsOf("instance-1");
        kafka.reset();
        kafka.whenAnyExchangeReceived(exchange -> {
            throw new IllegalStateException("broker down");
        });

        Exchange result = publish(poll(task("a", "Full"), task("b", "Incremental"), task("c", "Wait")));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> context.getInflightRepository().size() == 0);

        assertThat(result.isFailed()).isTrue();
        assertThat(taskState.recordsOf("instance-1")).containsExactlyInAnyOrderElementsOf(before);
        RouteDefinition route = context.getCamelContextExtension().getContextPlugin(Model.class)
                .getRouteDefinition("publish-changes");
        assertThat(ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(),
                IdempotentConsumerDefinition.class)).singleElement()
                .satisfies(gate -> assertThat(gate.getRemoveOnFailure()).isEqualTo("false"));
    }

    @Test
    void should_announce_a_gone_task_as_removed_and_leave_a_tombstone() {
        publish(poll(task("a", "Full")));
        kafka.reset();
        PollContext context = new PollContext(INSTANCE, PAGING, NOW);
        TaskObservation gone = new TaskObservation(INSTANCE, "a", null, context.pollId(), NOW.toString(),
                "instance-1/a#(gone)");

        publish(new Poll(context, List.of(gone)));
        publish(new Poll(context, List.of(gone)));

        assertThat(kafka.getReceivedExchanges()).singleElement().satisfies(exchange ->
                assertThat(exchange.getMessage().getHeader("ce_type"))
                        .isEqualTo("taurusdb.starrocks.replication.removed"));
        assertThat(taskState.record("instance-1/a").orElseThrow().removed()).isTrue();
        assertThat(taskState.size()).isZero();
    }
}
