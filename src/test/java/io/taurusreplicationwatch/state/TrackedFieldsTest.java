package io.taurusreplicationwatch.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.api.TaskSnapshot;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrackedFieldsTest {

    private final TrackedFields stageAndStatus = new TrackedFields(List.of("status", "stage"));

    private static TaskSnapshot task(Object stage, Object status) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("task_name", "t1");
        fields.put("stage", stage);
        fields.put("status", status);
        return TaskSnapshot.fromFields(fields);
    }

    @Test
    void should_list_the_tracked_values_in_name_order() {
        assertThat(stageAndStatus.fingerprint(task("Incremental", "Yes"))).isEqualTo("stage=incremental&status=yes");
    }

    @Test
    void should_tell_a_missing_value_from_an_empty_one_and_a_gone_task() {
        assertThat(stageAndStatus.fingerprint(task(null, "yes"))).isEqualTo("stage&status=yes");
        assertThat(stageAndStatus.fingerprint(task("", "yes"))).isEqualTo("stage=&status=yes");
        assertThat(stageAndStatus.fingerprint(null)).isEqualTo(ChangeKey.GONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a#b", "a&b", "a=b", "two words", "数据", "50%", "a+b", "x*y", "a.b-c_d"})
    void should_encode_any_value_as_url_encoding_does_so_that_no_separator_leaks(String value) {
        String fingerprint = stageAndStatus.fingerprint(task(value, "yes"));

        assertThat(fingerprint).isEqualTo("stage=" + URLEncoder.encode(value, StandardCharsets.UTF_8) + "&status=yes");
        assertThat(fingerprint).doesNotContain("#");
    }

    @ParameterizedTest
    @ValueSource(strings = {"40", "a|b", "a#b", "99.5"})
    void should_carry_the_progress_of_a_full_stage_in_the_change_key_and_parse_it_back(String percentage) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("task_name", "t#1");
        fields.put("stage", "full");
        fields.put("status", "Yes");
        fields.put("percentage", percentage);
        ChangeKey key = stageAndStatus.changeKey("i1/t#1", TaskSnapshot.fromFields(fields));

        assertThat(key.progress()).isEqualTo("percentage=" + URLEncoder.encode(percentage, StandardCharsets.UTF_8));
        assertThat(ChangeKey.parse(key.toString())).isEqualTo(key);
    }

    @Test
    void should_carry_no_progress_for_a_task_that_cannot_stall() {
        ChangeKey key = stageAndStatus.changeKey("i1/t1", task("incremental", "yes"));

        assertThat(key.progress()).isNull();
        assertThat(key.toString()).isEqualTo("i1/t1#stage=incremental&status=yes");
        assertThat(ChangeKey.parse(key.toString())).isEqualTo(key);
    }
}
