package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.simulator.IamSimulator;
import io.taurusreplicationwatch.simulator.RecordedRequest;
import io.taurusreplicationwatch.simulator.SimulatedTask;
import io.taurusreplicationwatch.simulator.TaurusDbSimulator;
import io.taurusreplicationwatch.testing.ChangeEventConsumer.Event;
import io.taurusreplicationwatch.testing.PipelineTestSupport;
import io.taurusreplicationwatch.testing.WatchRuntime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two regions in one process, each a simulator of its own that checks every signature (which covers the Host): each
 * instance is polled at, and signed for, its own region's endpoint, and both are published.
 */
class MultiRegionIT extends PipelineTestSupport {

    private static final String SOUTH_PROJECT = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
    private static final String SOUTH_INSTANCE = "0123456789abcdef0123456789abcdefin07";

    @Test
    void should_poll_and_publish_each_instance_at_its_own_regions_endpoint() throws Exception {
        TaurusDbSimulator south = simulators.startAnother(AK, SK);
        south.addInstance(SOUTH_PROJECT, SOUTH_INSTANCE);
        south.putTask(SOUTH_INSTANCE, SimulatedTask.of("south_orders", "full", "Yes"));
        simulator.putTask(INSTANCE, SimulatedTask.of("north_orders", "incremental", "Yes"));
        Map<String, String> settings = settings();
        settings.put("watch.api.region-endpoints", "cn-south-1=" + south.endpoint());
        settings.put("watch.instances", PROJECT + ":" + INSTANCE + ",cn-south-1/" + SOUTH_PROJECT + ":"
                + SOUTH_INSTANCE);
        runtime = WatchRuntime.start(settings);

        runtime.pollCycle();

        List<Event> published = events.awaitTotal(2, EVENT_WAIT);
        assertThat(published).extracting(Event::key)
                .containsExactlyInAnyOrder(key("north_orders"), SOUTH_INSTANCE + "/south_orders");
        assertThat(published).filteredOn(event -> event.key().startsWith(SOUTH_INSTANCE)).singleElement()
                .satisfies(event -> assertThat(event.value().get("project_id").asText()).isEqualTo(SOUTH_PROJECT));
        assertOnlyServed(simulator, INSTANCE);
        assertOnlyServed(south, SOUTH_INSTANCE);
    }

    @Test
    void should_poll_an_instance_listed_without_a_project_in_the_project_iam_names_for_its_region()
            throws Exception {
        TaurusDbSimulator south = simulators.startAnother(AK, SK);
        south.addInstance(SOUTH_PROJECT, SOUTH_INSTANCE);
        south.putTask(SOUTH_INSTANCE, SimulatedTask.of("south_orders", "full", "Yes"));
        try (IamSimulator iam = IamSimulator.start().acceptAkSk(AK, SK)) {
            iam.addProject(PROJECT, "cn-north-4").addProject(SOUTH_PROJECT, "cn-south-1");
            Map<String, String> settings = settings();
            settings.put("watch.iam.endpoint", iam.endpoint().toString());
            settings.put("watch.api.region-endpoints", "cn-south-1=" + south.endpoint());
            settings.put("watch.instances", "cn-south-1/" + SOUTH_INSTANCE);
            // The instance's project is known only once IAM answered: the scheduler polls it, not pollCycle.
            settings.put("watch.poll.initial-delay", "0s");
            runtime = WatchRuntime.start(settings);

            List<Event> published = events.awaitTotal(1, EVENT_WAIT);

            assertThat(published).singleElement().satisfies(event -> {
                assertThat(event.key()).isEqualTo(SOUTH_INSTANCE + "/south_orders");
                assertThat(event.value().get("project_id").asText()).isEqualTo(SOUTH_PROJECT);
            });
            assertThat(iam.requests()).singleElement().satisfies(request -> {
                assertThat(request.rawQuery()).isEqualTo("name=cn-south-1");
                assertThat(request.status()).isEqualTo(200);
            });
            assertOnlyServed(south, SOUTH_INSTANCE);
            assertThat(simulator.requests()).isEmpty();
        }
    }

    /** Every request the simulator got was for this instance, addressed to its host, and its signature accepted. */
    private static void assertOnlyServed(TaurusDbSimulator region, String instance) {
        List<RecordedRequest> requests = region.requests();
        assertThat(requests).isNotEmpty().allSatisfy(request -> {
            assertThat(request.path()).contains("/instances/" + instance + "/");
            assertThat(request.header("Host")).isEqualTo(region.endpoint().getAuthority());
            assertThat(request.status()).as("signature accepted").isEqualTo(200);
        });
    }
}
