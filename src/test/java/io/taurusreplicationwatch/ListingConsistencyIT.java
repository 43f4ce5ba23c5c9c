package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taurusreplicationwatch.api.Json;
import io.taurusreplicationwatch.polling.PollOutcomes;
import io.taurusreplicationwatch.simulator.Fault;
import io.taurusreplicationwatch.simulator.RecordedRequest;
import io.taurusreplicationwatch.simulator.SimulatedTask;
import io.taurusreplicationwatch.testing.ChangeEventConsumer.Event;
import io.taurusreplicationwatch.testing.LogCapture;
import io.taurusreplicationwatch.testing.PipelineTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Listings that are not consistent, served over HTTP by the simulator to the real pipeline and broker: each poll is
 * incomplete with a reason that says why, publishes what it saw, and no task is announced as removed; the first
 * honest listing after them is complete and publishes nothing.
 */
class ListingConsistencyIT extends PipelineTestSupport {

    static final int TASKS = 150;
    static final int PAGE = 100;

    /** A malformed listing: how pages 1 and 2 are written, and a phrase of the incomplete reason. */
    record Listing(String name, Consumer<ObjectNode> firstPageTotal, Consumer<ObjectNode> secondPageTotal,
                   boolean duplicateOnSecondPage, boolean secondPageRepeatsFirst, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Listing> listings() {
        return Stream.of(
                new Listing("negative total_count", total(-1), total(-1), false, false,
                        "total_count '-1' is not a count"),
                new Listing("total_count beyond the int range", total(1_000_000_000_000L), total(1_000_000_000_000L),
                        false, false, "total_count '1000000000000' is not a count"),
                new Listing("fractional total_count", page -> page.put("total_count", "150.5"),
                        page -> page.put("total_count", "150.5"), false, false, "total_count '150.5' is not a count"),
                new Listing("total_count of the page, not of the listing", total(PAGE), total(PAGE), false, false,
                        "more than their total_count 100"),
                new Listing("total_count on page 1 only", total(TASKS), page -> { }, false, false,
                        "total_count was sent on some pages"),
                new Listing("a task twice on one page", total(TASKS), total(TASKS), true, false,
                        "listed task 'task_101' twice"),
                new Listing("page 2 repeats page 1", total(TASKS), total(TASKS), false, true,
                        "listed the same tasks as the page before it"));
    }

    private static Consumer<ObjectNode> total(long value) {
        return page -> page.put("total_count", value);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("listings")
    void should_poll_incomplete_and_remove_nothing_while_the_listing_is_inconsistent(Listing listing)
            throws Exception {
        putTasks(TASKS);
        startService();
        runtime.pollCycle();
        events.awaitTotal(TASKS, EVENT_WAIT);
        List<SimulatedTask> tasks = simulator.tasks(INSTANCE);
        List<SimulatedTask> second = new ArrayList<>(tasks.subList(PAGE, TASKS));
        if (listing.duplicateOnSecondPage()) {
            second.set(1, second.get(0));
        }
        String firstBody = body(listing.firstPageTotal(), tasks.subList(0, PAGE));
        String secondBody = listing.secondPageRepeatsFirst() ? body(listing.secondPageTotal(), tasks.subList(0, PAGE))
                : body(listing.secondPageTotal(), second);
        int polls = 3;
        simulator.inject(INSTANCE, Fault.rawBody(200, firstBody).atOffset(0).times(polls));
        simulator.inject(INSTANCE, Fault.rawBody(200, secondBody).atOffset(PAGE).times(polls));

        List<String> warnings;
        try (LogCapture logs = LogCapture.start(Level.WARN)) {
            for (int i = 0; i < polls; i++) {
                runtime.pollCycle();
            }
            warnings = logs.lines();
        }

        assertThat(runtime.meters().errorsByCode()).containsEntry(PollOutcomes.INCOMPLETE_LISTING, (long) polls);
        assertThat(runtime.meters().failedPolls()).isZero();
        assertThat(warnings).filteredOn(line -> line.contains(PollOutcomes.INCOMPLETE_LISTING)).singleElement()
                .asString().contains("nothing was removed").contains(listing.reason());
        simulator.clearFaults();
        runtime.pollCycle();
        assertThat(events.readFor(QUIET)).as("no task removed, none rediscovered").isEmpty();
        assertThat(runtime.meters().errorsByCode()).containsEntry(PollOutcomes.INCOMPLETE_LISTING, (long) polls);
    }

    @Test
    void should_publish_nothing_for_a_task_name_with_control_characters_and_remove_no_task() throws Exception {
        putTasks(3);
        String forged = "evil\n2026-12-01 ERROR [main] i.t.FAKE - x\u001b[31m";
        simulator.putTask(INSTANCE, SimulatedTask.of(forged, "full", "Yes"));
        startService();

        List<String> warnings;
        try (LogCapture logs = LogCapture.start(Level.WARN)) {
            runtime.pollCycle();
            runtime.pollCycle();
            runtime.pollCycle();
            warnings = logs.lines();
        }

        List<Event> published = events.awaitTotal(3, EVENT_WAIT);
        assertThat(published).extracting(Event::key).containsExactlyInAnyOrder(key("task_001"), key("task_002"),
                key("task_003"));
        assertThat(events.readFor(QUIET)).isEmpty();
        assertThat(runtime.meters().errorsByCode()).containsOnlyKeys(PollOutcomes.INVALID_TASK_NAME)
                .containsEntry(PollOutcomes.INVALID_TASK_NAME, 3L);
        assertThat(warnings).singleElement().asString().contains(PollOutcomes.INVALID_TASK_NAME)
                .contains("'evil\\n2026-12-01 ERROR [main] i.t.FAKE - x\\u001B[31m'").doesNotContain("\n");

        simulator.removeTask(INSTANCE, "task_002");
        runtime.pollCycle();
        runtime.pollCycle();
        assertThat(events.awaitTotal(4, EVENT_WAIT)).as("polls with a rejected name stay complete").singleElement()
                .satisfies(event -> {
                    assertThat(event.key()).isEqualTo(key("task_002"));
                    assertThat(event.type()).endsWith(".removed");
                });
    }

    @Test
    void should_confirm_a_listing_of_exactly_one_full_page_only_when_a_known_task_is_missing() throws Exception {
        putTasks(PAGE);
        startService();
        runtime.pollCycle();
        events.awaitTotal(PAGE, EVENT_WAIT);
        runtime.pollCycle();
        assertThat(simulator.requests(INSTANCE)).as("every known task listed: no confirming request")
                .extracting(RecordedRequest::rawQuery).containsExactly("limit=100&offset=0", "limit=100&offset=0");

        simulator.removeTask(INSTANCE, "task_050");
        simulator.putTask(INSTANCE, SimulatedTask.of("task_new", "full", "Yes"));
        runtime.pollCycle();

        assertThat(simulator.requests(INSTANCE)).extracting(RecordedRequest::rawQuery).endsWith(
                "limit=100&offset=0", "limit=100&offset=100");
        assertThat(events.awaitTotal(PAGE + 1, EVENT_WAIT)).extracting(Event::key).containsExactly(key("task_new"));
        assertThat(runtime.taskState().record(key("task_050")).orElseThrow().missedPolls()).isEqualTo(1);
        assertThat(runtime.meters().errorsByCode()).isEmpty();
    }

    /** A page of the listing as the API writes it, with total_count as the case says. */
    private static String body(Consumer<ObjectNode> total, List<SimulatedTask> tasks) {
        ObjectNode page = Json.mapper().createObjectNode();
        total.accept(page);
        ArrayNode replications = page.putArray("replications");
        for (SimulatedTask task : tasks) {
            replications.addObject().put("task_name", task.taskName()).put("stage", task.stage())
                    .put("status", task.status()).put("source_database", task.sourceDatabase())
                    .put("target_database", task.targetDatabase());
        }
        return page.toString();
    }
}
