package io.taurusreplicationwatch.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import io.taurusreplicationwatch.api.Json;
import io.taurusreplicationwatch.api.TaskSnapshot;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link FileTaskStateStore}: round trip through the journal and the snapshot, first start, refusal of a corrupt file,
 * a crash at any byte of a save, failing saves.
 */
class FileTaskStateStoreTest {

    private static final Instant TAKEN = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path directory;

    /** One save of these records, the store's whole content being {@code everything}. */
    private static void save(FileTaskStateStore store, List<TaskRecord> changed, List<TaskRecord> everything) {
        store.save(new StateChanges(TAKEN, changed, List.of(), () -> everything, false));
    }

    private static void save(FileTaskStateStore store, List<TaskRecord> records) {
        save(store, records, records);
    }

    private static void stop(FileTaskStateStore store, List<TaskRecord> everything) {
        store.save(new StateChanges(TAKEN.plusSeconds(1), List.of(), List.of(), () -> everything, true));
        store.close();
    }

    private static TaskRecord task(String name, long seq) {
        return new TaskRecord("project-1", "instance-1", name, seq,
                TaskSnapshot.fromFields(Map.of("task_name", name, "stage", "full", "status", "yes")), 0, null);
    }

    private static TaskRecord withExtras() throws IOException {
        TaskSnapshot snapshot = TaskSnapshot.fromFields(Json.mapper().readValue("""
                {"task_name": "task_a", "source_database": "src", "target_database": "dst", "status": "Yes",
                 "stage": "Incremental", "percentage": "99.5", "catchup_stage": null, "catchup_percentage": 0,
                 "is_need_repair": false, "is_main_task": true, "lag": 12, "ratio": 0.25,
                 "placement": {"az": ["az1", "az2"], "weight": 3}}
                """, new TypeReference<Map<String, Object>>() {
        }));
        return new TaskRecord("project-1", "instance-1", "task_a", 3, snapshot, 1, null);
    }

    private static TaskRecord tombstone() {
        return new TaskRecord("project-1", "instance-1", "task_b", 9, null, 0, "2026-03-01T12:00:00Z");
    }

    @Test
    void should_load_what_it_saved_with_the_time_of_the_save() throws IOException {
        FileTaskStateStore store = new FileTaskStateStore(directory.resolve("state.json"));
        List<TaskRecord> records = List.of(withExtras(), tombstone());

        save(store, records);

        StateCheckpoint loaded = new FileTaskStateStore(directory.resolve("state.json")).load();
        assertThat(loaded.records()).containsExactlyElementsOf(records);
        assertThat(loaded.takenAt()).contains(TAKEN);
        assertThat(loaded.records().get(0).snapshot().extraFields()).containsKeys("is_need_repair", "is_main_task");
        assertThat(loaded.records().get(1).removed()).isTrue();
    }

    @Test
    void should_apply_later_saves_over_earlier_ones_and_forget_forgotten_tasks() throws IOException {
        FileTaskStateStore store = new FileTaskStateStore(directory.resolve("state.json"));
        save(store, List.of(withExtras(), tombstone()));
        TaskRecord changed = withExtras().withMissedPolls(2);

        store.save(new StateChanges(TAKEN.plusSeconds(5), List.of(changed), List.of(tombstone().taskKey()),
                () -> List.of(changed), false));

        StateCheckpoint loaded = new FileTaskStateStore(directory.resolve("state.json")).load();
        assertThat(loaded.records()).containsExactly(changed);
        assertThat(loaded.takenAt()).contains(TAKEN.plusSeconds(5));
    }

    @Test
    void should_append_only_the_changed_records_and_leave_the_snapshot_alone() throws IOException {
        Path file = directory.resolve("state.json");
        FileTaskStateStore store = new FileTaskStateStore(file);
        List<TaskRecord> all = IntStream.range(0, 100).mapToObj(i -> task("t" + i, 1)).toList();
        save(store, all);
        stop(store, all);
        byte[] snapshot = Files.readAllBytes(file);

        FileTaskStateStore again = new FileTaskStateStore(file);
        again.load();
        save(again, List.of(task("t7", 2)), all);

        assertThat(Files.readAllBytes(file)).as("snapshot untouched").isEqualTo(snapshot);
        List<String> journal = Files.readAllLines(directory.resolve("state.json.journal"));
        assertThat(journal).singleElement().asString().contains("\"t7\"").doesNotContain("\"t8\"");
        assertThat(new FileTaskStateStore(file).load().records()).hasSize(100).contains(task("t7", 2));
    }

