package io.taurusreplicationwatch.bench;

import io.taurusreplicationwatch.api.Json;
import io.taurusreplicationwatch.api.TaskSnapshot;
import io.taurusreplicationwatch.state.FileTaskStateStore;
import io.taurusreplicationwatch.state.StateChanges;
import io.taurusreplicationwatch.state.TaskRecord;
import io.taurusreplicationwatch.state.TaskStateRepository;
import io.taurusreplicationwatch.state.TrackedFields;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Memory and start-up: the heap that 100,000 tracked tasks hold once loaded from the state file, and the time the
 * load takes. Runs first in the JVM so that the first load is as cold as a real start-up; later loads show the
 * warm figure.
 */
final class StateMemoryBench {

    static final int TASKS = 100_000;
    static final int TASKS_PER_INSTANCE = 100;
    static final int WARM_LOADS = 3;
    static final double HEAP_TARGET_MB = 150;
    static final double LOAD_TARGET_MILLIS = 1000;
    private static final String[] STAGES = {"wait", "full", "incremental", "incremental", "incremental"};

    void run(Report report) throws Exception {
        Path file = Files.createTempDirectory("bench-state-").resolve("state.json");
        List<TaskRecord> records = records(TASKS);
        FileTaskStateStore writer = new FileTaskStateStore(file);
        writer.save(new StateChanges(Instant.now(), records, List.of(), () -> records, true));
        writer.close();
        long before = heapAfterGc();
        long start = System.nanoTime();
        TaskStateRepository loaded = load(file);
        double coldMillis = (System.nanoTime() - start) / 1e6;
        long after = heapAfterGc();
        if (loaded.size() != TASKS) {
            throw new IllegalStateException("loaded " + loaded.size() + " tasks, not " + TASKS);
        }
        Reference.reachabilityFence(loaded);
        loaded = null;
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i < WARM_LOADS; i++) {
            long again = System.nanoTime();
            load(file);
            warm.add((System.nanoTime() - again) / 1e6);
        }
        // The same tasks in the first-format JSON file the service wrote before, loaded warm: the format's share.
        Path json = file.resolveSibling("first-format.json");
        Files.writeString(json, Json.mapper().writeValueAsString(Map.of("format", 1, "tasks", records)));
        List<Double> warmJson = new ArrayList<>();
        for (int i = 0; i < WARM_LOADS; i++) {
            long again = System.nanoTime();
            load(json);
            warmJson.add((System.nanoTime() - again) / 1e6);
        }
        double heap = after - before;
        report.row("state file, 100,000 tasks", Report.mb(Files.size(file)), "-", "-", "-");
        report.row("heap after GC, 100,000 tracked tasks", Report.mb(heap), "-", Report.mb(heap),
                "<= " + (int) HEAP_TARGET_MB + " MB");
        report.row("state load at start-up (first load in the JVM)", Report.ms(coldMillis), "-", Report.ms(coldMillis),
                "<= " + (int) LOAD_TARGET_MILLIS + " ms");
        report.row("state load, warm (median of " + WARM_LOADS + ")", Report.ms(Stats.median(warm)), "-",
                Report.ms(Stats.median(warm)), "-");
        report.row("state load, warm, the same tasks as a first-format JSON file (median of " + WARM_LOADS + ")",
                Report.ms(Stats.median(warmJson)), "-", Report.ms(Stats.median(warmJson)), "-");
        report.goal("heap-100k", Report.mb(heap), "<= " + (int) HEAP_TARGET_MB + " MB",
                heap <= HEAP_TARGET_MB * 1024 * 1024);
        report.goal("state-load", Report.ms(coldMillis), "<= " + (int) LOAD_TARGET_MILLIS + " ms",
                coldMillis <= LOAD_TARGET_MILLIS);
    }

    /** What the service builds at start-up: a repository over the file store, loaded. */
    private static TaskStateRepository load(Path file) {
        TaskStateRepository repository = new TaskStateRepository(new FileTaskStateStore(file),
                new TrackedFields(List.of("stage", "status")));
        repository.start();
        return repository;
    }

    /** 1,000 instances in 3 projects with 100 tasks each, every documented field set and one field the API added. */
    static List<TaskRecord> records(int count) {
        String[] projects = {"0605767a3300d5762fb0c0186d9e1c0e", "1f2e3d4c5b6a79808f7e6d5c4b3a2910",
            "5a6b7c8d9e0f11223344556677889900"};
        List<TaskRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int instanceNumber = i / TASKS_PER_INSTANCE;
            String instance = "%032din07".formatted(instanceNumber);
            String taskName = "sync_orders_" + i;
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put(TaskSnapshot.TASK_NAME, taskName);
            fields.put(TaskSnapshot.SOURCE_DATABASE, "src_orders_" + i);
            fields.put(TaskSnapshot.TARGET_DATABASE, "dst_orders_" + i);
            fields.put(TaskSnapshot.STATUS, i % 50 == 0 ? "no" : "yes");
            fields.put(TaskSnapshot.STAGE, STAGES[i % STAGES.length]);
            fields.put(TaskSnapshot.PERCENTAGE, (long) (i % 101));
            fields.put(TaskSnapshot.CATCHUP_STAGE, "incremental");
            fields.put(TaskSnapshot.CATCHUP_PERCENTAGE, (long) (i % 97));
            fields.put("is_need_repair", false);
            records.add(new TaskRecord(projects[instanceNumber % projects.length], instance, taskName, 1 + i % 7,
                    TaskSnapshot.fromFields(fields), 0, null));
        }
        return records;
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
