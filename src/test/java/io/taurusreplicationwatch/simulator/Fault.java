package io.taurusreplicationwatch.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A scripted misbehaviour of the simulated service for the next matching request(s) of one instance.
 *
 * <p>{@code status <= 0} means "answer normally" (used by {@link #delay(Duration)}); otherwise the simulator answers
 * {@code status} with {@code body} (may be null or empty) and {@code headers}, after {@code delay}.
 * {@code atOffset} null matches any request; otherwise only requests whose {@code offset} (absent = 0) equals it.
 * {@code stream} null sends the body whole with its length; otherwise the body is written by it, chunked.
 */
public record Fault(int status, String body, Map<String, String> headers, Duration delay, int times, Integer atOffset,
                    BodyStream stream) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public Fault {
        if (times < 1) {
            throw new IllegalArgumentException("times must be >= 1, was " + times);
        }
        delay = delay == null ? Duration.ZERO : delay;
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative");
        }
        headers = headers == null || headers.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public Fault(int status, String body, Map<String, String> headers, Duration delay, int times, Integer atOffset) {
        this(status, body, headers, delay, times, atOffset, null);
    }

    /** A 200 page that goes on for {@code bytes}, generated as it is sent. */
    public static Fault hugeBody(long bytes) {
        return new Fault(200, null, Map.of(), Duration.ZERO, 1, null, BodyStream.endlessPage(bytes));
    }

    /** A 200 page with {@code Content-Encoding: gzip} that inflates to {@code inflatedBytes}, compressed as it is sent. */
    public static Fault gzipBomb(long inflatedBytes) {
        return new Fault(200, null, Map.of("Content-Encoding", "gzip"), Duration.ZERO, 1, null,
                BodyStream.gzipBomb(inflatedBytes));
    }

    /** The normal answer, its body sent one byte every {@code pause}. */
    public static Fault drip(Duration pause) {
        return new Fault(0, null, Map.of(), Duration.ZERO, 1, null, BodyStream.drip(pause));
    }

    /** An error answer with the vendor's error body {@code {"error_code":..,"error_msg":..}}. */
    public static Fault error(int status, String errorCode, String errorMsg) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error_code", errorCode);
        body.put("error_msg", errorMsg);
        try {
            return new Fault(status, JSON.writeValueAsString(body), Map.of(), Duration.ZERO, 1, null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Any body, byte for byte (malformed JSON, HTML from a proxy, an empty body...). */
    public static Fault rawBody(int status, String body) {
        return new Fault(status, body, Map.of(), Duration.ZERO, 1, null);
    }

    /** The normal answer, but only after {@code d}: provokes client read timeouts. */
    public static Fault delay(Duration d) {
        return new Fault(0, null, Map.of(), Objects.requireNonNull(d, "d"), 1, null);
    }

    /** The gateway's throttling answer (429 APIGW.0308) with a {@code Retry-After} in whole seconds. */
    public static Fault throttled(Duration retryAfter) {
        return error(429, "APIGW.0308", "The throttling threshold has been reached: policy user over ratelimit,limit:100,time:1 minute")
                .withHeader("Retry-After", Long.toString(Math.max(0, retryAfter.toSeconds())));
    }

    /** Serve this fault to the next {@code n} matching requests instead of one. */
    public Fault times(int n) {
        return new Fault(status, body, headers, delay, n, atOffset, stream);
    }

    /** Only requests whose {@code offset} parameter (absent = 0) equals {@code offset}. */
    public Fault atOffset(int offset) {
        return new Fault(status, body, headers, delay, times, offset, stream);
    }

    /** Adds or replaces a response header (a Content-Type given here replaces the JSON one). */
    public Fault withHeader(String name, String value) {
        Map<String, String> merged = new LinkedHashMap<>(headers);
        merged.put(name, value);
        return new Fault(status, body, merged, delay, times, atOffset, stream);
    }

    /** Delays this fault's answer too (an error that also arrives late). */
    public Fault withDelay(Duration d) {
        return new Fault(status, body, headers, d, times, atOffset, stream);
    }

    /** True when this fault answers the normal page (only delayed), not its own status and body. */
    public boolean passesThrough() {
        return status <= 0;
    }

    boolean matches(int offset) {
        return atOffset == null || atOffset == offset;
    }
}
