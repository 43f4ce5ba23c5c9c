package io.taurusreplicationwatch.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * exchange carries (in {@value #PENDING_RECORD_PROPERTY}) once Kafka has acknowledged the event. Nothing is recorded before the acknowledgement, so a failed
 * publish leaves the state as it was and the next poll detects the change again.
 * <p>
 * Records live in memory and reach the {@link TaskStateStore} on {@link #flush()}, once per poll cycle and at stop:
 * a crash in between can only repeat events (with the same {@code ce_id}), never lose one.
 */
public class TaskStateRepository extends ServiceSupport implements IdempotentRepository {

    /** The exchange property holding the record that {@link #add(Exchange, String)} stores: the published state. */
    public static final String PENDING_RECORD_PROPERTY = "watchPendingRecord";
    private static final Logger LOG = LoggerFactory.getLogger(TaskStateRepository.class);

    private final TaskStateStore store;
    private final TrackedFields trackedFields;
    // Records by instance, then by task name: a poll's sweep reads one instance's records, never all of them.
    private final Map<String, Map<String, TaskRecord>> records = new ConcurrentHashMap<>();
    private final AtomicBoolean dirty = new AtomicBoolean();
    // Instances with events acknowledged since the last save; see saveBeforePolling.
    private final Set<String> unsavedEvents = ConcurrentHashMap.newKeySet();

    public TaskStateRepository(TaskStateStore store, TrackedFields trackedFields) {
        this.store = Objects.requireNonNull(store, "store");
        this.trackedFields = Objects.requireNonNull(trackedFields, "trackedFields");
    }

    @Override
    protected void doStart() {
        reload();
    }

    /**
     * Replaces what is in memory with what the store holds: at start, and when this process becomes the active poller
     * after another one published (its state is in the shared store, not here).
     */
    public synchronized void reload() {
        records.clear();
        unsavedEvents.clear();
        long loaded = 0;
        for (TaskRecord record : store.load()) {
            put(record);
            loaded++;
        }
        dirty.set(false);
        LOG.info("Loaded the state of {} tasks from {}", loaded, store.describe());
    }

    @Override
    protected void doStop() {
        try {
            flush();
        } finally {
            store.close();
        }
    }

    @Override
    public boolean contains(String key) {
        ChangeKey changeKey = ChangeKey.parse(key);
        TaskRecord record = lookup(changeKey.taskKey());
        String recorded = record == null || record.removed() ? ChangeKey.GONE
                : trackedFields.fingerprint(record.snapshot());
        return recorded.equals(changeKey.fingerprint());
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
        unsavedEvents.add(record.instanceId());
        dirty.set(true);
        return true;
    }

    /**
     * Saves first if events of this instance were acknowledged since the last save. The next poll numbers its events
     * from these records; if they were lost in a crash, a restarted service would give a later change the sequence
     * number, and so the ce_id, of an event consumers already have. Within one poll no task is seen twice, so saving
     * here, once per poll and only after a poll that published, is enough.
     */
    public void saveBeforePolling(String instanceId) {
        if (unsavedEvents.contains(instanceId)) {
            flush();
        }
    }

    /**
     * Forgets the task if its recorded state is the one the key names. After a failed publish the key names a state
     * that was never recorded (non-eager), so nothing is forgotten and the last published state stays.
     */
    @Override
    public boolean remove(String key) {
        if (!contains(key)) {
            return false;
        }
        TaskRecord record = lookup(ChangeKey.parse(key).taskKey());
        if (record != null) {
            tasksOf(record.instanceId()).remove(record.taskName(), record);
        }
        dirty.set(true);
        return true;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        records.clear();
        dirty.set(true);
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
        dirty.set(true);
    }

    public void forget(Collection<TaskRecord> tombstones) {
        tombstones.forEach(record -> tasksOf(record.instanceId()).remove(record.taskName(), record));
        dirty.set(true);
    }

    /** Number of tasks tracked, tombstones excluded. */
    public long size() {
        // Read by every metrics scrape: counted in place, not copied.
        return records.values().stream().flatMap(tasks -> tasks.values().stream())
                .filter(record -> !record.removed()).count();
    }

    /** Writes the records to the store if anything changed since the last write; one write at a time. */
    public synchronized void flush() {
        if (dirty.getAndSet(false)) {
            Set<String> covered = Set.copyOf(unsavedEvents);
            try {
                store.save(allRecords());
                unsavedEvents.removeAll(covered);
            } catch (RuntimeException e) {
                dirty.set(true);
                throw e;
            }
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
