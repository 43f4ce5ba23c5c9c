package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taurusreplicationwatch.events.ChangeType;
import io.taurusreplicationwatch.testing.ChangeEventConsumer.Event;
import io.taurusreplicationwatch.testing.ConsumerGroupProgress;
import io.taurusreplicationwatch.testing.EventSchema;
import io.taurusreplicationwatch.testing.PipelineTestSupport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code kamelets/taurusdb-starrocks-replication-source.kamelet.yaml} as a Kamelet user runs it: a plain Camel
 * context that loads the Kamelet from the file system and consumes, from a real broker, the events the real service
 * published while it polled the TaurusDB simulator.
 */
class KameletIT extends PipelineTestSupport {

    private static final String KAMELET = "taurusdb-starrocks-replication-source";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What reached the Kamelet's sink: the headers and the body as the bound sink would see them. */
    record Received(Map<String, Object> headers, Object body) {

        static Received of(Message message) {
            return new Received(Map.copyOf(message.getHeaders()), message.getBody());
        }

        String header(String name) {
            return (String) headers.get(name);
        }
    }

    private CamelContext kamelets;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private List<Event> published;

    /** The service publishes 3 discovered, 1 changed and 1 removed event, all read back by a plain consumer. */
    @BeforeEach
    void letTheServicePublishEveryKindOfEvent() throws Exception {
        putTasks(3);
        startService();
        runtime.pollCycle();
        simulator.putTask(INSTANCE, task("task_002").withStatus("No"));
        runtime.pollCycle();
        simulator.removeTask(INSTANCE, "task_003");
        runtime.pollCycle();
        runtime.pollCycle();
        published = events.awaitTotal(5, EVENT_WAIT);
        assertThat(published).extracting(Event::type).containsOnly(type(ChangeType.DISCOVERED),
                type(ChangeType.CHANGED), type(ChangeType.REMOVED));
    }

    @AfterEach
    void stopKamelets() throws Exception {
        if (kamelets != null) {
            kamelets.close();
        }
    }

    @Test
    void should_pass_every_published_event_with_its_json_body_and_cloudevents_headers_as_text() throws Exception {
        startKamelet("consumerGroup=all-types");

        Awaitility.await().atMost(EVENT_WAIT).until(() -> received.size() >= published.size());

        Map<String, Event> byId = published.stream()
                .collect(Collectors.toMap(e -> e.header("ce_id"), Function.identity()));
        assertThat(received).extracting(r -> r.header("ce_id")).containsExactlyInAnyOrderElementsOf(byId.keySet());
        for (Received r : received) {
            Event sent = byId.get(r.header("ce_id"));
            assertThat(r.body()).isInstanceOf(String.class);
            JsonNode body = JSON.readTree((String) r.body());
            EventSchema.assertValid(body);
            assertThat(body).isEqualTo(sent.value());
            for (String header : List.of("ce_specversion", "ce_id", "ce_source", "ce_type", "ce_subject", "ce_time",
                    "content-type")) {
                assertThat(r.headers().get(header)).as(header).isEqualTo(sent.header(header));
            }
        }
    }

    @Test
    void should_drop_the_event_types_not_listed_in_types() throws Exception {
        startKamelet("consumerGroup=changed-and-removed&types=changed,removed");

        Awaitility.await().atMost(EVENT_WAIT).until(() -> received.size() >= 2);
        // The source has read the whole topic once its group committed the end offsets; only then is "nothing
        // else arrived" a fact rather than a guess.
        Awaitility.await().atMost(EVENT_WAIT).until(() -> ConsumerGroupProgress.hasReadAll(broker, "changed-and-removed", topic));

        assertThat(received).extracting(r -> r.header("ce_type"))
                .containsExactlyInAnyOrder(type(ChangeType.CHANGED), type(ChangeType.REMOVED));
        Received changed = received.stream().filter(r -> r.header("ce_type").equals(type(ChangeType.CHANGED)))
                .findFirst().orElseThrow();
        assertThat(JSON.readTree((String) changed.body()).at("/after/status").asText()).isEqualTo("no");
    }

    /**
     * A plain context, as a Kamelet user's integration: the Kamelet is read from {@code kamelets/} on the file
     * system, which is what {@code camel.component.kamelet.location=file:kamelets} configures in Camel Main or JBang.
     */
    private void startKamelet(String options) throws Exception {
        kamelets = new DefaultCamelContext();
        kamelets.getComponent("kamelet", KameletComponent.class).setLocation("file:kamelets");
        String uri = "kamelet:" + KAMELET + "?bootstrapServers=" + broker.bootstrapServers() + "&topic=" + topic
                + "&" + options;
        kamelets.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("kamelet-user")
                        .process(exchange -> received.add(Received.of(exchange.getMessage())));
            }
        });
        kamelets.start();
    }

    private static String type(ChangeType type) {
        return type.cloudEventType();
    }
}
