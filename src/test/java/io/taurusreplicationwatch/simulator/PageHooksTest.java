package io.taurusreplicationwatch.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Actions run before a page is served: once, on the request for their offset, seen by that page and not before. */
class PageHooksTest extends SimulatorHttpTestSupport {

    @Test
    void a_before_page_action_changes_the_tasks_between_two_page_requests_of_one_listing_and_runs_only_once() throws Exception {
        putNumberedTasks(250);
        AtomicInteger runs = new AtomicInteger();
        sim.beforePage(INSTANCE, 100, () -> {
            runs.incrementAndGet();
            sim.removeTask(INSTANCE, "task_000");
            sim.putTask(INSTANCE, SimulatedTask.of("task_new", "incremental", "Yes"));
        });

        JsonNode page0 = okBody(signed(Map.of("limit", "100", "offset", "0")).send());
        JsonNode page200 = okBody(signed(Map.of("limit", "100", "offset", "200")).send());
        int runsBeforeOffset100 = runs.get();
        HttpResponse<String> unsigned = plainGet(replicationPath(), "limit=100&offset=100", Map.of());
        JsonNode page100 = okBody(signed(Map.of("limit", "100", "offset", "100")).send());
        okBody(signed(Map.of("limit", "100", "offset", "100")).send());

        assertThat(runsBeforeOffset100).isZero();
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(runs).hasValue(1);
        assertThat(page0.get("replications").get(0).get("task_name").asText()).isEqualTo("task_000");
        assertThat(page200.get("total_count").asInt()).isEqualTo(250);
        // The page at offset 100 already sees the change: task_000 gone shifts every task one place forward.
        assertThat(page100.get("replications").get(0).get("task_name").asText()).isEqualTo("task_101");
        assertThat(page100.get("total_count").asInt()).isEqualTo(250);
        assertThat(sim.tasks(INSTANCE)).extracting(SimulatedTask::taskName).contains("task_new").doesNotContain("task_000");
    }

    @Test
    void a_before_page_action_runs_once_when_many_requests_for_its_offset_arrive_together() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        sim.beforePage(INSTANCE, 0, runs::incrementAndGet);

        List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, 8)
                .mapToObj(i -> sendAsync("limit=10"))
                .toList();

        assertThat(responses).allSatisfy(r -> assertThat(r.join().statusCode()).isEqualTo(200));
        assertThat(runs).hasValue(1);
    }
}
