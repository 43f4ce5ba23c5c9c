package io.taurusreplicationwatch.simulator;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scripted faults: served once or n times, at one offset only, as an error or as a delay. */
class FaultQueueTest extends SimulatorHttpTestSupport {

    @Test
    void an_injected_500_is_served_once_and_then_the_normal_page_again() throws Exception {
        sim.putTask(INSTANCE, SimulatedTask.of("task_a", "incremental", "Yes"));
        sim.inject(INSTANCE, Fault.error(500, "DBS.200001", "Internal error"));

        HttpResponse<String> faulty = signed(Map.of("limit", "10")).send();
        HttpResponse<String> next = signed(Map.of("limit", "10")).send();

        assertThat(faulty.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(faulty.body()).get("error_code").asText()).isEqualTo("DBS.200001");
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(okBody(next).get("replications")).hasSize(1);
        assertThat(sim.requests()).extracting(RecordedRequest::status).containsExactly(500, 200);
    }

    @Test
    void a_fault_at_an_offset_hits_only_the_page_at_that_offset() throws Exception {
        putNumberedTasks(250);
        sim.inject(INSTANCE, Fault.rawBody(502, "<html>Bad Gateway</html>").withHeader("Content-Type", "text/html").atOffset(100));

        HttpResponse<String> page0 = signed(Map.of("limit", "100", "offset", "0")).send();
        HttpResponse<String> page100 = signed(Map.of("limit", "100", "offset", "100")).send();
        HttpResponse<String> page100Again = signed(Map.of("limit", "100", "offset", "100")).send();

        assertThat(page0.statusCode()).isEqualTo(200);
        assertThat(page100.statusCode()).isEqualTo(502);
        assertThat(page100.body()).isEqualTo("<html>Bad Gateway</html>");
        assertThat(page100.headers().firstValue("Content-Type")).hasValue("text/html");
        assertThat(page100Again.statusCode()).isEqualTo(200);
    }

    @Test
    void a_fault_repeated_n_times_is_served_n_times() throws Exception {
        sim.inject(INSTANCE, Fault.throttled(Duration.ofSeconds(3)).times(2));

        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> first = signed(Map.of("limit", "10")).send();
        statuses.add(first.statusCode());
        statuses.add(signed(Map.of("limit", "10")).send().statusCode());
        statuses.add(signed(Map.of("limit", "10")).send().statusCode());

        assertThat(statuses).containsExactly(429, 429, 200);
        assertThat(first.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(JSON.readTree(first.body()).get("error_code").asText()).isEqualTo("APIGW.0308");
    }

    @Test
    void a_delay_fault_makes_a_client_with_a_shorter_read_timeout_time_out() throws Exception {
        sim.inject(INSTANCE, Fault.delay(Duration.ofSeconds(5)));
        SignedGet delayed = signed(Map.of("limit", "10"));
        delayed.timeout = Duration.ofMillis(300);

        assertThatThrownBy(delayed::send).isInstanceOf(HttpTimeoutException.class);
        assertThat(signed(Map.of("limit", "10")).send().statusCode()).isEqualTo(200);
    }
}
