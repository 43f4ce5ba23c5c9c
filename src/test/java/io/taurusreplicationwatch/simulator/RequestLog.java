package io.taurusreplicationwatch.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the simulator was asked: the most recent requests with their status, and exact counts per instance. */
final class RequestLog {

    // Bounds memory in long demo runs; count() keeps exact totals regardless.
    private static final int MAX_RECORDED_REQUESTS = 10_000;

    private final Deque<RecordedRequest> recorded = new ArrayDeque<>();
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** Counts a request that addressed this instance's route, whatever it is answered. */
    void counted(String instanceId) {
        counts.computeIfAbsent(instanceId, id -> new LongAdder()).increment();
    }

    void record(HttpExchange exchange, int status) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.merge(name.toLowerCase(Locale.ROOT), String.join(", ", values), (a, b) -> a + ", " + b));
        RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(), headers, status);
        synchronized (recorded) {
            if (recorded.size() >= MAX_RECORDED_REQUESTS) {
                recorded.removeFirst();
            }
            recorded.addLast(request);
        }
    }

    List<RecordedRequest> requests() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    List<RecordedRequest> requests(String instanceId) {
        Objects.requireNonNull(instanceId, "instanceId");
        return requests().stream()
                .filter(r -> "GET".equals(r.method()) && isRouteOf(instanceId, r.path()))
                .toList();
    }

    int count(String instanceId) {
        LongAdder count = counts.get(instanceId);
        return count == null ? 0 : count.intValue();
    }

    private static boolean isRouteOf(String instanceId, String rawPath) {
        ApiRoute route = ApiRoute.of(rawPath);
        return route != null && instanceId.equals(route.instanceId());
    }
}
