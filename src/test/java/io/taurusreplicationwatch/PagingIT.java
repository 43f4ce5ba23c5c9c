package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.simulator.OffsetMode;
import io.taurusreplicationwatch.simulator.RecordedRequest;
import io.taurusreplicationwatch.simulator.SimulatedTask;
import io.taurusreplicationwatch.testing.ChangeEventConsumer.Event;
import io.taurusreplicationwatch.testing.PipelineTestSupport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both meanings of {@code offset} against a simulator that uses the same one: every task is seen exactly once per
 * poll, also when a task is added or removed between two page requests of one poll.
 */
class PagingIT extends PipelineTestSupport {

    void startIn(OffsetMode mode) throws Exception {
        simulator.offsetMode(mode);
        putTasks(250);
        Map<String, String> settings = settings();
        settings.put("watch.api.offset-mode", mode.name().toLowerCase(Locale.ROOT));
        runtime = io.taurusreplicationwatch.testing.WatchRuntime.start(settings);
    }

    /** The {@code offset} the second page request of a pass sends. */
    static int secondPage(OffsetMode mode) {
        return mode == OffsetMode.RECORDS ? 100 : 2;
    }

    @ParameterizedTest
    @EnumSource(OffsetMode.class)
    void should_see_every_task_once_over_three_pages(OffsetMode mode) throws Exception {
        startIn(mode);

        runtime.pollCycle();

        List<Event> discovered = events.awaitTotal(250, EVENT_WAIT);
        assertThat(discovered).extracting(Event::key).doesNotHaveDuplicates().hasSize(250);
        assertThat(simulator.requests(INSTANCE)).extracting(RecordedRequest::rawQuery).containsExactly(
                "limit=100&offset=" + (mode == OffsetMode.RECORDS ? 0 : 1),
                "limit=100&offset=" + secondPage(mode),
                "limit=100&offset=" + (mode == OffsetMode.RECORDS ? 200 : 3));
        assertThat(runtime.meters().errorsByCode()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(OffsetMode.class)
    void should_announce_a_task_added_mid_poll_once_and_no_other_twice(OffsetMode mode) throws Exception {
        startIn(mode);
        // Inserted at the head of the listing: every later task shifts one place, so page 2 repeats page 1's last.
        simulator.beforePage(INSTANCE, secondPage(mode), () -> insertFirst(SimulatedTask.of("task_new", "wait", "Yes")));

        runtime.pollCycle();
        List<Event> discovered = events.awaitTotal(251, EVENT_WAIT);

        assertThat(discovered).extracting(Event::key).doesNotHaveDuplicates().hasSize(251).contains(key("task_new"));
        runtime.pollCycle();
        assertThat(events.readFor(QUIET)).isEmpty();
        assertThat(runtime.meters().errorsByCode()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(OffsetMode.class)
    void should_neither_miss_nor_falsely_remove_a_task_when_one_is_removed_mid_poll(OffsetMode mode)
            throws Exception {
        startIn(mode);
        // task_010 goes after page 1 was read: every later task shifts one place back, so task_101 would be skipped.
        simulator.beforePage(INSTANCE, secondPage(mode), () -> simulator.removeTask(INSTANCE, "task_010"));

        runtime.pollCycle();
        assertThat(events.awaitTotal(250, EVENT_WAIT)).extracting(Event::key).doesNotHaveDuplicates()
                .contains(key("task_101"));
        runtime.pollCycle();
        runtime.pollCycle();

        List<Event> later = events.awaitTotal(251, EVENT_WAIT);
        assertThat(later).singleElement().satisfies(event -> {
            assertThat(event.key()).isEqualTo(key("task_010"));
            assertThat(event.type()).endsWith(".removed");
        });
        assertThat(events.readFor(QUIET)).isEmpty();
    }

    private void insertFirst(SimulatedTask task) {
        List<SimulatedTask> listing = new ArrayList<>(simulator.tasks(INSTANCE));
        listing.forEach(existing -> simulator.removeTask(INSTANCE, existing.taskName()));
        listing.add(0, task);
        simulator.putTasks(INSTANCE, listing);
    }
}
