package io.taurusreplicationwatch.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taurusreplicationwatch.api.TaskSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** {@link TaskStateRepository}: "contained" means "is the current state", recording from the exchange, flushing. */
class TaskStateRepositoryTest {

    private static final TrackedFields TRACKED = new TrackedFields(List.of("stage", "status"));
    private static final String TASK = "instance-1/task_a";

    /** Counts saves; fails them while {@code failing} is set. */
    private static final class CountingStore implements TaskStateStore {
        private final List<TaskRecord> initial;
        final List<List<TaskRecord>> saves = new ArrayList<>();
        int attempts;
        boolean failing;

        CountingStore(List<TaskRecord> initial) {
            this.initial = initial;
        }

        final List<List<String>> forgotten = new ArrayList<>();

        @Override
        public StateCheckpoint load() {
            return new StateCheckpoint(initial, Optional.empty());
        }

        @Override
        public void save(StateChanges changes) {
            attempts++;
            if (failing) {
                throw new IllegalStateException("disk full");
            }
            saves.add(List.copyOf(changes.changed()));
            forgotten.add(List.copyOf(changes.forgotten()));
        }

        @Override
        public String describe() {
            return "counting";
        }
    }

    private static TaskSnapshot snapshot(String stage) {
        return TaskSnapshot.fromFields(Map.of("task_name", "task_a", "stage", stage, "status", "Yes"));
    }

    private static TaskRecord record(long seq, String stage) {
        return new TaskRecord("project-1", "instance-1", "task_a", seq, snapshot(stage), 0, null);
    }

    private static String key(String stage) {
        return TRACKED.changeKey(TASK, snapshot(stage)).toString();
    }

    private static TaskStateRepository started(TaskStateStore store) {
        TaskStateRepository repository = new TaskStateRepository(store, TRACKED);
        repository.start();
        return repository;
    }

    private static TaskStateRepository started() {
        return started(new InMemoryTaskStateStore());
    }

