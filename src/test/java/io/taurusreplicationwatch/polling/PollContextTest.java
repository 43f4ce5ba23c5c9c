package io.taurusreplicationwatch.polling;

import io.taurusreplicationwatch.events.TaskObservation;
import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.api.ReplicationPage;
import io.taurusreplicationwatch.api.TaskSnapshot;
import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.state.TrackedFields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Paging decisions of {@link PollContext}: which offset comes next, when a poll stops, and whether it is complete. */
class PollContextTest {

    private static final WatchedInstance INSTANCE = new WatchedInstance("cn-north-4", "project-1", "instance-1");
    private static final TrackedFields TRACKED = new TrackedFields(List.of("stage", "status"));
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static PollContext poll(int limit, OffsetMode mode, int maxPages) {
        return new PollContext(INSTANCE, new PagingPolicy(limit, mode, maxPages), NOW);
    }

    private static TaskSnapshot task(String name) {
        return TaskSnapshot.fromFields(Map.of("task_name", name, "stage", "Incremental", "status", "Yes"));
    }

    private static List<String> names(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "task_%03d".formatted(i)).toList();
    }

    private static ReplicationPage page(Integer total, List<String> names) {
        return new ReplicationPage(total, names.stream().map(PollContextTest::task).toList(), names.size(), 0);
    }

    private static ReplicationPage unusableTotal(String total, List<String> names) {
        return new ReplicationPage(null, names.stream().map(PollContextTest::task).toList(), names.size(), 0, total,
                List.of());
    }

    /** Reads the listing page by page as the API would serve it, and returns the offsets asked for. */
    private static List<Integer> readAll(PollContext poll, List<String> listing, int limit, OffsetMode mode) {
        List<Integer> offsets = new ArrayList<>();
        while (poll.isMorePages()) {
            int offset = poll.nextOffset();
            offsets.add(offset);
            int from = mode == OffsetMode.PAGES ? (offset - 1) * limit : offset;
            List<String> slice = listing.subList(Math.min(from, listing.size()),
                    Math.min(from + limit, listing.size()));
            poll.accept(page(listing.size(), slice), NOW, TRACKED);
        }
        return offsets;
    }

    @Test
    void should_ask_for_record_offsets_until_a_short_page_ends_the_listing() {
        PollContext poll = poll(100, OffsetMode.RECORDS, 10);

        List<Integer> offsets = readAll(poll, names(0, 250), 100, OffsetMode.RECORDS);

        assertThat(offsets).containsExactly(0, 100, 200);
        assertThat(poll.isMorePages()).isFalse();
        assertThat(poll.isComplete()).isTrue();
        assertThat(poll.seenCount()).isEqualTo(250);
        assertThat(poll.pagesRequested()).isEqualTo(3);
    }

    @Test
    void should_ask_for_page_numbers_in_pages_mode() {
        PollContext poll = poll(100, OffsetMode.PAGES, 10);

        List<Integer> offsets = readAll(poll, names(0, 250), 100, OffsetMode.PAGES);

        assertThat(offsets).containsExactly(1, 2, 3);
        assertThat(poll.isComplete()).isTrue();
        assertThat(poll.seenCount()).isEqualTo(250);
    }

    @Test
    void should_ask_for_the_limit_it_was_given() {
        assertThat(poll(37, OffsetMode.RECORDS, 10).limit()).isEqualTo(37);
        assertThat(poll(37, OffsetMode.RECORDS, 10).nextOffset()).isZero();
    }

    @Test
    void should_stop_on_an_empty_page() {
        PollContext poll = poll(100, OffsetMode.RECORDS, 10);
        poll.accept(page(null, names(0, 100)), NOW, TRACKED);
        assertThat(poll.isMorePages()).isTrue();

        poll.accept(page(null, List.of()), NOW, TRACKED);

        assertThat(poll.isMorePages()).isFalse();
        assertThat(poll.isComplete()).isTrue();
    }

    @Test
    void should_stop_on_an_empty_first_page() {
        PollContext poll = poll(100, OffsetMode.RECORDS, 10);

        List<TaskObservation> fresh = poll.accept(page(0, List.of()), NOW, TRACKED);

        assertThat(fresh).isEmpty();
        assertThat(poll.isMorePages()).isFalse();
        assertThat(poll.isComplete()).isTrue();
    }

    @Test
    void should_confirm_a_total_count_reached_on_a_full_page_with_one_more_request() {
        PollContext poll = poll(100, OffsetMode.RECORDS, 10);

        List<Integer> offsets = readAll(poll, names(0, 200), 100, OffsetMode.RECORDS);

        assertThat(offsets).containsExactly(0, 100, 200);
        assertThat(poll.isComplete()).isTrue();
    }

    @Test
    void should_end_at_a_total_count_reached_on_a_full_page_when_told_the_confirmation_is_not_needed() {
        PollContext poll = poll(100, OffsetMode.RECORDS, 10);

        poll.accept(page(200, names(0, 100)), NOW, TRACKED);
        assertThat(poll.isEndToConfirm()).as("total_count not reached yet").isFalse();
        poll.accept(page(200, names(100, 200)), NOW, TRACKED);
        assertThat(poll.isEndToConfirm()).isTrue();
        poll.endWithoutConfirmation();

        assertThat(poll.isMorePages()).isFalse();
        assertThat(poll.isEndToConfirm()).isFalse();
        assertThat(poll.isComplete()).isTrue();
        assertThat(poll.pagesRequested()).isEqualTo(2);
    }

    @Test
    void should_still_check_the_tasks_seen_against_total_count_when_ending_without_confirmation() {
        PollContext poll = poll(2, OffsetMode.RECORDS, 10);

        poll.accept(page(4, List.of("a", "b")), NOW, TRACKED);
        poll.accept(page(4, List.of("b", "c")), NOW, TRACKED);
        poll.endWithoutConfirmation();

        assertThat(poll.isMorePages()).isFalse();
        assertThat(poll.isComplete()).isFalse();
        assertThat(poll.incompleteReason()).contains("ended after 3 of its total_count 4");
    }

    @Test
    void should_not_ask_for_confirmation_after_a_short_page_or_an_untrusted_total_count() {
        PollContext poll = poll(100, OffsetMode.RECORDS, 10);
        poll.accept(page(50, names(0, 50)), NOW, TRACKED);
        assertThat(poll.isEndToConfirm()).isFalse();

        PollContext negative = poll(100, OffsetMode.RECORDS, 10);
        negative.accept(unusableTotal("-1", names(0, 100)), NOW, TRACKED);
        assertThat(negative.isEndToConfirm()).isFalse();
        assertThat(negative.isMorePages()).isTrue();
    }

    @Test
    void should_not_trust_a_total_count_reached_on_a_full_page_when_more_records_follow() {
        PollContext poll = poll(100, OffsetMode.RECORDS, 10);
        List<String> listing = names(0, 150);

        poll.accept(page(100, listing.subList(0, 100)), NOW, TRACKED);
        assertThat(poll.isMorePages()).as("total_count reached on a full page is checked").isTrue();
        poll.accept(page(100, listing.subList(100, 150)), NOW, TRACKED);

        assertThat(poll.isMorePages()).isFalse();
        assertThat(poll.seenCount()).isEqualTo(150);
        assertThat(poll.isComplete()).isFalse();
        assertThat(poll.incompleteReason()).contains("more than their total_count 100");
    }

    @Test
    void should_be_incomplete_when_a_page_holds_more_records_than_total_count() {
        PollContext poll = poll(100, OffsetMode.RECORDS, 10);

        poll.accept(page(40, names(0, 100)), NOW, TRACKED);
        poll.accept(page(40, names(100, 150)), NOW, TRACKED);

        assertThat(poll.isMorePages()).isFalse();
        assertThat(poll.seenCount()).as("the pages are still read to their end").isEqualTo(150);
        assertThat(poll.isComplete()).isFalse();
        assertThat(poll.incompleteReason()).isEqualTo("the pages held 100 records, more than their total_count 40");
    }

    @Test
    void should_read_on_and_be_incomplete_after_a_negative_total_count() {
        PollContext poll = poll(100, OffsetMode.RECORDS, 10);

        poll.accept(unusableTotal("-1", names(0, 100)), NOW, TRACKED);
        assertThat(poll.isMorePages()).as("a negative total_count is not reached").isTrue();
        poll.accept(unusableTotal("-1", names(100, 150)), NOW, TRACKED);

        assertThat(poll.isMorePages()).isFalse();
        assertThat(poll.seenCount()).isEqualTo(150);
        assertThat(poll.isComplete()).isFalse();
        assertThat(poll.incompleteReason()).isEqualTo("total_count '-1' is not a count of tasks (a whole number from 0"
                + " to 2147483647)");
    }

    @Test
    void should_be_incomplete_after_a_total_count_beyond_the_int_range() {
        PollContext poll = poll(100, OffsetMode.RECORDS, 10);

        poll.accept(unusableTotal("1000000000000", names(0, 100)), NOW, TRACKED);
        poll.accept(unusableTotal("1000000000000", names(100, 150)), NOW, TRACKED);

        assertThat(poll.seenCount()).isEqualTo(150);
        assertThat(poll.isComplete()).isFalse();
        assertThat(poll.incompleteReason()).contains("total_count '1000000000000' is not a count");
    }

    @Test
    void should_be_incomplete_when_total_count_is_sent_on_one_page_and_not_on_the_next() {
        PollContext poll = poll(100, OffsetMode.RECORDS, 10);

        poll.accept(page(150, names(0, 100)), NOW, TRACKED);
        poll.accept(page(null, names(100, 150)), NOW, TRACKED);

        assertThat(poll.isMorePages()).isFalse();
        assertThat(poll.isComplete()).isFalse();
        assertThat(poll.incompleteReason()).contains("total_count was sent on some pages");
    }

    @Test
    void should_be_complete_when_no_page_sends_total_count_and_a_short_page_ends_the_listing() {
        PollContext poll = poll(100, OffsetMode.RECORDS, 10);

        poll.accept(page(null, names(0, 100)), NOW, TRACKED);
        poll.accept(page(null, names(100, 150)), NOW, TRACKED);

        assertThat(poll.isComplete()).isTrue();
    }

    @Test
    void should_be_incomplete_when_a_page_lists_a_task_twice() {
        PollContext poll = poll(100, OffsetMode.RECORDS, 10);
        List<String> names = new ArrayList<>(names(0, 3));
        names.set(2, "task_000");

        List<TaskObservation> fresh = poll.accept(page(3, names), NOW, TRACKED);

        assertThat(fresh).extracting(TaskObservation::taskName).containsExactly("task_000", "task_001");
        assertThat(poll.isComplete()).isFalse();
        assertThat(poll.incompleteReason()).isEqualTo("page 1 listed task 'task_000' twice");
    }

    @Test
    void should_be_incomplete_when_a_short_last_page_repeats_the_page_before_it() {
        PollContext poll = poll(3, OffsetMode.RECORDS, 10);

        poll.accept(page(null, List.of("a", "b", "c")), NOW, TRACKED);
        poll.accept(page(null, List.of("d", "e")), NOW, TRACKED);
        assertThat(poll.isMorePages()).isFalse();
        assertThat(poll.isComplete()).isTrue();

        PollContext repeating = poll(3, OffsetMode.RECORDS, 10);
        repeating.accept(page(null, List.of("a", "b", "c")), NOW, TRACKED);
        repeating.accept(page(null, List.of("d", "e", "f")), NOW, TRACKED);
        repeating.accept(page(null, List.of("f", "e", "d")), NOW, TRACKED);

        assertThat(repeating.isComplete()).isFalse();
        assertThat(repeating.incompleteReason()).startsWith("page 3 listed the same tasks as the page before it");
    }

    @Test
    void should_be_incomplete_when_a_page_holds_more_records_than_the_limit() {
        PollContext poll = poll(100, OffsetMode.RECORDS, 10);

        poll.accept(page(150, names(0, 150)), NOW, TRACKED);

        assertThat(poll.seenCount()).isEqualTo(150);
        assertThat(poll.isComplete()).isFalse();
        assertThat(poll.incompleteReason()).isEqualTo("page 1 held 150 records, more than the limit 100");
    }

    @Test
    void should_count_a_rejected_task_name_as_seen_and_stay_complete() {
        PollContext poll = poll(100, OffsetMode.RECORDS, 10);
        ReplicationPage page = new ReplicationPage(3, List.of(task("a"), task("b")), 3, 0, null, List.of("x\ny"));

        List<TaskObservation> fresh = poll.accept(page, NOW, TRACKED);

        assertThat(fresh).extracting(TaskObservation::taskName).containsExactly("a", "b");
        assertThat(poll.hasSeen("x\ny")).isTrue();
        assertThat(poll.rejectedTaskNames()).containsExactly("x\ny");
        assertThat(poll.seenCount()).isEqualTo(3);
        assertThat(poll.isComplete()).isTrue();
    }

    @Test
    void should_stop_incomplete_when_a_full_page_brings_only_tasks_already_seen() {
        PollContext poll = poll(100, OffsetMode.RECORDS, 10);
        List<String> firstPage = names(0, 100);

        poll.accept(page(250, firstPage), NOW, TRACKED);
        List<TaskObservation> fresh = poll.accept(page(250, firstPage), NOW, TRACKED);

        assertThat(fresh).isEmpty();
        assertThat(poll.isMorePages()).isFalse();
        assertThat(poll.isComplete()).isFalse();
        assertThat(poll.incompleteReason()).contains("offset");
    }

    @Test
    void should_stop_incomplete_at_the_page_cap() {
        PollContext poll = poll(100, OffsetMode.RECORDS, 2);

        List<Integer> offsets = readAll(poll, names(0, 250), 100, OffsetMode.RECORDS);

        assertThat(offsets).containsExactly(0, 100);
        assertThat(poll.isComplete()).isFalse();
        assertThat(poll.incompleteReason()).contains("page cap");
    }

    @Test
    void should_stay_complete_when_the_last_page_is_also_the_page_cap() {
        PollContext poll = poll(100, OffsetMode.RECORDS, 3);

        readAll(poll, names(0, 250), 100, OffsetMode.RECORDS);

        assertThat(poll.isComplete()).isTrue();
    }

    @Test
    void should_return_a_task_repeated_on_two_pages_once() {
        PollContext poll = poll(3, OffsetMode.RECORDS, 10);

        List<TaskObservation> first = poll.accept(page(5, List.of("a", "b", "c")), NOW, TRACKED);
        List<TaskObservation> second = poll.accept(page(5, List.of("c", "d")), NOW, TRACKED);

        assertThat(first).extracting(TaskObservation::taskName).containsExactly("a", "b", "c");
        assertThat(second).extracting(TaskObservation::taskName).containsExactly("d");
        assertThat(poll.seenCount()).isEqualTo(4);
    }

    @Test
    void should_make_observations_with_the_change_key_of_the_tracked_fields() {
        PollContext poll = poll(100, OffsetMode.RECORDS, 10);

        TaskObservation observation = poll.accept(page(1, List.of("a")), NOW, TRACKED).get(0);

        assertThat(observation.changeKey()).isEqualTo("instance-1/a#stage=incremental&status=yes");
        assertThat(observation.pollId()).isEqualTo(poll.pollId());
        assertThat(observation.observedAt()).isEqualTo(NOW.toString());
        assertThat(observation.instance()).isEqualTo(INSTANCE);
        assertThat(observation.snapshot().taskName()).isEqualTo("a");
    }

    @Test
    void should_read_the_listing_again_when_total_count_moves_and_return_only_unseen_tasks() {
        PollContext poll = poll(2, OffsetMode.RECORDS, 10);
        // pass 1: a task "x" is inserted at the head after the first page: "b" shifts onto page 2, "x" is never read
        assertThat(poll.nextOffset()).isZero();
        poll.accept(page(4, List.of("a", "b")), NOW, TRACKED);
        assertThat(poll.nextOffset()).isEqualTo(2);
        poll.accept(page(5, List.of("b", "c")), NOW, TRACKED);
        assertThat(poll.nextOffset()).isEqualTo(4);
        poll.accept(page(5, List.of("d")), NOW, TRACKED);
        assertThat(poll.isMorePages()).as("a second pass follows").isTrue();
        assertThat(poll.nextOffset()).as("the second pass starts over").isZero();

        // pass 2: the listing is stable at 5
        List<TaskObservation> fresh = new ArrayList<>();
        fresh.addAll(poll.accept(page(5, List.of("x", "a")), NOW, TRACKED));
        fresh.addAll(poll.accept(page(5, List.of("b", "c")), NOW, TRACKED));
        fresh.addAll(poll.accept(page(5, List.of("d")), NOW, TRACKED));

        assertThat(fresh).extracting(TaskObservation::taskName).containsExactly("x");
        assertThat(poll.isMorePages()).isFalse();
        assertThat(poll.isComplete()).isTrue();
        assertThat(poll.seenCount()).isEqualTo(5);
    }

    @Test
    void should_end_incomplete_when_total_count_keeps_moving_on_the_second_pass() {
        PollContext poll = poll(2, OffsetMode.RECORDS, 10);
        poll.accept(page(4, List.of("a", "b")), NOW, TRACKED);
        poll.accept(page(5, List.of("c", "d")), NOW, TRACKED);
        poll.accept(page(5, List.of("e")), NOW, TRACKED);
        assertThat(poll.isMorePages()).isTrue();

        poll.accept(page(5, List.of("a", "b")), NOW, TRACKED);
        poll.accept(page(6, List.of("c", "d")), NOW, TRACKED);
        List<TaskObservation> last = poll.accept(page(6, List.of("e", "f")), NOW, TRACKED);
        poll.accept(page(6, List.of()), NOW, TRACKED);

        assertThat(last).extracting(TaskObservation::taskName).containsExactly("f");
        assertThat(poll.isMorePages()).isFalse();
        assertThat(poll.isComplete()).isFalse();
        assertThat(poll.incompleteReason()).contains("total_count");
    }

    @Test
    void should_start_the_second_pass_at_page_one_in_pages_mode() {
        PollContext poll = poll(2, OffsetMode.PAGES, 10);
        poll.accept(page(3, List.of("a", "b")), NOW, TRACKED);
        assertThat(poll.nextOffset()).isEqualTo(2);
        poll.accept(page(4, List.of("c")), NOW, TRACKED);

        assertThat(poll.isMorePages()).isTrue();
        assertThat(poll.nextOffset()).isEqualTo(1);
    }

    @Test
    void should_not_be_complete_when_the_listing_ended_before_total_count_tasks_were_seen() {
        PollContext poll = poll(100, OffsetMode.RECORDS, 10);
        // an API reading offset as a page number (as the API page's example suggests): offset 100 is past the end
        poll.accept(page(250, names(0, 100)), NOW, TRACKED);
        assertThat(poll.nextOffset()).isEqualTo(100);
        poll.accept(page(250, List.of()), NOW, TRACKED);

        assertThat(poll.isMorePages()).isFalse();
        assertThat(poll.seenCount()).isEqualTo(100);
        assertThat(poll.isComplete()).isFalse();
    }

    @Test
    void should_be_incomplete_after_a_page_with_invalid_entries() {
        PollContext poll = poll(100, OffsetMode.RECORDS, 10);
        ReplicationPage page = new ReplicationPage(3, List.of(task("a"), task("b")), 3, 1);

        List<TaskObservation> fresh = poll.accept(page, NOW, TRACKED);

        assertThat(fresh).extracting(TaskObservation::taskName).containsExactly("a", "b");
        assertThat(poll.isMorePages()).isFalse();
        assertThat(poll.isComplete()).isFalse();
        assertThat(poll.incompleteReason()).contains("task_name");
    }

    @Test
    void should_count_invalid_entries_in_the_record_offset() {
        PollContext poll = poll(3, OffsetMode.RECORDS, 10);

        poll.accept(new ReplicationPage(6, List.of(task("a"), task("b")), 3, 1), NOW, TRACKED);

        assertThat(poll.nextOffset()).isEqualTo(3);
        assertThat(poll.isMorePages()).isTrue();
    }
}
