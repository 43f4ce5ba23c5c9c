package io.taurusreplicationwatch.simulator;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The request log: which requests addressed one instance, in arrival order, with the status they got. */
class RequestLogTest extends SimulatorHttpTestSupport {

    @Test
    void requests_of_one_instance_lists_only_that_instances_requests_in_arrival_order() throws Exception {
        String other = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
        sim.addInstance(PROJECT, other);
        String otherPath = "/v3/" + PROJECT + "/instances/" + other + "/starrocks/databases/replication";

        plainGet(replicationPath(), "limit=10&offset=0", Map.of("X-Auth-Token", TOKEN));
        plainGet(otherPath, "limit=10", Map.of("X-Auth-Token", TOKEN));
        plainGet(replicationPath(), "limit=10&offset=10", Map.of());
        plainGet("/v3/" + PROJECT + "/instances/" + INSTANCE + "/starrocks/databases", "", Map.of("X-Auth-Token", TOKEN));
        plainGet(replicationPath(), "limit=10&offset=20", Map.of("X-Auth-Token", TOKEN));

        assertThat(sim.requests(INSTANCE)).extracting(RecordedRequest::rawQuery, RecordedRequest::status)
                .containsExactly(tuple("limit=10&offset=0", 200), tuple("limit=10&offset=10", 401), tuple("limit=10&offset=20", 200));
        assertThat(sim.requests(INSTANCE)).hasSize(sim.requestCount(INSTANCE));
        assertThat(sim.requests(other)).singleElement().satisfies(r -> assertThat(r.path()).isEqualTo(otherPath));
        assertThat(sim.requests("never-asked")).isEmpty();
        assertThat(sim.requests()).hasSize(5);
    }
}
