package io.taurusreplicationwatch.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.taurusreplicationwatch.api.Json;
import io.taurusreplicationwatch.api.TaskSnapshot;
import io.taurusreplicationwatch.state.Assessment;
import io.taurusreplicationwatch.state.TaskRecord;
import io.taurusreplicationwatch.state.TaskStateRepository;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * Turns an observation that passed change detection into the Kafka record of its change event: the JSON value, the
 * task key as record key, and the CloudEvents 1.0 binary-mode headers. The state the event announces is left in
 * the {@link TaskStateRepository#PENDING_RECORD_PROPERTY} property, for the repository to record once Kafka
 * acknowledged the event.
 */
public class ChangeEventFactory {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";
    public static final String TYPE_HEADER = "ce_type";

    private final TaskStateRepository state;

    public ChangeEventFactory(TaskStateRepository state) {
        this.state = state;
    }

    /**
     * Takes the exchange, not values: it replaces the message with the Kafka record, and the pending record goes where
     * Camel's {@code IdempotentRepository.add(Exchange, String)} lets the repository find it.
     */
    public void build(Exchange exchange) throws JsonProcessingException, InvalidPayloadException {
        TaskObservation observation = exchange.getMessage().getMandatoryBody(TaskObservation.class);
        TaskRecord previous = state.record(observation.taskKey()).orElse(null);
        Assessment what = state.assess(observation.changeKey());
        ChangeEvent event = event(observation, previous, what);
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(KafkaConstants.KEY, observation.taskKey());
        message.setHeader("ce_specversion", SPEC_VERSION);
        message.setHeader("ce_id", event.id());
        message.setHeader("ce_source", event.source());
        message.setHeader(TYPE_HEADER, event.type().cloudEventType());
        message.setHeader("ce_subject", event.taskName());
        message.setHeader("ce_time", event.observedAt());
        message.setHeader("content-type", CONTENT_TYPE);
        message.setBody(Json.mapper().writeValueAsString(event));
        exchange.setProperty(TaskStateRepository.PENDING_RECORD_PROPERTY, recordOf(event, previous, what));
    }

    static ChangeEvent event(TaskObservation observation, TaskRecord previous, Assessment what) {
        boolean known = previous != null && !previous.removed();
        TaskSnapshot before = known ? previous.snapshot() : null;
        TaskSnapshot after = observation.snapshot();
        ChangeType type = after == null ? ChangeType.REMOVED : !known ? ChangeType.DISCOVERED
                : what == Assessment.STALLED ? ChangeType.STALLED
                : what == Assessment.RESUMED ? ChangeType.RESUMED : ChangeType.CHANGED;
        long seq = previous == null ? 1 : previous.seq() + 1;
        return new ChangeEvent(type, observation.instance().projectId(), observation.instance().instanceId(),
                observation.taskName(), seq, changedFields(before, after), before, after, observation.observedAt(),
                observation.pollId());
    }

    /** The state to remember once the event is acknowledged; a removed task leaves a tombstone. */
    static TaskRecord recordOf(ChangeEvent event, TaskRecord previous, Assessment what) {
        return TaskRecord.afterEvent(previous, what, event.projectId(), event.instanceId(), event.taskName(),
                event.seq(), event.after(), event.observedAt());
    }

    /** The fields whose values differ between the two snapshots, in snapshot order; a missing snapshot has none. */
    static List<String> changedFields(TaskSnapshot before, TaskSnapshot after) {
        Map<String, Object> old = before == null ? Map.of() : before.fields();
        Map<String, Object> now = after == null ? Map.of() : after.fields();
        Set<String> names = new LinkedHashSet<>(now.keySet());
        names.addAll(old.keySet());
        List<String> changed = new ArrayList<>();
        for (String name : names) {
            if (!Objects.equals(old.get(name), now.get(name))) {
                changed.add(name);
            }
        }
        return changed;
    }
}
