package io.taurusreplicationwatch.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.taurusreplicationwatch.api.Json;
import io.taurusreplicationwatch.api.TaskSnapshot;
import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.state.Assessment;
import io.taurusreplicationwatch.state.ChangeKey;
import io.taurusreplicationwatch.state.InMemoryTaskStateStore;
import io.taurusreplicationwatch.state.TaskRecord;
import io.taurusreplicationwatch.state.TaskStateRepository;
import io.taurusreplicationwatch.state.StallWatch;
import io.taurusreplicationwatch.state.TrackedFields;
import io.taurusreplicationwatch.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ChangeEventFactory}: event type, seq, before/after, changed fields, Kafka key, CloudEvents headers, JSON. */
class ChangeEventFactoryTest {

    private static final WatchedInstance INSTANCE = new WatchedInstance("cn-north-4", "project-1", "instance-1");
    private static final TrackedFields TRACKED = new TrackedFields(List.of("stage", "status"));
    private static final String TASK = "instance-1/task_a";
    private static final String OBSERVED_AT = "2026-03-01T12:00:00Z";

    private TaskStateRepository state;
    private ChangeEventFactory factory;

    @BeforeEach
    void startRepository() {
        state = new TaskStateRepository(new InMemoryTaskStateStore(), TRACKED);
        state.start();
        factory = new ChangeEventFactory(state);
    }

