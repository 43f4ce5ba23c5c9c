package io.taurusreplicationwatch.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import io.taurusreplicationwatch.api.Json;
import io.taurusreplicationwatch.api.TaskSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link FileTaskStateStore}: round trip, first start, refusal of a corrupt file, atomic and failing saves. */
class FileTaskStateStoreTest {

    @TempDir
    Path directory;

    private static TaskRecord withExtras() throws IOException {
        TaskSnapshot snapshot = TaskSnapshot.fromFields(Json.mapper().readValue("""
                {"task_name": "task_a", "source_database": "src", "target_database": "dst", "status": "Yes",
                 "stage": "Incremental", "percentage": "99.5", "catchup_stage": null, "catchup_percentage": 0,
                 "is_need_repair": false, "is_main_task": true, "lag": 12}
                """, new TypeReference<Map<String, Object>>() {
        }));
        return new TaskRecord("project-1", "instance-1", "task_a", 3, snapshot, 1, null);
    }

    private static TaskRecord tombstone() {
        return new TaskRecord("project-1", "instance-1", "task_b", 9, null, 0, "2026-03-01T12:00:00Z");
    }

    @Test
    void should_load_what_it_saved() throws IOException {
        FileTaskStateStore store = new FileTaskStateStore(directory.resolve("state.json"));
        List<TaskRecord> records = List.of(withExtras(), tombstone());

        store.save(records);

        assertThat(store.load()).containsExactlyElementsOf(records);
        assertThat(new FileTaskStateStore(directory.resolve("state.json")).load()).containsExactlyElementsOf(records);
        assertThat(store.load().get(0).snapshot().extraFields()).containsKeys("is_need_repair", "is_main_task");
        assertThat(store.load().get(1).removed()).isTrue();
    }

    @Test
    void should_replace_what_was_saved_before() throws IOException {
        FileTaskStateStore store = new FileTaskStateStore(directory.resolve("state.json"));
        store.save(List.of(withExtras(), tombstone()));

        store.save(List.of(tombstone()));

        assertThat(store.load()).containsExactly(tombstone());
    }

    @Test
    void should_load_nothing_when_there_is_no_file() {
        assertThat(new FileTaskStateStore(directory.resolve("absent.json")).load()).isEmpty();
    }

    @Test
    void should_create_a_missing_parent_directory_on_save() {
        Path file = directory.resolve("sub/dir/state.json");

        new FileTaskStateStore(file).save(List.of(tombstone()));

        assertThat(file).exists();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "garbage, not JSON at all",
            "{\"format\": 1, \"tasks\": [{\"project_id\": \"p\", \"instance_id\"",
            "{\"format\": 2, \"tasks\": []}",
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
        new FileTaskStateStore(file).save(List.of(tombstone()));
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

        assertThatThrownBy(() -> new FileTaskStateStore(file).save(List.of(tombstone())))
                .hasMessageContaining(file.toAbsolutePath().toString());
    }

    @Test
    void should_leave_no_temporary_file_after_a_save() throws IOException {
        FileTaskStateStore store = new FileTaskStateStore(directory.resolve("state.json"));

        store.save(List.of(withExtras()));
        store.save(List.of(tombstone()));

        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("state.json");
        }
    }

    @Test
    void should_fail_a_save_into_a_read_only_directory_naming_the_file() throws IOException {
        Path readOnly = Files.createDirectory(directory.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Assumptions.assumeFalse(Files.isWritable(readOnly), "running as root: the directory stays writable");
            Path file = readOnly.resolve("state.json");

            assertThatThrownBy(() -> new FileTaskStateStore(file).save(List.of(tombstone())))
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
