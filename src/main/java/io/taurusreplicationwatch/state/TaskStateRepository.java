package io.taurusreplicationwatch.state;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last published state of every task, behind Camel's {@link IdempotentRepository} contract.
 * <p>
 * Unlike a set of seen keys, it remembers one value per task: a message id ({@link ChangeKey}) is "contained" when
 * it equals the task's <em>current</em> state, so A → B → A passes three times. It is meant for a non-eager
 * idempotent consumer: {@link #contains} only looks, and {@link #add(Exchange, String)} records the event the
 * exchange carries (in {@value #PENDING_RECORD_PROPERTY}) once Kafka has acknowledged the event. Nothing is recorded
 * before the acknowledgement, so a failed publish leaves the state as it was and the next poll detects the change
 * again.
 * <p>
 * Time makes changes too: a task whose progress has not moved for the stall time ({@link StallWatch}) is not
 * "contained" until its stall is recorded, and a stalled task whose progress moves is not contained until its
 * resumption is. {@link #assess} says which of these an observation is; {@link #noteProgress} records a move that
 * calls for no event, so that the stall clock starts from the last move.
 * <p>
 * Records live in memory; {@link #flush()} hands the store only the tasks that changed since the last save. The store
 * is a checkpoint, not the truth: on (re)load, the events published after the checkpoint are read back from the
 * change topic ({@link ChangeTopicReplay}) and every one newer than the task's record (a greater seq) is applied. A
 * crash between an acknowledgement and the next save therefore forgets nothing and reuses no seq.
 */
public class TaskStateRepository extends ServiceSupport implements IdempotentRepository {

    /** The exchange property holding the record that {@link #add(Exchange, String)} stores: the published state. */
    public static final String PENDING_RECORD_PROPERTY = "watchPendingRecord";
    private static final Logger LOG = LoggerFactory.getLogger(TaskStateRepository.class);

    private final TaskStateStore store;
    private final TrackedFields trackedFields;
    private final Optional<ChangeTopicReplay> replay;
    private final Clock clock;
    private final StallWatch stallWatch;
    // Records by instance, then by task name: a poll's sweep reads one instance's records, never all of them.
    private final Map<String, Map<String, TaskRecord>> records = new ConcurrentHashMap<>();
    // Task keys changed or forgotten since the last save: what the next save writes.
    private final Set<String> unsaved = ConcurrentHashMap.newKeySet();

    /**
     * A repository that trusts its store alone and declares no stall: for tests and stores nothing else was published
     * from.
     */
    public TaskStateRepository(TaskStateStore store, TrackedFields trackedFields) {
        this(store, trackedFields, Optional.empty(), Clock.systemUTC(), StallWatch.OFF);
    }

    public TaskStateRepository(TaskStateStore store, TrackedFields trackedFields, Optional<ChangeTopicReplay> replay,
                               Clock clock, StallWatch stallWatch) {
        this.store = Objects.requireNonNull(store, "store");
        this.trackedFields = Objects.requireNonNull(trackedFields, "trackedFields");
        this.replay = Objects.requireNonNull(replay, "replay");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stallWatch = Objects.requireNonNull(stallWatch, "stallWatch");
    }

    @Override
    protected void doStart() {
        reload();
    }

    /**
     * Replaces what is in memory with the store's checkpoint and the events published after it: at start, and when
     * this process becomes the active poller after another one published.
     */
    public synchronized void reload() {
        long started = System.nanoTime();
        records.clear();
        unsaved.clear();
        StateCheckpoint checkpoint = store.load();
        checkpoint.records().forEach(this::put);
        String taken = checkpoint.takenAt().map(at -> " (checkpoint of " + at + ")").orElse(" (no checkpoint)");
        if (replay.isEmpty()) {
            LOG.info("Loaded the state of {} tasks from {}{}", checkpoint.records().size(), store.describe(), taken);
            return;
        }
        long[] applied = {0};
        ChangeTopicReplay.Replayed replayed = replay.get().replay(checkpoint.takenAt(), event -> {
            TaskRecord known = lookup(event.taskKey());
            if (known == null || event.seq() > known.seq()) {
                put(event.continuing(known));
                unsaved.add(event.taskKey());
                applied[0]++;
            }
        });
        LOG.info("Loaded the state of {} tasks from {}{}; applied {} newer event(s) of {} read from the change {}"
                        + " since {}, in {} ms", checkpoint.records().size(), store.describe(), taken, applied[0],
                replayed.read(), replay.get().describe(), replayed.from().map(Instant::toString).orElse("its start"),
                (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    protected void doStop() {
        try {
            save(true);
        } finally {
            store.close();
        }
    }

    @Override
    public boolean contains(String key) {
        return assess(key) == Assessment.UNCHANGED;
    }

    /**
     * What the observation with this change key calls for, against the task's record now: a change of a tracked
     * field (or of the task's presence) before anything else, then the start or the end of a stall.
     */
    public Assessment assess(String key) {
        ChangeKey changeKey = ChangeKey.parse(key);
        TaskRecord record = lookup(changeKey.taskKey());
        String recorded = record == null || record.removed() ? ChangeKey.GONE
                : trackedFields.fingerprint(record.snapshot());
        if (!recorded.equals(changeKey.fingerprint())) {
            return Assessment.CHANGED;
        }
        if (record == null || record.removed()) {
            return Assessment.UNCHANGED;
        }
        boolean stalled = stallWatch.stalled(record, changeKey.progress(), clock.instant());
        if (stalled == record.isStalled()) {
            return Assessment.UNCHANGED;
        }
        return stalled ? Assessment.STALLED : Assessment.RESUMED;
    }

    /**
     * Records that the observation with this change key, which calls for no event, saw the task's progress move:
     * the stall clock starts again from {@code observedAt}. A stalled task is left as it is: its move is an event, and
     * only the event's acknowledgement may end the stall.
     */
    public void noteProgress(String key, String observedAt) {
        ChangeKey changeKey = ChangeKey.parse(key);
        TaskRecord record = lookup(changeKey.taskKey());
        if (record != null && !record.removed() && !record.isStalled()
                && !Objects.equals(record.progress(), changeKey.progress())) {
            update(record.withProgress(changeKey.progress(), observedAt));
        }
    }

    @Override
    public boolean add(String key) {
        throw new UnsupportedOperationException("the task state records events, not keys: use a non-eager"
                + " idempotent consumer so that add(Exchange, String) is called");
    }

    @Override
    public boolean add(Exchange exchange, String key) {
        TaskRecord record = exchange.getProperty(PENDING_RECORD_PROPERTY, TaskRecord.class);
        if (record == null || !record.taskKey().equals(ChangeKey.parse(key).taskKey())) {
            throw new IllegalStateException("no " + PENDING_RECORD_PROPERTY + " property for " + key
                    + " on the exchange: the route must build the change event inside the idempotent consumer");
        }
        put(record);
        unsaved.add(record.taskKey());
        return true;
    }

    /**
     * Never forgets anything: the state holds only what Kafka acknowledged, so a failed publish has nothing to undo,
     * and deleting the task's record would lose its {@code seq} and reuse a {@code ce_id}. The publish route turns
     * {@code removeOnFailure} off; this answers {@code false} should any caller still ask.
     */
    @Override
    public boolean remove(String key) {
        return false;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        records.values().forEach(tasks -> tasks.values().forEach(record -> unsaved.add(record.taskKey())));
        records.clear();
    }

    /** The record of a task, tombstones included. */
    public Optional<TaskRecord> record(String taskKey) {
        return Optional.ofNullable(lookup(taskKey));
    }

    /** The records of one instance, tombstones included. */
    public List<TaskRecord> recordsOf(String instanceId) {
        Map<String, TaskRecord> tasks = records.get(instanceId);
        return tasks == null ? List.of() : List.copyOf(tasks.values());
    }

    /** Replaces bookkeeping of a record (its missed-poll count) that is not an event. */
    public void update(TaskRecord record) {
        put(record);
        unsaved.add(record.taskKey());
    }

    public void forget(Collection<TaskRecord> tombstones) {
        tombstones.forEach(record -> {
            if (tasksOf(record.instanceId()).remove(record.taskName(), record)) {
                unsaved.add(record.taskKey());
            }
        });
    }

    /** Number of tasks tracked, tombstones excluded. */
    public long size() {
        // Read by every metrics scrape: counted in place, not copied.
        return records.values().stream().flatMap(tasks -> tasks.values().stream())
                .filter(record -> !record.removed()).count();
    }

    /** Number of tasks of the instance announced as stalled and not resumed since. */
    public long stalledCount(String instanceId) {
        Map<String, TaskRecord> tasks = records.get(instanceId);
        return tasks == null ? 0 : tasks.values().stream().filter(TaskRecord::isStalled).count();
    }

    /** Hands the store what changed since the last save, if anything did; one save at a time. */
    public void flush() {
        save(false);
    }

    private synchronized void save(boolean atStop) {
        if (unsaved.isEmpty() && !atStop) {
            return;
        }
        // Taken before the records are read: every event recorded before this instant is in this save.
        Instant takenAt = clock.instant();
        List<String> keys = new ArrayList<>();
        for (String key : unsaved) {
            if (unsaved.remove(key)) {
                keys.add(key);
            }
        }
        List<TaskRecord> changed = new ArrayList<>(keys.size());
        List<String> forgotten = new ArrayList<>();
        for (String key : keys) {
            TaskRecord record = lookup(key);
            if (record == null) {
                forgotten.add(key);
            } else {
                changed.add(record);
            }
        }
        try {
            store.save(new StateChanges(takenAt, changed, forgotten, this::allRecords, atStop));
        } catch (RuntimeException e) {
            unsaved.addAll(keys);
            throw e;
        }
    }

    private List<TaskRecord> allRecords() {
        List<TaskRecord> all = new ArrayList<>();
        records.values().forEach(tasks -> all.addAll(tasks.values()));
        return all;
    }

    private void put(TaskRecord record) {
        tasksOf(record.instanceId()).put(record.taskName(), record);
    }

    private Map<String, TaskRecord> tasksOf(String instanceId) {
        return records.computeIfAbsent(instanceId, id -> new ConcurrentHashMap<>());
    }

    /** Task keys are {@code {instance_id}/{task_name}}, and instance ids never hold a '/'. */
    private TaskRecord lookup(String taskKey) {
        int separator = taskKey.indexOf('/');
        Map<String, TaskRecord> tasks = separator < 0 ? null : records.get(taskKey.substring(0, separator));
        return tasks == null ? null : tasks.get(taskKey.substring(separator + 1));
    }
}
