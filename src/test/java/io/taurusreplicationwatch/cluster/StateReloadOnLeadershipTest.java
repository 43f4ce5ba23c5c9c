package io.taurusreplicationwatch.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.polling.PollerRole;
import io.taurusreplicationwatch.state.StateChanges;
import io.taurusreplicationwatch.state.StateCheckpoint;
import io.taurusreplicationwatch.state.TaskStateRepository;
import io.taurusreplicationwatch.state.TaskStateStore;
import io.taurusreplicationwatch.state.TrackedFields;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/**
 * {@link StateReloadOnLeadership}: a failed reload holds the tick back and is tried again on the next one; the process
 * is the poller from the reload that succeeded until the route stops.
 */
class StateReloadOnLeadershipTest {

    /** Fails its loads while {@code failing} is set; counts them. */
    private static final class FlakyStore implements TaskStateStore {
        boolean failing;
        int loads;

        @Override
        public StateCheckpoint load() {
            loads++;
            if (failing) {
                throw new IllegalStateException("cannot read the change topic");
            }
            return StateCheckpoint.EMPTY;
        }

        @Override
        public void save(StateChanges changes) {
        }

        @Override
        public String describe() {
            return "flaky";
        }
    }

    private static Exchange tick() {
        return new DefaultExchange(new DefaultCamelContext());
    }

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final PollerRole role = PollerRole.standingBy();
    private final FlakyStore store = new FlakyStore();
    private final StateReloadOnLeadership policy = new StateReloadOnLeadership(new TaskStateRepository(store,
            new TrackedFields(List.of("stage", "status"))), role, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void a_tick_whose_reload_fails_is_stopped_and_the_next_tick_reloads_again() {
        store.failing = true;

        Exchange failed = tick();
        policy.onExchangeBegin(null, failed);

        assertThat(failed.isRouteStop()).as("no poll is queued from a stale state").isTrue();
        assertThat(role.active()).as("not the poller while the state is stale").isFalse();
        store.failing = false;
        Exchange next = tick();
        policy.onExchangeBegin(null, next);
        assertThat(next.isRouteStop()).isFalse();
        assertThat(store.loads).isEqualTo(2);
        policy.onExchangeBegin(null, tick());
        assertThat(store.loads).as("loaded once per takeover").isEqualTo(2);
    }

    @Test
    void the_process_is_the_poller_from_the_reload_until_the_route_stops() {
        policy.onExchangeBegin(null, tick());
        assertThat(role.activeSince()).contains(NOW);

        policy.onStop(null);

        assertThat(role.active()).isFalse();
        policy.onExchangeBegin(null, tick());
        assertThat(store.loads).as("a new leadership reads the state again").isEqualTo(2);
        assertThat(role.active()).isTrue();
    }
}
