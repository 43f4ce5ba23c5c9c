package io.taurusreplicationwatch.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listing behind the gateway: the page's JSON shape, both offset modes, both number styles, the vendor's 400s,
 * and pages consistent while tasks change.
 */
class ReplicationListingTest extends SimulatorHttpTestSupport {

    @Test
    void a_correctly_signed_request_gets_200_with_the_requested_page_in_the_pages_json_shape() throws Exception {
        sim.putTask(INSTANCE, SimulatedTask.of("task_a", "Incremental", "Yes").withExtraField("is_need_repair", false));
        sim.putTask(INSTANCE, SimulatedTask.of("task_b", "full", "No").withPercentage(42).withCatchupStage("wait"));
        sim.putTask(INSTANCE, SimulatedTask.of("task_c", "wait", "Yes"));

        HttpResponse<String> response = signed(Map.of("limit", "2", "offset", "0")).send();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=UTF-8");
        assertThat(response.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f]{32}"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("total_count").isNumber()).isTrue();
        assertThat(body.get("total_count").asInt()).isEqualTo(3);
        assertThat(body.has("ext_text")).isTrue();
        assertThat(body.get("ext_text").isNull()).isTrue();
        JsonNode first = body.get("replications").get(0);
        assertThat(first.get("task_name").asText()).isEqualTo("task_a");
        assertThat(first.get("stage").asText()).isEqualTo("Incremental");
        assertThat(first.get("status").asText()).isEqualTo("Yes");
        assertThat(first.get("source_database").asText()).isEqualTo("src_task_a");
        assertThat(first.get("target_database").asText()).isEqualTo("dst_task_a");
        assertThat(first.get("percentage").isNumber()).isTrue();
        assertThat(first.get("catchup_stage").isNull()).isTrue();
        assertThat(first.get("catchup_percentage").asInt()).isZero();
        assertThat(first.get("is_need_repair").isBoolean()).isTrue();
        JsonNode second = body.get("replications").get(1);
        assertThat(second.get("percentage").asInt()).isEqualTo(42);
        assertThat(second.get("catchup_stage").asText()).isEqualTo("wait");
        assertThat(body.get("replications")).hasSize(2);
        assertThat(sim.requestCount(INSTANCE)).isEqualTo(1);
        assertThat(sim.requests()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.rawQuery()).contains("limit=2");
            assertThat(r.headers()).containsKey("x-sdk-date");
        });
    }

    @Test
    void records_mode_serves_250_tasks_over_limit_100_as_pages_of_100_100_and_50() throws Exception {
        putNumberedTasks(250);

        List<JsonNode> pages = new ArrayList<>();
        for (int offset : new int[] {0, 100, 200}) {
            pages.add(okBody(signed(Map.of("limit", "100", "offset", Integer.toString(offset))).send()));
        }

        assertThat(pages).extracting(p -> p.get("replications").size()).containsExactly(100, 100, 50);
        assertThat(pages).extracting(p -> p.get("replications").get(0).get("task_name").asText())
                .containsExactly("task_000", "task_100", "task_200");
        assertThat(pages).allSatisfy(p -> assertThat(p.get("total_count").asInt()).isEqualTo(250));
    }

    @Test
    void pages_mode_reads_offset_as_a_one_based_page_number() throws Exception {
        putNumberedTasks(250);
        sim.offsetMode(OffsetMode.PAGES);

        List<JsonNode> pages = new ArrayList<>();
        for (int offset : new int[] {1, 2, 3}) {
            pages.add(okBody(signed(Map.of("limit", "100", "offset", Integer.toString(offset))).send()));
        }
        JsonNode pageZero = okBody(signed(Map.of("limit", "100", "offset", "0")).send());

        assertThat(pages).extracting(p -> p.get("replications").size()).containsExactly(100, 100, 50);
        assertThat(pages).extracting(p -> p.get("replications").get(0).get("task_name").asText())
                .containsExactly("task_000", "task_100", "task_200");
        assertThat(pageZero.get("replications").get(0).get("task_name").asText()).isEqualTo("task_000");
    }

    @Test
    void an_unknown_instance_a_foreign_project_and_a_removed_instance_get_400_dbs_200022_in_chinese() throws Exception {
        HttpResponse<String> unknown = signed(AK, SK, "/v3/" + PROJECT + "/instances/no-such-instance/starrocks/databases/replication",
                Map.of("limit", "10"), sdkDate(ZonedDateTime.now(ZoneOffset.UTC)), Map.of()).send();
        HttpResponse<String> foreignProject = signed(AK, SK, "/v3/otherproject/instances/" + INSTANCE + "/starrocks/databases/replication",
                Map.of("limit", "10"), sdkDate(ZonedDateTime.now(ZoneOffset.UTC)), Map.of()).send();
        sim.removeInstance(INSTANCE);
        HttpResponse<String> removed = signed(Map.of("limit", "10")).send();

        for (HttpResponse<String> response : List.of(unknown, foreignProject, removed)) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=UTF-8");
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.get("error_code").asText()).isEqualTo("DBS.200022");
            assertThat(body.get("error_msg").asText()).isEqualTo("实例不存在");
        }
    }

    @Test
    void strings_style_writes_total_count_and_percentages_as_json_strings() throws Exception {
        putNumberedTasks(250);
        sim.numberStyle(NumberStyle.STRINGS);

        HttpResponse<String> response = signed(Map.of("limit", "1")).send();

        assertThat(response.body()).contains("\"total_count\":\"250\"");
        JsonNode task = okBody(response).get("replications").get(0);
        assertThat(task.get("percentage").isTextual()).isTrue();
        assertThat(task.get("percentage").asText()).isEqualTo("100");
        assertThat(task.get("catchup_percentage").asText()).isEqualTo("0");
        assertThat(task.get("catchup_stage").isNull()).isTrue();
    }

    @Test
    void a_trailing_slash_is_tolerated_and_a_limit_out_of_range_is_a_400_invalid_parameter() throws Exception {
        HttpResponse<String> trailing = signed(AK, SK, replicationPath() + "/", Map.of("limit", "10"),
                sdkDate(ZonedDateTime.now(ZoneOffset.UTC)), Map.of()).send();
        HttpResponse<String> tooLarge = signed(Map.of("limit", "1001")).send();
        HttpResponse<String> negativeOffset = signed(Map.of("limit", "10", "offset", "-1")).send();

        assertThat(trailing.statusCode()).isEqualTo(200);
        assertThat(tooLarge.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooLarge.body()).get("error_code").asText()).isEqualTo("DBS.280001");
        assertThat(JSON.readTree(tooLarge.body()).get("error_msg").asText()).isEqualTo("Invalid parameter: limit");
        assertThat(negativeOffset.statusCode()).isEqualTo(400);
    }

    @Test
    void a_page_is_served_from_one_consistent_snapshot_while_tasks_are_replaced_concurrently() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        putVersionedTasks(0);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int version = 1; running.get(); version++) {
                putVersionedTasks(version);
            }
        });
        try {
            for (int i = 0; i < 10; i++) {
                JsonNode body = okBody(plainGet(replicationPath(), "limit=1000", Map.of("X-Auth-Token", TOKEN)));
                List<String> stages = new ArrayList<>();
                body.get("replications").forEach(t -> stages.add(t.get("stage").asText()));
                assertThat(stages).hasSize(200).containsOnly(stages.get(0));
            }
        } finally {
            running.set(false);
            writer.join();
        }
    }
}
