package io.taurusreplicationwatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.taurusreplicationwatch.simulator.SimulatedTask;
import io.taurusreplicationwatch.testing.ChangeEventConsumer.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks the change topic the way a consumer relies on it, for scenarios in which tasks change and change back
 * across crashes: no ce_id carries two different contents, every state a task was put into arrives in the order it
 * was injected (each injected state must stay at the API until its event arrived or the service could poll it), and
 * the last event of every task says what the API lists.
 */
public final class TopicAudit {

    /** The three figures, and how many rounds and events they cover. */
    public record Figures(String scenario, String rounds, int events, int conflicts, int lost, int diverged) {

        @Override
        public String toString() {
            return scenario + ": " + rounds + ", events " + events + ", ce_id conflicts " + conflicts + ", lost " + lost
                    + ", diverged " + diverged;
        }
    }

    // Per task key, the states injected at the API, in order.
    private final Map<String, List<String>> injected = new LinkedHashMap<>();

    public void injected(String key, SimulatedTask task) {
        List<String> states = injected.computeIfAbsent(key, k -> new ArrayList<>());
        String state = state(task);
        if (states.isEmpty() || !states.get(states.size() - 1).equals(state)) {
            states.add(state);
        }
    }

    /** Whether every task's last event announces the state the API lists for it. */
    public boolean converged(List<Event> events, Map<String, SimulatedTask> api) {
        return diverged(events, api) == 0;
    }

    public Figures figures(String scenario, String rounds, List<Event> events, Map<String, SimulatedTask> api) {
        return new Figures(scenario, rounds, events.size(), conflicts(events), lost(events), diverged(events, api));
    }

    /** ce_ids whose events announce different changes (type, before, after); repeats of one change are fine. */
    static int conflicts(List<Event> events) {
        Map<String, Set<String>> contents = new HashMap<>();
        for (Event event : events) {
            contents.computeIfAbsent(event.header("ce_id"), id -> new HashSet<>()).add(event.type() + " "
                    + state(event.value().get("before")) + " -> " + state(event.value().get("after")));
        }
        return (int) contents.values().stream().filter(set -> set.size() > 1).count();
    }

    /** Injected states that never arrived in their place: matched in order against each task's events. */
    int lost(List<Event> events) {
        Map<String, List<String>> delivered = delivered(events);
        int lost = 0;
        for (Map.Entry<String, List<String>> task : injected.entrySet()) {
            List<String> arrived = delivered.getOrDefault(task.getKey(), List.of());
            int next = 0;
            for (String state : task.getValue()) {
                int found = arrived.subList(next, arrived.size()).indexOf(state);
                if (found < 0) {
                    lost++;
                } else {
                    next += found + 1;
                }
            }
        }
        return lost;
    }

    static int diverged(List<Event> events, Map<String, SimulatedTask> api) {
        Map<String, List<String>> delivered = delivered(events);
        int diverged = 0;
        for (Map.Entry<String, SimulatedTask> task : api.entrySet()) {
            List<String> arrived = delivered.getOrDefault(task.getKey(), List.of());
            if (arrived.isEmpty() || !Objects.equals(arrived.get(arrived.size() - 1), state(task.getValue()))) {
                diverged++;
            }
        }
        return diverged;
    }

    /** Per task, the states its events announced in topic order, a repeat of the same state collapsed. */
    private static Map<String, List<String>> delivered(List<Event> events) {
        Map<String, List<String>> delivered = new HashMap<>();
        for (Event event : events) {
            List<String> states = delivered.computeIfAbsent(event.key(), k -> new ArrayList<>());
            String state = state(event.value().get("after"));
            if (states.isEmpty() || !states.get(states.size() - 1).equals(state)) {
                states.add(state);
            }
        }
        return delivered;
    }

    private static String state(SimulatedTask task) {
        return task.stage().toLowerCase(Locale.ROOT) + "/" + task.status().toLowerCase(Locale.ROOT);
    }

    private static String state(JsonNode snapshot) {
        return snapshot == null || snapshot.isNull() ? "(gone)" : snapshot.path("stage").asText() + "/"
                + snapshot.path("status").asText();
    }
}
