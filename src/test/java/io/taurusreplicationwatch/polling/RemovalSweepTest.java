package io.taurusreplicationwatch.polling;

import io.taurusreplicationwatch.events.TaskObservation;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.taurusreplicationwatch.api.Json;
import io.taurusreplicationwatch.api.ReplicationPage;
import io.taurusreplicationwatch.api.ReplicationPageParser;
import io.taurusreplicationwatch.api.TaskSnapshot;
import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.observability.WatchMetrics;
import io.taurusreplicationwatch.state.InMemoryTaskStateStore;
import io.taurusreplicationwatch.state.TaskRecord;
import io.taurusreplicationwatch.state.TaskStateRepository;
import io.taurusreplicationwatch.state.TrackedFields;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RemovalSweep}: missed-poll counting, removal after the threshold, incomplete polls, tombstone expiry, and
 * that no listing, however malformed, gets a task it holds announced as removed.
 */
class RemovalSweepTest {

    private static final WatchedInstance INSTANCE = new WatchedInstance("cn-north-4", "project-1", "instance-1");
    private static final TrackedFields TRACKED = new TrackedFields(List.of("stage", "status"));
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(7);

    private TaskStateRepository state;
    private RemovalSweep sweep;

    @BeforeEach
    void startRepository() {
        state = new TaskStateRepository(new InMemoryTaskStateStore(), TRACKED);
        state.start();
        sweep = new RemovalSweep(state, 2, RETENTION, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static TaskSnapshot snapshot(String name) {
        return TaskSnapshot.fromFields(Map.of("task_name", name, "stage", "incremental", "status", "Yes"));
    }

    private static TaskRecord live(String instanceId, String name, int missed) {
        return new TaskRecord("project-1", instanceId, name, 3, snapshot(name), missed, null);
    }

    private static TaskRecord tombstone(String name, Instant removedAt) {
        return new TaskRecord("project-1", "instance-1", name, 4, null, 0, removedAt.toString());
    }

    /** A complete poll that listed exactly these tasks. */
    private static PollContext completePoll(String... listed) {
        PollContext poll = new PollContext(INSTANCE, new PagingPolicy(100, OffsetMode.RECORDS, 10), NOW);
        List<TaskSnapshot> tasks = Arrays.stream(listed).map(RemovalSweepTest::snapshot).toList();
        poll.accept(new ReplicationPage(tasks.size(), tasks, tasks.size(), 0), NOW, TRACKED);
        assertThat(poll.isComplete()).isTrue();
        return poll;
    }

    /** A poll that listed these tasks but also an entry without a task name. */
    private static PollContext incompletePoll(String... listed) {
        PollContext poll = new PollContext(INSTANCE, new PagingPolicy(100, OffsetMode.RECORDS, 10), NOW);
        List<TaskSnapshot> tasks = Arrays.stream(listed).map(RemovalSweepTest::snapshot).toList();
        poll.accept(new ReplicationPage(tasks.size() + 1, tasks, tasks.size() + 1, 1), NOW, TRACKED);
        assertThat(poll.isComplete()).isFalse();
        return poll;
    }

    private int missedPolls(String name) {
        return state.record("instance-1/" + name).orElseThrow().missedPolls();
    }

    @Test
    void should_count_a_first_missed_poll_without_removing_the_task() {
        state.update(live("instance-1", "a", 0));
        state.update(live("instance-1", "b", 0));

        List<TaskObservation> gone = sweep.sweep(completePoll("b"));

        assertThat(gone).isEmpty();
        assertThat(missedPolls("a")).isEqualTo(1);
        assertThat(missedPolls("b")).isZero();
        assertThat(state.record("instance-1/a").orElseThrow().removed()).isFalse();
    }

    @Test
    void should_announce_a_task_gone_at_the_threshold() {
        state.update(live("instance-1", "a", 0));

        assertThat(sweep.sweep(completePoll())).isEmpty();
        List<TaskObservation> gone = sweep.sweep(completePoll());

        assertThat(gone).singleElement().satisfies(observation -> {
            assertThat(observation.taskName()).isEqualTo("a");
            assertThat(observation.snapshot()).isNull();
            assertThat(observation.changeKey()).isEqualTo("instance-1/a#(gone)").endsWith("#(gone)");
            assertThat(observation.instance()).isEqualTo(INSTANCE);
            assertThat(observation.observedAt()).isEqualTo(NOW.toString());
        });
        assertThat(missedPolls("a")).isEqualTo(2);
    }

    @Test
    void should_let_the_gone_observation_pass_change_detection() {
        state.update(live("instance-1", "a", 1));

        TaskObservation gone = sweep.sweep(completePoll()).get(0);

        assertThat(state.contains(gone.changeKey())).isFalse();
    }

    @Test
    void should_reset_the_count_of_a_task_seen_again() {
        state.update(live("instance-1", "a", 1));

        List<TaskObservation> gone = sweep.sweep(completePoll("a"));

        assertThat(gone).isEmpty();
        assertThat(missedPolls("a")).isZero();
    }

    @Test
    void should_remove_nothing_and_count_nothing_after_an_incomplete_poll() {
        state.update(live("instance-1", "a", 1));
        state.update(live("instance-1", "b", 0));
        state.update(live("instance-1", "c", 1));
        List<TaskObservation> gone = sweep.sweep(incompletePoll("c"));

        assertThat(gone).isEmpty();
        assertThat(missedPolls("a")).isEqualTo(1);
        assertThat(missedPolls("b")).isZero();
        assertThat(missedPolls("c")).isEqualTo(1);
    }

    @Test
    void should_return_the_gone_tasks_after_a_complete_poll() {
        state.update(live("instance-1", "a", 1));

        List<?> body = sweep.sweep(completePoll());

        assertThat(body).singleElement().isInstanceOf(TaskObservation.class);
        assertThat(((TaskObservation) body.get(0)).taskName()).isEqualTo("a");
    }

    @Test
    void should_leave_the_tasks_of_other_instances_alone() {
        state.update(live("instance-2", "a", 1));

        assertThat(sweep.sweep(completePoll())).isEmpty();
        assertThat(state.record("instance-2/a").orElseThrow().missedPolls()).isEqualTo(1);
    }

    @Test
    void should_forget_tombstones_older_than_the_retention_and_keep_younger_ones() {
        state.update(tombstone("old", NOW.minus(RETENTION).minusSeconds(1)));
        state.update(tombstone("young", NOW.minus(RETENTION).plusSeconds(1)));

        List<TaskObservation> gone = sweep.sweep(completePoll());

        assertThat(gone).as("a tombstone is never announced again").isEmpty();
        assertThat(state.record("instance-1/old")).isEmpty();
        assertThat(state.record("instance-1/young")).isPresent();
        assertThat(state.record("instance-1/young").orElseThrow().missedPolls()).isZero();
    }

    @Test
    void should_keep_expired_tombstones_after_an_incomplete_poll() {
        state.update(tombstone("old", NOW.minus(RETENTION).minusSeconds(1)));
        sweep.sweep(incompletePoll());

        assertThat(state.record("instance-1/old")).isPresent();
    }

    @Test
    void should_never_remove_a_task_the_poll_listed_even_from_an_incomplete_poll() {
        state.update(live("instance-1", "a", 5));
        state.update(live("instance-1", "gone", 5));

        List<TaskObservation> gone = sweep.removals(incompletePoll("a"));

        assertThat(gone).extracting(TaskObservation::taskName).containsExactly("gone");
    }

    @Test
    void should_never_remove_a_listed_task_whose_name_was_rejected() {
        state.update(live("instance-1", "old\u001b[2Jname", 1));
        PollContext poll = new PollContext(INSTANCE, new PagingPolicy(100, OffsetMode.RECORDS, 10), NOW);
        poll.accept(new ReplicationPage(1, List.of(), 1, 0, null, List.of("old\u001b[2Jname")), NOW, TRACKED);

        assertThat(poll.isComplete()).isTrue();
        assertThat(sweep.sweep(poll)).isEmpty();
        assertThat(missedPolls("old\u001b[2Jname")).isZero();
    }

    /** How a generated listing lies about its {@code total_count}. */
    enum TotalStyle { TRUE, ABSENT, NEGATIVE, BEYOND_INT, FRACTION, NOT_A_NUMBER, PAGE_SIZE, WRONG, SOMETIMES }

    /** What a generated page does wrong. */
    enum PageFault { NONE, DUPLICATE, REPEAT_PREVIOUS, NAMELESS_ENTRY, OVER_LIMIT }

    @Test
    void should_never_announce_a_listed_task_as_removed_whatever_the_listing_looks_like() throws Exception {
        long seed = Long.getLong("removal.seed", System.nanoTime());
        System.out.println("RemovalSweepTest random listings: seed " + seed + " (rerun with -Dremoval.seed=" + seed
                + ")");
        Random random = new Random(seed);
        ReplicationPageParser parser = new ReplicationPageParser(Clock.systemUTC());
        int removals = 0;
        int completePolls = 0;
        for (int round = 0; round < 3000; round++) {
            TaskStateRepository roundState = new TaskStateRepository(new InMemoryTaskStateStore(), TRACKED);
            roundState.start();
            Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
            RemovalSweep removeAtOnce = new RemovalSweep(roundState, 1, RETENTION, clock);
            int limit = 1 + random.nextInt(5);
            PagingPolicy paging = new PagingPolicy(limit, OffsetMode.RECORDS, 40);
            InstancePolls polls = new InstancePolls(paging, TRACKED, roundState, clock,
                    new WatchMetrics(new SimpleMeterRegistry(), roundState, new InstanceSchedule(List.of(INSTANCE),
                            new PollPacing(Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofMinutes(15)),
                            clock), clock, false));
            List<String> listing = new ArrayList<>();
            for (int i = 0, size = random.nextInt(4 * limit + 2); i < size; i++) {
                listing.add(random.nextInt(12) == 0 ? "bad\nname_" + i : "task_" + i);
            }
            for (String name : listing) {
                if (random.nextBoolean()) {
                    roundState.update(live("instance-1", name, 0));
                }
            }
            // Without a task really gone, every known task is listed and the poll may end without confirming request.
            Set<String> reallyGone = random.nextBoolean() ? Set.of("gone_1", "gone_2") : Set.of();
            reallyGone.forEach(name -> roundState.update(live("instance-1", name, 0)));
            TotalStyle totals = TotalStyle.values()[random.nextInt(TotalStyle.values().length)];
            double faultRate = random.nextInt(3) == 0 ? 0 : 0.3;
            String describe = "seed " + seed + ", round " + round + ": limit " + limit + ", " + listing.size()
                    + " tasks, total_count " + totals + ", page fault rate " + faultRate;

            PollContext poll = polls.begin(INSTANCE);
            Set<String> served = new HashSet<>();
            List<String> previous = List.of();
            boolean clean = totals == TotalStyle.TRUE || totals == TotalStyle.ABSENT;
            while (poll.isMorePages()) {
                int offset = poll.nextOffset();
                List<String> truth = listing.subList(Math.min(offset, listing.size()),
                        Math.min(offset + limit, listing.size()));
                List<String> slice = new ArrayList<>(truth);
                PageFault fault = random.nextDouble() < faultRate
                        ? PageFault.values()[1 + random.nextInt(PageFault.values().length - 1)] : PageFault.NONE;
                boolean nameless = false;
                switch (fault) {
                    case DUPLICATE -> {
                        if (slice.size() > 1) {
                            slice.set(random.nextInt(slice.size()), slice.get(0));
                        }
                    }
                    case REPEAT_PREVIOUS -> slice = new ArrayList<>(previous.isEmpty() ? slice : previous);
                    case NAMELESS_ENTRY -> nameless = !slice.isEmpty();
                    case OVER_LIMIT -> slice.add("task_extra_" + offset);
                    case NONE -> { }
                }
                clean &= slice.equals(truth) && !nameless;
                served.addAll(slice);
                byte[] body = page(totals, listing.size(), slice, nameless, poll.pagesRequested(), random);
                polls.observe(poll, parser.parse(200, body, null));
                previous = slice;
            }
            List<?> gone = removeAtOnce.sweep(poll);
            List<String> goneNames = gone.stream().map(observation -> ((TaskObservation) observation).taskName())
                    .toList();

            assertThat(goneNames).as(describe + ": removed while listed")
                    .noneMatch(name -> served.contains(name) || listing.contains(name));
            assertThat(poll.isComplete() || !clean).as(describe + ": an honest listing is complete").isTrue();
            removals += goneNames.size();
            completePolls += poll.isComplete() ? 1 : 0;
            if (poll.isComplete()) {
                assertThat(goneNames).as(describe + ": a complete poll removes what is really gone")
                        .containsExactlyInAnyOrderElementsOf(reallyGone);
            }
        }
        assertThat(removals).as("some listings were complete and removed the tasks really gone").isPositive();
        System.out.println("RemovalSweepTest random listings: " + completePolls + " of 3000 polls complete");
    }

    /** The JSON of one page, with its total_count as the style says. */
    private static byte[] page(TotalStyle totals, int size, List<String> names, boolean nameless, int pageIndex,
                               Random random) {
        ObjectNode page = Json.mapper().createObjectNode();
        switch (totals) {
            case TRUE -> page.put("total_count", size);
            case ABSENT -> { }
            case NEGATIVE -> page.put("total_count", -1 - random.nextInt(3));
            case BEYOND_INT -> page.put("total_count", 1_000_000_000_000L);
            case FRACTION -> page.put("total_count", size + 0.5);
            case NOT_A_NUMBER -> page.put("total_count", "many");
            case PAGE_SIZE -> page.put("total_count", names.size());
            case WRONG -> page.put("total_count", Math.max(0, size + random.nextInt(7) - 3));
            case SOMETIMES -> {
                if (pageIndex % 2 == 0) {
                    page.put("total_count", String.valueOf(size));
                }
            }
        }
        ArrayNode replications = page.putArray("replications");
        for (int i = 0; i < names.size(); i++) {
            ObjectNode entry = replications.addObject().put("stage", "incremental").put("status", "Yes");
            if (!(nameless && i == 0)) {
                entry.put("task_name", names.get(i));
            }
        }
        return page.toString().getBytes(StandardCharsets.UTF_8);
    }
}
