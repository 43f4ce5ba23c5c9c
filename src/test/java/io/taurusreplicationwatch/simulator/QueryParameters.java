package io.taurusreplicationwatch.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A request's query string, decoded: what the signature is computed over and what the listing reads. */
record QueryParameters(Map<String, List<String>> values) {

    static QueryParameters parse(String rawQuery) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        }
        return new QueryParameters(params);
    }

    /** The first value of the parameter, or null when it was not sent. */
    String first(String name) {
        List<String> given = values.get(name);
        return given == null || given.isEmpty() ? null : given.get(0);
    }

    /**
     * The parameter as a non-negative int; {@code absent} when it was not sent, null when it is not one (sign,
     * blank, letters, overflow).
     */
    Integer nonNegative(String name, int absent) {
        String value = first(name);
        if (value == null) {
            return absent;
        }
        if (value.isEmpty() || value.length() > 10 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        long parsed = Long.parseLong(value);
        return parsed > Integer.MAX_VALUE ? null : (int) parsed;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformedEscape) {
            return s;
        }
    }
}
