package io.taurusreplicationwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Normalization of one listed task by {@link TaskSnapshot}: enums, percentages, unknown values, extra fields. */
class TaskSnapshotTest {

    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {
    };

    private static Map<String, Object> task(Object... pairs) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("task_name", "task_a");
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put((String) pairs[i], pairs[i + 1]);
        }
        return fields;
    }

    private static TaskSnapshot parsed(String json) throws Exception {
        return TaskSnapshot.fromFields(Json.mapper().readValue(json, FIELDS));
    }

    @Test
    void should_lower_case_a_known_stage_and_status() {
        TaskSnapshot snapshot = TaskSnapshot.fromFields(task("stage", "Incremental", "status", "YES",
                "catchup_stage", "Full"));

        assertThat(snapshot.stage()).isEqualTo("incremental");
        assertThat(snapshot.status()).isEqualTo("yes");
        assertThat(snapshot.catchupStage()).isEqualTo("full");
    }

    @Test
    void should_keep_an_unknown_stage_as_it_came() {
        TaskSnapshot snapshot = TaskSnapshot.fromFields(task("stage", "syncing", "status", "Maybe"));

        assertThat(snapshot.stage()).isEqualTo("syncing");
        assertThat(snapshot.status()).isEqualTo("Maybe");
    }

    @Test
    void should_read_a_numeric_percentage_as_a_long() {
        assertThat(TaskSnapshot.fromFields(task("percentage", 100)).percentage()).isEqualTo(100L);
        assertThat(TaskSnapshot.fromFields(task("percentage", 100L)).percentage()).isEqualTo(100L);
    }

    @Test
    void should_read_an_integral_string_percentage_as_a_long() {
        assertThat(TaskSnapshot.fromFields(task("percentage", "100")).percentage()).isEqualTo(100L);
        assertThat(TaskSnapshot.fromFields(task("catchup_percentage", "0")).catchupPercentage()).isEqualTo(0L);
    }

    @Test
    void should_read_a_fractional_string_percentage_as_a_double() {
        assertThat(TaskSnapshot.fromFields(task("percentage", "99.5")).percentage()).isEqualTo(99.5d);
        assertThat(TaskSnapshot.fromFields(task("percentage", 99.5d)).percentage()).isEqualTo(99.5d);
    }

    @Test
    void should_read_a_percent_sign_percentage_as_a_number() {
        assertThat(TaskSnapshot.fromFields(task("percentage", "42%")).percentage()).isEqualTo(42L);
    }

    @Test
    void should_keep_a_percentage_that_is_not_a_number_as_a_string() {
        assertThat(TaskSnapshot.fromFields(task("percentage", "n/a")).percentage()).isEqualTo("n/a");
    }

    @Test
    void should_keep_nulls_null() {
        TaskSnapshot snapshot = TaskSnapshot.fromFields(task("stage", null, "status", null, "percentage", null,
                "catchup_stage", null, "catchup_percentage", null));

        assertThat(snapshot.stage()).isNull();
        assertThat(snapshot.status()).isNull();
        assertThat(snapshot.percentage()).isNull();
        assertThat(snapshot.catchupStage()).isNull();
        assertThat(snapshot.catchupPercentage()).isNull();
        assertThat(snapshot.sourceDatabase()).isNull();
        assertThat(snapshot.fields()).containsEntry("catchup_stage", null);
    }

    @Test
    void should_keep_extra_fields_and_emit_them_after_the_documented_ones() {
        TaskSnapshot snapshot = TaskSnapshot.fromFields(task("stage", "Full", "is_need_repair", false,
                "is_main_task", true));

        assertThat(snapshot.extraFields()).containsExactlyInAnyOrderEntriesOf(
                Map.of("is_need_repair", false, "is_main_task", true));
        assertThat(snapshot.fields().keySet()).containsExactly("task_name", "source_database", "target_database",
                "status", "stage", "percentage", "catchup_stage", "catchup_percentage", "is_main_task",
                "is_need_repair");
        assertThat(snapshot.field("is_main_task")).isEqualTo(true);
    }

    @Test
    void should_equal_itself_after_a_json_round_trip() throws Exception {
        TaskSnapshot original = parsed("""
                {"task_name": "task_a", "source_database": "src", "target_database": "dst", "status": "Yes",
                 "stage": "Incremental", "percentage": "99.5", "catchup_stage": null, "catchup_percentage": 0,
                 "is_need_repair": false, "is_main_task": true, "lag_seconds": 12,
                 "nested": {"a": [1, 2.5, "x"]}}
                """);

        String json = Json.mapper().writeValueAsString(original);
        TaskSnapshot readBack = Json.mapper().readValue(json, TaskSnapshot.class);

        assertThat(readBack).isEqualTo(original);
        assertThat(readBack.extraFields()).containsEntry("lag_seconds", 12L);
    }

    @Test
    void should_equal_itself_after_a_json_round_trip_with_unknown_values() throws Exception {
        TaskSnapshot original = TaskSnapshot.fromFields(task("stage", "syncing", "status", "Yes", "percentage",
                "n/a", "catchup_percentage", "42%"));

        TaskSnapshot readBack = Json.mapper().readValue(Json.mapper().writeValueAsString(original),
                TaskSnapshot.class);

        assertThat(readBack).isEqualTo(original);
        assertThat(readBack.percentage()).isEqualTo("n/a");
        assertThat(readBack.catchupPercentage()).isEqualTo(42L);
    }

    @Test
    void should_serialize_as_the_flat_field_map() throws Exception {
        TaskSnapshot snapshot = TaskSnapshot.fromFields(task("stage", "Incremental", "is_main_task", true));

        Map<String, Object> json = Json.mapper().readValue(Json.mapper().writeValueAsString(snapshot), FIELDS);

        assertThat(new LinkedHashMap<>(json).keySet()).containsExactlyElementsOf(
                List.copyOf(snapshot.fields().keySet()));
        assertThat(json).containsEntry("stage", "incremental").containsEntry("is_main_task", true);
    }
}
