package io.taurusreplicationwatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.taurusreplicationwatch.testing.ChangeEventConsumer.Event;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;

/**
 * What a fault scenario changed at the API, and what a consumer got: every injected transition (a task reaching a
 * state, or going) must arrive at least once, and all the events announcing one transition must carry one ce_id.
 * A second event with the same ce_id is a duplicate consumers drop; one with another ce_id would be a new event for
 * an old change, which consumers cannot tell from a real one.
 */
public final class DeliveryLedger {

    /** A task reaching a state: {@code stage/status}, or {@code (gone)}. */
    record Transition(String key, String state) {
    }

    /** The counts a scenario prints. */
    public record Tally(String scenario, int injected, int delivered, int duplicates, int lost, int conflicting) {

        @Override
        public String toString() {
            return scenario + ": injected " + injected + ", delivered " + delivered + ", duplicates " + duplicates
                    + ", lost " + lost + (conflicting > 0 ? ", DUPLICATES WITH A NEW ce_id " + conflicting : "");
        }
    }

    private final Set<Transition> injected = new LinkedHashSet<>();

    public void injected(String key, String stage, String status) {
        injected.add(new Transition(key, stage + "/" + status));
    }

    public void injectedRemoval(String key) {
        injected.add(new Transition(key, "(gone)"));
    }

    public int size() {
        return injected.size();
    }

    public Tally tally(String scenario, List<Event> events) {
        Map<Transition, Set<String>> ceIds = new HashMap<>();
        Map<Transition, Integer> counts = new HashMap<>();
        for (Event event : events) {
            Transition transition = new Transition(event.key(), state(event.value().get("after")));
            ceIds.computeIfAbsent(transition, t -> new LinkedHashSet<>()).add(event.header("ce_id"));
            counts.merge(transition, 1, Integer::sum);
        }
        int delivered = 0;
        int duplicates = 0;
        int conflicting = 0;
        for (Transition transition : injected) {
            int count = counts.getOrDefault(transition, 0);
            if (count > 0) {
                delivered++;
                duplicates += count - 1;
                conflicting += ceIds.get(transition).size() - 1;
            }
        }
        return new Tally(scenario, injected.size(), delivered, duplicates, injected.size() - delivered, conflicting);
    }

    /** Reads events until every injected transition arrived or the timeout passed; then a quiet window for repeats. */
    public Tally awaitDelivery(String scenario, ChangeEventConsumer events, Duration timeout, Duration quiet) {
        try {
            Awaitility.await().atMost(timeout).pollInSameThread().pollDelay(Duration.ZERO).until(() -> {
                events.readFor(Duration.ofMillis(200));
                return tally(scenario, events.all()).lost() == 0;
            });
        } catch (org.awaitility.core.ConditionTimeoutException notAll) {
            // reported as lost by the tally
        }
        events.readFor(quiet);
        return tally(scenario, events.all());
    }

    private static String state(JsonNode after) {
        return after == null || after.isNull() ? "(gone)" : after.path("stage").asText() + "/"
                + after.path("status").asText();
    }
}