    /** What the idempotent consumer does once the event was acknowledged. */
    private static void publish(TaskStateRepository repository, TaskRecord record) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(TaskStateRepository.PENDING_RECORD_PROPERTY, record);
        assertThat(repository.add(exchange, TRACKED.changeKey(record.taskKey(), record.snapshot()).toString()))
                .isTrue();
    }

    @Test
    void should_contain_only_the_current_state() {
        TaskStateRepository repository = started();
        publish(repository, record(1, "full"));

        assertThat(repository.contains(key("full"))).isTrue();
        assertThat(repository.contains(key("incremental"))).isFalse();

        publish(repository, record(2, "incremental"));

        assertThat(repository.contains(key("full"))).isFalse();
        assertThat(repository.contains(key("incremental"))).isTrue();
    }

    @Test
    void should_pass_a_flip_flop_three_times() {
        TaskStateRepository repository = started();
        int passed = 0;
        long seq = 0;
        for (String stage : List.of("full", "incremental", "full")) {
            if (!repository.contains(key(stage))) {
                passed++;
                publish(repository, record(++seq, stage));
            }
        }

        assertThat(passed).isEqualTo(3);
        assertThat(repository.record(TASK).orElseThrow().seq()).isEqualTo(3);
    }

    @Test
    void should_not_contain_an_unknown_task() {
        assertThat(started().contains(key("full"))).isFalse();
    }

    @Test
    void should_record_the_pending_record_of_the_exchange() {
        TaskStateRepository repository = started();
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        TaskRecord record = record(7, "paused");
        exchange.setProperty(TaskStateRepository.PENDING_RECORD_PROPERTY, record);

        repository.add(exchange, key("paused"));

        assertThat(repository.record(TASK)).contains(record);
        assertThat(repository.size()).isEqualTo(1);
    }

    @Test
    void should_fail_clearly_without_a_pending_record() {
        TaskStateRepository repository = started();
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());

        assertThatThrownBy(() -> repository.add(exchange, key("full")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(TaskStateRepository.PENDING_RECORD_PROPERTY)
                .hasMessageContaining(TASK);
        assertThat(repository.record(TASK)).isEmpty();
    }

    @Test
    void should_refuse_a_pending_record_of_another_task() {
        TaskStateRepository repository = started();
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(TaskStateRepository.PENDING_RECORD_PROPERTY, record(1, "full"));

        assertThatThrownBy(() -> repository.add(exchange, "instance-1/task_b#stage=full&status=yes"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(repository.record(TASK)).isEmpty();
    }

    @Test
    void should_not_support_adding_a_bare_key() {
        assertThatThrownBy(() -> started().add(key("full"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void should_contain_the_gone_key_of_a_tombstone_and_not_a_live_key() {
        TaskStateRepository repository = started();
        publish(repository, record(1, "full"));
        String gone = new ChangeKey(TASK, ChangeKey.GONE).toString();
        assertThat(repository.contains(gone)).isFalse();

        repository.update(new TaskRecord("project-1", "instance-1", "task_a", 2, null, 0,
                "2026-03-01T00:00:00Z"));

        assertThat(repository.contains(gone)).isTrue();
        assertThat(repository.contains(key("full"))).isFalse();
        assertThat(repository.size()).isZero();
    }

    @Test
    void should_not_forget_the_last_state_when_a_failed_change_is_removed() {
        TaskStateRepository repository = started();
        publish(repository, record(1, "full"));

        assertThat(repository.remove(key("incremental"))).isFalse();

        assertThat(repository.contains(key("full"))).isTrue();
    }

    @Test
    void should_keep_the_record_and_its_seq_even_when_remove_names_the_recorded_state() {
        TaskStateRepository repository = started();
        publish(repository, record(3, "full"));

        assertThat(repository.remove(key("full"))).isFalse();

        assertThat(repository.record(TASK)).contains(record(3, "full"));
        assertThat(repository.contains(key("full"))).isTrue();
    }

    @Test
    void should_flush_only_when_dirty() {
        CountingStore store = new CountingStore(List.of());
        TaskStateRepository repository = started(store);

        repository.flush();
        assertThat(store.attempts).isZero();

        publish(repository, record(1, "full"));
        repository.flush();
        repository.flush();

        assertThat(store.attempts).isEqualTo(1);
        assertThat(store.saves).singleElement().isEqualTo(List.of(record(1, "full")));

        repository.update(record(1, "full").withMissedPolls(1));
        repository.flush();
        assertThat(store.attempts).isEqualTo(2);
    }

    @Test
    void should_stay_dirty_after_a_failed_save_so_that_the_next_flush_retries() {
        CountingStore store = new CountingStore(List.of());
        TaskStateRepository repository = started(store);
        publish(repository, record(1, "full"));
        store.failing = true;

        assertThatThrownBy(repository::flush).hasMessage("disk full");

        store.failing = false;
        repository.flush();
        assertThat(store.attempts).isEqualTo(2);
        assertThat(store.saves).singleElement().isEqualTo(List.of(record(1, "full")));
    }

    @Test
    void should_load_what_the_store_has_on_start() {
        TaskRecord known = record(5, "incremental");
        CountingStore store = new CountingStore(List.of(known));

        TaskStateRepository repository = started(store);

        assertThat(repository.record(TASK)).contains(known);
        assertThat(repository.contains(key("incremental"))).isTrue();
        assertThat(repository.recordsOf("instance-1")).containsExactly(known);
        repository.flush();
        assertThat(store.attempts).as("loading does not make the state dirty").isZero();
    }

    @Test
    void should_hand_the_store_only_the_tasks_changed_since_the_last_save() {
        TaskRecord other = new TaskRecord("project-1", "instance-1", "task_b", 4, snapshot("wait"), 0, null);
        CountingStore store = new CountingStore(List.of(record(1, "full"), other));
        TaskStateRepository repository = started(store);

        publish(repository, record(2, "incremental"));
        repository.flush();

        assertThat(store.saves).singleElement().isEqualTo(List.of(record(2, "incremental")));
    }

    @Test
    void should_hand_the_store_a_forgotten_tombstone_as_forgotten() {
        TaskRecord tombstone = new TaskRecord("project-1", "instance-1", "task_a", 2, null, 0, "2026-03-01T00:00:00Z");
        CountingStore store = new CountingStore(List.of(tombstone));
        TaskStateRepository repository = started(store);

        repository.forget(List.of(tombstone));
        repository.flush();

        assertThat(store.saves).singleElement().isEqualTo(List.of());
        assertThat(store.forgotten).singleElement().isEqualTo(List.of(TASK));
    }

    @Test
    void should_keep_each_instances_records_apart() {
        TaskRecord here = record(1, "full");
        TaskRecord there = new TaskRecord("project-1", "instance-2", "task_a", 7, snapshot("wait"), 0, null);
        TaskStateRepository repository = started(new CountingStore(List.of(here, there)));

        assertThat(repository.recordsOf("instance-1")).containsExactly(here);
        assertThat(repository.recordsOf("instance-2")).containsExactly(there);
        assertThat(repository.recordsOf("instance-3")).isEmpty();
        assertThat(repository.record("instance-2/task_a")).contains(there);
        assertThat(repository.contains(TRACKED.changeKey("instance-2/task_a", snapshot("wait")).toString())).isTrue();
        assertThat(repository.contains(key("wait"))).as("same task name, other instance").isFalse();
        assertThat(repository.size()).isEqualTo(2);
    }

    @Test
    void should_flush_on_stop() {
        CountingStore store = new CountingStore(List.of());
        TaskStateRepository repository = started(store);
        publish(repository, record(1, "full"));

        repository.stop();

        assertThat(store.saves).hasSize(1);
    }
}
