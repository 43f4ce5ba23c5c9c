package io.taurusreplicationwatch.simulator;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** How many requests the simulator handles at once: held requests, delayed ones, and a reset. */
class ConcurrencyGaugeTest extends SimulatorHttpTestSupport {

    @Test
    void max_concurrent_requests_counts_requests_held_at_the_same_time_and_restarts_on_reset() throws Exception {
        CountDownLatch allArrived = new CountDownLatch(3);
        for (int offset : new int[] {0, 100, 200}) {
            sim.beforePage(INSTANCE, offset, () -> {
                allArrived.countDown();
                awaitQuietly(allArrived);
            });
        }
        List<CompletableFuture<HttpResponse<String>>> held = IntStream.of(0, 100, 200)
                .mapToObj(offset -> sendAsync("limit=100&offset=" + offset))
                .toList();
        held.forEach(CompletableFuture::join);
        int whileHeld = sim.maxConcurrentRequests();

        sim.resetConcurrency();
        int afterReset = sim.maxConcurrentRequests();
        for (int i = 0; i < 5; i++) {
            okBody(plainGet(replicationPath(), "limit=10", Map.of("X-Auth-Token", TOKEN)));
        }

        assertThat(whileHeld).isEqualTo(3);
        assertThat(afterReset).isZero();
        // A client that waits for each answer before the next request is never counted twice.
        assertThat(sim.maxConcurrentRequests()).isEqualTo(1);
    }

    @Test
    void a_request_in_a_fault_delay_is_still_counted_as_being_handled() throws Exception {
        CountDownLatch delayedArrived = new CountDownLatch(1);
        sim.beforePage(INSTANCE, 0, delayedArrived::countDown);
        sim.inject(INSTANCE, Fault.delay(Duration.ofSeconds(2)).atOffset(0));
        CompletableFuture<HttpResponse<String>> delayed = sendAsync("limit=10&offset=0");
        assertThat(delayedArrived.await(10, TimeUnit.SECONDS)).isTrue();

        HttpResponse<String> quick = plainGet(replicationPath(), "limit=10&offset=10", Map.of("X-Auth-Token", TOKEN));
        int whileDelayed = sim.maxConcurrentRequests();

        assertThat(quick.statusCode()).isEqualTo(200);
        assertThat(whileDelayed).isEqualTo(2);
        assertThat(delayed.join().statusCode()).isEqualTo(200);
    }
}
