package io.taurusreplicationwatch.simulator;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** One HTTP request the simulator received, with the status it answered. */
public record RecordedRequest(String method, String path, String rawQuery, Map<String, String> headers, int status) {

    // Headers whose values grant access: kept for assertions, but never printed by toString (failure messages, logs).
    private static final Set<String> SECRET_HEADERS = Set.of("x-auth-token", "x-security-token");

    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    /** The value of a header, by case-insensitive name, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>(headers);
        shown.replaceAll((name, value) -> SECRET_HEADERS.contains(name) ? "***" : value);
        return "RecordedRequest[method=" + method + ", path=" + path + ", rawQuery=" + rawQuery
                + ", headers=" + shown + ", status=" + status + "]";
    }
}