    @Test
    void should_fold_the_journal_into_the_snapshot_at_stop() throws IOException {
        Path file = directory.resolve("state.json");
        FileTaskStateStore store = new FileTaskStateStore(file);
        save(store, List.of(tombstone()));

        stop(store, List.of(tombstone(), withExtras()));

        assertThat(Files.size(directory.resolve("state.json.journal"))).isZero();
        StateCheckpoint loaded = new FileTaskStateStore(file).load();
        assertThat(loaded.records()).containsExactly(tombstone(), withExtras());
        assertThat(loaded.takenAt()).contains(TAKEN.plusSeconds(1));
    }

    @Test
    void should_replay_nothing_twice_after_a_crash_between_the_snapshot_and_emptying_the_journal()
            throws IOException {
        Path file = directory.resolve("state.json");
        Path journal = directory.resolve("state.json.journal");
        FileTaskStateStore store = new FileTaskStateStore(file);
        save(store, List.of(task("a", 1)));
        save(store, List.of(task("a", 2)), List.of(task("a", 2)));
        byte[] journalBeforeCompaction = Files.readAllBytes(journal);
        TaskRecord later = task("a", 3);
        stop(store, List.of(later));

        Files.write(journal, journalBeforeCompaction);

        assertThat(new FileTaskStateStore(file).load().records()).containsExactly(later);
    }

    private static TaskRecord stalled() {
        return new TaskRecord("project-1", "instance-1", "task_s", 4,
                TaskSnapshot.fromFields(Map.of("task_name", "task_s", "stage", "full", "status", "yes",
                        "percentage", 37)), 0, null, "2026-03-01T10:00:00Z", "percentage=37", "2026-03-01T10:05:00Z",
                "2026-03-01T10:35:00Z");
    }

    @Test
    void should_keep_the_change_progress_and_stall_times_through_the_journal_and_the_snapshot() {
        Path file = directory.resolve("state.json");
        FileTaskStateStore store = new FileTaskStateStore(file);
        save(store, List.of(stalled()));
        assertThat(new FileTaskStateStore(file).load().records()).as("from the journal").containsExactly(stalled());

        stop(store, List.of(stalled()));

        assertThat(new FileTaskStateStore(file).load().records()).as("from the snapshot").containsExactly(stalled());
    }

    @Test
    void should_read_a_format_2_snapshot_and_its_journal_without_times_and_write_format_3_at_the_next_stop()
            throws IOException {
        Path file = directory.resolve("state.json");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeInt(SnapshotFormat.MAGIC);
            out.writeInt(2);
            out.writeLong(TAKEN.getEpochSecond());
            out.writeInt(0);
            out.writeLong(1);
            out.writeInt(1);
            for (String text : new String[] {"project-1", "instance-1", "task_a"}) {
                formatTwoText(out, text);
            }
            out.writeLong(3);
            out.writeInt(0);
            out.writeInt(-1);
            out.writeBoolean(true);
            for (String text : new String[] {"task_a", null, null, "yes", "full"}) {
                formatTwoText(out, text);
            }
            out.writeByte(2);
            out.writeLong(40);
            formatTwoText(out, null);
            out.writeByte(0);
            out.writeInt(0);
        }
        Files.writeString(directory.resolve("state.json.journal"), """
                {"save":2,"at":"2026-03-01T12:00:05Z","put":[{"project_id":"project-1","instance_id":"instance-1",\
                "task_name":"task_b","seq":1,"snapshot":null,"missed_polls":0,"removed_at":"2026-03-01T12:00:04Z"}],\
                "forget":[]}
                """);
        TaskSnapshot snapshot = TaskSnapshot.fromFields(Map.of("task_name", "task_a", "status", "yes",
                "stage", "full", "percentage", 40L));
        TaskRecord old = new TaskRecord("project-1", "instance-1", "task_a", 3, snapshot, 0, null);
        TaskRecord oldTombstone = new TaskRecord("project-1", "instance-1", "task_b", 1, null, 0,
                "2026-03-01T12:00:04Z");

        FileTaskStateStore store = new FileTaskStateStore(file);
        assertThat(store.load().records()).containsExactly(old, oldTombstone);
        stop(store, List.of(old, stalled()));

