package io.taurusreplicationwatch.bench;

import io.taurusreplicationwatch.state.FileTaskStateStore;
import io.taurusreplicationwatch.state.StateChanges;
import io.taurusreplicationwatch.state.TaskRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The cost of one save of the file store when 1 % of the tasks changed, at 10,000 and at 100,000 tasks: a save
 * appends the changed records to the journal and forces it, so it must grow with the changes, not with the tasks.
 * Also the occasional snapshot that folds the journal in (what every save cost before the journal).
 */
final class StateSaveBench {

    static final int SMALL = 10_000;
    static final int LARGE = 100_000;
    static final int SAVES = 30;
    // A few times, not the tenfold of the tasks: ten times the changes, but one fsync per save either way.
    static final double SCALING_TARGET = 5.0;

    void run(Report report) throws Exception {
        double small = medianSave(SMALL, null);
        double[] snapshot = new double[1];
        double large = medianSave(LARGE, snapshot);
        double scaling = large / small;
        report.row("state save, 1 % of 10,000 tasks changed (journal, fsync), median of " + SAVES, Report.ms(small),
                "-", Report.ms(small), "-");
        report.row("state save, 1 % of 100,000 tasks changed (journal, fsync), median of " + SAVES, Report.ms(large),
                "-", Report.ratio(scaling) + " of 10,000", "<= " + Report.ratio(SCALING_TARGET));
        report.row("state snapshot, 100,000 tasks (journal folded in, fsync)", Report.ms(snapshot[0]), "-",
                Report.ms(snapshot[0]), "-");
        report.goal("state-save-scaling", Report.ratio(scaling), "<= " + Report.ratio(SCALING_TARGET),
                scaling <= SCALING_TARGET);
    }

    /** Median time of {@link #SAVES} saves of 1 % changed records; with {@code snapshot}, also times one snapshot. */
    private static double medianSave(int tasks, double[] snapshot) throws Exception {
        Path file = Files.createTempDirectory("bench-save-").resolve("state.json");
        List<TaskRecord> records = new ArrayList<>(StateMemoryBench.records(tasks));
        FileTaskStateStore store = new FileTaskStateStore(file);
        store.save(new StateChanges(Instant.now(), records, List.of(), () -> records, true));
        int changedPerSave = tasks / 100;
        List<Double> millis = new ArrayList<>();
        for (int save = 0; save < SAVES; save++) {
            List<TaskRecord> changed = new ArrayList<>(changedPerSave);
            for (int i = 0; i < changedPerSave; i++) {
                int index = (save * changedPerSave + i) % tasks;
                TaskRecord next = records.get(index).withMissedPolls(records.get(index).missedPolls() + 1);
                records.set(index, next);
                changed.add(next);
            }
            long start = System.nanoTime();
            store.save(new StateChanges(Instant.now(), changed, List.of(), () -> records, false));
            millis.add((System.nanoTime() - start) / 1e6);
        }
        if (snapshot != null) {
            long start = System.nanoTime();
            store.save(new StateChanges(Instant.now(), List.of(), List.of(), () -> records, true));
            snapshot[0] = (System.nanoTime() - start) / 1e6;
        }
        store.close();
        if (new FileTaskStateStore(file).load().records().size() != tasks) {
            throw new IllegalStateException("the saved state does not hold " + tasks + " tasks");
        }
        return Stats.median(millis);
    }
}