    private static TaskSnapshot snapshot(String stage, Object percentage) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("task_name", "task_a");
        fields.put("source_database", "src");
        fields.put("target_database", "dst");
        fields.put("status", "Yes");
        fields.put("stage", stage);
        fields.put("percentage", percentage);
        fields.put("catchup_stage", null);
        fields.put("catchup_percentage", 0);
        return TaskSnapshot.fromFields(fields);
    }

    private static TaskObservation seen(TaskSnapshot snapshot) {
        return new TaskObservation(INSTANCE, "task_a", snapshot, "poll-9", OBSERVED_AT,
                TRACKED.changeKey(TASK, snapshot).toString());
    }

    private static TaskObservation gone() {
        return new TaskObservation(INSTANCE, "task_a", null, "poll-9", OBSERVED_AT,
                new ChangeKey(TASK, ChangeKey.GONE).toString());
    }

    private static TaskRecord live(long seq, TaskSnapshot snapshot) {
        return new TaskRecord("project-1", "instance-1", "task_a", seq, snapshot, 0, null);
    }

    private Exchange built(TaskObservation observation) throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader("Authorization", "secret");
        exchange.getMessage().setHeader("CamelHttpResponseCode", 200);
        exchange.getMessage().setBody(observation);
        factory.build(exchange);
        return exchange;
    }

    @Test
    void should_announce_a_task_without_record_as_discovered() {
        TaskSnapshot after = snapshot("Incremental", 100);

        ChangeEvent event = ChangeEventFactory.event(seen(after), null, Assessment.CHANGED);

        assertThat(event.type()).isEqualTo(ChangeType.DISCOVERED);
        assertThat(event.seq()).isEqualTo(1);
        assertThat(event.before()).isNull();
        assertThat(event.after()).isEqualTo(after);
        assertThat(event.id()).isEqualTo("instance-1/task_a/1");
    }

    @Test
    void should_announce_a_change_with_the_previous_snapshot_and_the_next_seq() {
        TaskSnapshot before = snapshot("Full", 40);
        TaskSnapshot after = snapshot("Incremental", 100);

        ChangeEvent event = ChangeEventFactory.event(seen(after), live(4, before), Assessment.CHANGED);

        assertThat(event.type()).isEqualTo(ChangeType.CHANGED);
        assertThat(event.seq()).isEqualTo(5);
        assertThat(event.before()).isEqualTo(before);
        assertThat(event.after()).isEqualTo(after);
        assertThat(event.changedFields()).containsExactly("stage", "percentage");
    }

    @Test
    void should_list_exactly_the_differing_fields_including_extra_ones() {
        Map<String, Object> fields = new HashMap<>(snapshot("Full", 40).fields());
        fields.put("is_need_repair", false);
        TaskSnapshot before = TaskSnapshot.fromFields(fields);
        fields.put("is_need_repair", true);
        fields.put("status", "No");
        TaskSnapshot after = TaskSnapshot.fromFields(fields);

        ChangeEvent event = ChangeEventFactory.event(seen(after), live(1, before), Assessment.CHANGED);

        assertThat(event.changedFields()).containsExactly("status", "is_need_repair");
    }

    @Test
    void should_announce_a_gone_task_as_removed() {
        TaskSnapshot before = snapshot("Incremental", 100);

        ChangeEvent event = ChangeEventFactory.event(gone(), live(2, before).withMissedPolls(2), Assessment.CHANGED);

        assertThat(event.type()).isEqualTo(ChangeType.REMOVED);
        assertThat(event.seq()).isEqualTo(3);
        assertThat(event.before()).isEqualTo(before);
        assertThat(event.after()).isNull();
    }

    @Test
    void should_leave_a_tombstone_for_a_removed_task() {
        ChangeEvent event = ChangeEventFactory.event(gone(), live(2, snapshot("Full", 1)), Assessment.CHANGED);

        TaskRecord record = ChangeEventFactory.recordOf(event, live(2, snapshot("Full", 1)), Assessment.CHANGED);

        assertThat(record.removed()).isTrue();
        assertThat(record.removedAt()).isEqualTo(OBSERVED_AT);
        assertThat(record.seq()).isEqualTo(3);
        assertThat(record.snapshot()).isNull();
    }

    @Test
    void should_announce_a_task_back_after_a_tombstone_as_discovered_continuing_its_seq() {
        TaskRecord tombstone = new TaskRecord("project-1", "instance-1", "task_a", 7, null, 0, OBSERVED_AT);
        TaskSnapshot after = snapshot("Wait", 0);

        ChangeEvent event = ChangeEventFactory.event(seen(after), tombstone, Assessment.CHANGED);

        assertThat(event.type()).isEqualTo(ChangeType.DISCOVERED);
        assertThat(event.seq()).isEqualTo(8);
        assertThat(event.before()).isNull();
        assertThat(event.after()).isEqualTo(after);
        assertThat(ChangeEventFactory.recordOf(event, tombstone, Assessment.CHANGED).removed()).isFalse();
    }

    @Test
    void should_type_a_stall_and_its_resumption_and_leave_the_stall_in_the_pending_record() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse(OBSERVED_AT));
        TaskStateRepository stallState = new TaskStateRepository(new InMemoryTaskStateStore(), TRACKED,
                Optional.empty(), clock, new StallWatch(Duration.ofMinutes(30)));
        stallState.start();
        ChangeEventFactory stallEvents = new ChangeEventFactory(stallState);
        String movedAt = Instant.parse(OBSERVED_AT).minus(Duration.ofMinutes(30)).toString();
        stallState.update(new TaskRecord("project-1", "instance-1", "task_a", 4, snapshot("Full", 40), 0, null,
                movedAt, "percentage=40", movedAt, null));
        Exchange stalled = new DefaultExchange(new DefaultCamelContext());
        stalled.getMessage().setBody(seen(snapshot("Full", 40)));

        stallEvents.build(stalled);

        assertThat(stalled.getMessage().getHeader("ce_type")).isEqualTo("taurusdb.starrocks.replication.stalled");
        assertThat(stalled.getMessage().getHeader("ce_id")).isEqualTo("instance-1/task_a/5");
        TaskRecord pending = stalled.getProperty(TaskStateRepository.PENDING_RECORD_PROPERTY, TaskRecord.class);
        assertThat(pending.stalledAt()).isEqualTo(OBSERVED_AT);
        assertThat(pending.progressAt()).isEqualTo(movedAt);

        stallState.update(pending);
        Exchange resumed = new DefaultExchange(new DefaultCamelContext());
        resumed.getMessage().setBody(seen(snapshot("Full", 41)));
        stallEvents.build(resumed);

        assertThat(resumed.getMessage().getHeader("ce_type")).isEqualTo("taurusdb.starrocks.replication.resumed");
        assertThat(Json.mapper().readTree(resumed.getMessage().getBody(String.class)).path("changed_fields"))
                .extracting(JsonNode::asText).containsExactly("percentage");
        assertThat(resumed.getProperty(TaskStateRepository.PENDING_RECORD_PROPERTY, TaskRecord.class).isStalled())
                .isFalse();
    }

    @Test
    void should_set_the_kafka_key_and_the_cloudevents_headers_and_nothing_else() throws Exception {
        state.update(live(4, snapshot("Full", 40)));

        Exchange exchange = built(seen(snapshot("Incremental", 100)));

        assertThat(exchange.getMessage().getHeaders()).containsOnly(
                Map.entry(KafkaConstants.KEY, TASK),
                Map.entry("ce_specversion", "1.0"),
                Map.entry("ce_id", "instance-1/task_a/5"),
                Map.entry("ce_source", "/projects/project-1/instances/instance-1"),
                Map.entry("ce_type", "taurusdb.starrocks.replication.changed"),
                Map.entry("ce_subject", "task_a"),
                Map.entry("ce_time", OBSERVED_AT),
                Map.entry("content-type", "application/json"));
    }

    @Test
    void should_use_the_type_of_the_change_in_ce_type() throws Exception {
        assertThat(built(seen(snapshot("Full", 1))).getMessage().getHeader("ce_type"))
                .isEqualTo("taurusdb.starrocks.replication.discovered");
        state.update(live(1, snapshot("Full", 1)));
        assertThat(built(gone()).getMessage().getHeader("ce_type"))
                .isEqualTo("taurusdb.starrocks.replication.removed");
    }

    @Test
    void should_leave_the_announced_state_as_the_pending_record() throws Exception {
        state.update(live(4, snapshot("Full", 40)));
        TaskSnapshot after = snapshot("Incremental", 100);

        Exchange exchange = built(seen(after));

        TaskRecord pending = exchange.getProperty(TaskStateRepository.PENDING_RECORD_PROPERTY, TaskRecord.class);
        assertThat(pending).isEqualTo(new TaskRecord("project-1", "instance-1", "task_a", 5, after, 0, null,
                OBSERVED_AT, null, OBSERVED_AT, null));
        assertThat(state.record(TASK).orElseThrow().seq()).as("nothing recorded before the acknowledgement")
                .isEqualTo(4);
    }

    @Test
    void should_write_a_json_value_with_exactly_the_documented_keys_in_order() throws Exception {
        state.update(live(4, snapshot("Full", 40)));

        Exchange exchange = built(seen(snapshot("Incremental", 100)));

        JsonNode value = Json.mapper().readTree(exchange.getMessage().getBody(String.class));
        List<String> keys = new ArrayList<>();
        value.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("project_id", "instance_id", "task_name", "seq", "changed_fields", "before",
                "after", "observed_at", "poll_id");
        assertThat(value.get("seq").asLong()).isEqualTo(5);
        assertThat(value.get("before").get("stage").asText()).isEqualTo("full");
        assertThat(value.get("after").get("stage").asText()).isEqualTo("incremental");
        assertThat(value.get("after").get("percentage").isIntegralNumber()).isTrue();
        assertThat(value.get("poll_id").asText()).isEqualTo("poll-9");
        assertThat(value.get("changed_fields")).extracting(JsonNode::asText).containsExactly("stage", "percentage");
    }

    @Test
    void should_write_null_before_for_a_discovered_task_and_null_after_for_a_removed_one() throws Exception {
        JsonNode discovered = Json.mapper().readTree(built(seen(snapshot("Full", 1))).getMessage()
                .getBody(String.class));
        assertThat(discovered.get("before").isNull()).isTrue();
        assertThat(discovered.get("after").isObject()).isTrue();

        state.update(live(1, snapshot("Full", 1)));
        JsonNode removed = Json.mapper().readTree(built(gone()).getMessage().getBody(String.class));
        assertThat(removed.get("before").isObject()).isTrue();
        assertThat(removed.get("after").isNull()).isTrue();
    }
}