        assertThat(ByteBuffer.wrap(Files.readAllBytes(file), 4, 4).getInt()).isEqualTo(SnapshotFormat.VERSION)
                .isEqualTo(3);
        assertThat(new FileTaskStateStore(file).load().records()).containsExactly(old, stalled());
    }

    private static void formatTwoText(DataOutputStream out, String text) throws IOException {
        if (text == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    @Test
    void should_read_a_format_1_file_dated_by_its_modification_time() throws IOException {
        Path file = directory.resolve("state.json");
        Files.writeString(file, "{\"format\": 1, \"tasks\": [" + Json.mapper().writeValueAsString(tombstone()) + "]}");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(TAKEN));

        StateCheckpoint loaded = new FileTaskStateStore(file).load();

        assertThat(loaded.records()).containsExactly(tombstone());
        assertThat(loaded.takenAt()).contains(TAKEN);
    }

    /** A crash at any byte of an append: the state is that of the saves whose line is whole, and saving goes on. */
    @Test
    void should_load_the_last_whole_save_from_a_journal_cut_at_any_byte() throws IOException {
        Path file = directory.resolve("state.json");
        Path journal = directory.resolve("state.json.journal");
        FileTaskStateStore store = new FileTaskStateStore(file);
        List<List<TaskRecord>> states = new ArrayList<>();
        states.add(List.of());
        for (long seq = 1; seq <= 5; seq++) {
            List<TaskRecord> state = List.of(task("a", seq), task("b", seq * 10));
            save(store, List.of(state.get(0), state.get(1)), state);
            states.add(state);
        }
        store.close();
        byte[] whole = Files.readAllBytes(journal);
        long seed = System.nanoTime();
        Random random = new Random(seed);

        for (int trial = 0; trial < 200; trial++) {
            int cut = trial == 0 ? whole.length : random.nextInt(whole.length);
            Files.write(journal, java.util.Arrays.copyOf(whole, cut));
            int wholeLines = 0;
            for (int i = 0; i < cut; i++) {
                wholeLines += whole[i] == '\n' ? 1 : 0;
            }

            FileTaskStateStore reopened = new FileTaskStateStore(file);
            assertThat(reopened.load().records()).as("cut at byte %d of %d (seed %d)", cut, whole.length, seed)
                    .containsExactlyInAnyOrderElementsOf(states.get(wholeLines));
            save(reopened, List.of(task("c", 1)), List.of());
            reopened.close();
            assertThat(new FileTaskStateStore(file).load().records()).as("a save after the cut (seed %d)", seed)
                    .containsAll(states.get(wholeLines)).contains(task("c", 1));
        }
    }

    /** The snapshot is replaced by a rename, so a short one is damage, never a save in progress: it is refused. */
    @Test
    void should_refuse_a_snapshot_cut_at_any_byte() throws IOException {
        Path file = directory.resolve("state.json");
        FileTaskStateStore store = new FileTaskStateStore(file);
        List<TaskRecord> all = List.of(withExtras(), tombstone(), task("c", 4));
        save(store, all);
        stop(store, all);
        byte[] whole = Files.readAllBytes(file);
        assertThat(new FileTaskStateStore(file).load().records()).containsExactlyElementsOf(all);

        for (int cut = 0; cut < whole.length; cut++) {
            Files.write(file, java.util.Arrays.copyOf(whole, cut));
            int at = cut;
            assertThatThrownBy(() -> new FileTaskStateStore(file).load()).as("cut at byte %d", at)
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("Restore it from a backup");
        }
    }

    @Test
    void should_refuse_a_journal_whose_whole_line_is_damaged() throws IOException {
        Path file = directory.resolve("state.json");
        FileTaskStateStore store = new FileTaskStateStore(file);
        save(store, List.of(task("a", 1)));
        save(store, List.of(task("a", 2)));
        store.close();
        Path journal = directory.resolve("state.json.journal");
        List<String> lines = Files.readAllLines(journal);
        Files.write(journal, List.of(lines.get(0).substring(0, 20), lines.get(1)));

        assertThatThrownBy(() -> new FileTaskStateStore(file).load())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(journal.toAbsolutePath().toString())
                .hasMessageContaining("Restore it from a backup");
    }

    @Test
    void should_refuse_a_journal_that_continues_a_missing_snapshot() throws IOException {
        Path file = directory.resolve("state.json");
        FileTaskStateStore store = new FileTaskStateStore(file);
        save(store, List.of(task("a", 1)));
        stop(store, List.of(task("a", 1)));
        FileTaskStateStore again = new FileTaskStateStore(file);
        again.load();
        save(again, List.of(task("a", 2)));
        again.close();

        Files.delete(file);

        assertThatThrownBy(() -> new FileTaskStateStore(file).load())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a snapshot or part of the journal is missing");
    }

    @Test
    void should_load_nothing_when_there_is_no_file() {
        StateCheckpoint loaded = new FileTaskStateStore(directory.resolve("absent.json")).load();

        assertThat(loaded.records()).isEmpty();
        assertThat(loaded.takenAt()).isEmpty();
    }

    @Test
    void should_create_a_missing_parent_directory_on_save() {
        Path file = directory.resolve("sub/dir/state.json");

        save(new FileTaskStateStore(file), List.of(tombstone()));

        assertThat(file.resolveSibling("state.json.journal")).exists();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "garbage, not JSON at all",
            "{\"format\": 1, \"tasks\": [{\"project_id\": \"p\", \"instance_id\"",
            "{\"format\": 3, \"tasks\": []}",
            "{\"tasks\": []}",
            "{\"format\": 1, \"tasks\": {}}",
            "[]",
            ""
    })
    void should_refuse_a_corrupt_file_naming_it_and_saying_how_to_recover(String content) throws IOException {
        Path file = directory.resolve("state.json");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> new FileTaskStateStore(file).load())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toAbsolutePath().toString())
                .hasMessageContaining("Restore it from a backup")
                .hasMessageContaining("move it aside");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void should_refuse_a_record_of_the_wrong_type() throws IOException {
        Path file = directory.resolve("state.json");
        Files.writeString(file, "{\"format\": 1, \"tasks\": [{\"task_name\": \"a\", \"seq\": \"many\"}]}");

        assertThatThrownBy(() -> new FileTaskStateStore(file).load())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toAbsolutePath().toString());
    }

    @Test
    void should_refuse_a_null_task_entry() throws IOException {
        Path file = directory.resolve("state.json");
        Files.writeString(file, "{\"format\": 1, \"tasks\": [null]}");

        assertThatThrownBy(() -> new FileTaskStateStore(file).load())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toAbsolutePath().toString());
    }

    @Test
    void should_refuse_a_state_file_it_cannot_reach() throws IOException {
        Path locked = Files.createDirectory(directory.resolve("locked"));
        Path file = locked.resolve("state.json");
        stop(new FileTaskStateStore(file), List.of(tombstone()));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rw-------"));
        try {
            Assumptions.assumeFalse(Files.isExecutable(locked), "running as root: the directory stays searchable");

            assertThatThrownBy(() -> new FileTaskStateStore(file).load())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(file.toAbsolutePath().toString());
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void should_fail_a_save_when_the_parent_is_not_a_directory_naming_the_file() throws IOException {
        Path notADirectory = Files.writeString(directory.resolve("plain-file"), "x");
        Path file = notADirectory.resolve("state.json");

        assertThatThrownBy(() -> save(new FileTaskStateStore(file), List.of(tombstone())))
                .hasMessageContaining(file.toAbsolutePath().toString());
    }

    @Test
    void should_write_everything_anew_after_a_failed_save_when_its_directory_was_lost_and_came_back()
            throws IOException {
        Path mount = directory.resolve("mount");
        Path file = mount.resolve("state.json");
        FileTaskStateStore store = new FileTaskStateStore(file);
        List<TaskRecord> all = IntStream.range(0, 10).mapToObj(i -> task("t" + i, 1)).toList();
        save(store, all);
        save(store, List.of(task("t1", 2)), all);
        // The mount goes away: the files with it, and a file stands where the directory was.
        try (Stream<Path> files = Files.list(mount)) {
            for (Path each : files.toList()) {
                Files.delete(each);
            }
        }
        Files.delete(mount);
        Files.writeString(mount, "in the way");
        assertThatThrownBy(() -> save(store, List.of(task("t2", 2)), all)).hasMessageContaining(file.toString());

        Files.delete(mount);
        Files.createDirectory(mount);
        save(store, List.of(task("t3", 2)), all);

        assertThat(new FileTaskStateStore(file).load().records()).hasSize(10);
    }

    @Test
    void should_leave_no_temporary_file_after_a_snapshot() throws IOException {
        FileTaskStateStore store = new FileTaskStateStore(directory.resolve("state.json"));

        save(store, List.of(withExtras()));
        stop(store, List.of(withExtras(), tombstone()));

        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("state.json", "state.json.journal");
        }
    }

    @Test
    void should_fail_a_save_into_a_read_only_directory_naming_the_file() throws IOException {
        Path readOnly = Files.createDirectory(directory.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Assumptions.assumeFalse(Files.isWritable(readOnly), "running as root: the directory stays writable");
            Path file = readOnly.resolve("state.json");

            assertThatThrownBy(() -> save(new FileTaskStateStore(file), List.of(tombstone())))
                    .hasMessageContaining(file.toAbsolutePath().toString());
            assertThat(file).doesNotExist();
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void should_describe_itself_by_its_file() {
        Path file = directory.resolve("state.json");

        assertThat(new FileTaskStateStore(file).describe()).contains(file.toAbsolutePath().toString());
    }
}
