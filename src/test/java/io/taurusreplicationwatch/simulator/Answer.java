package io.taurusreplicationwatch.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the simulator answers one request: a status, a body, extra headers, a delay and, for odd bodies, a writer. */
record Answer(int status, byte[] body, Map<String, String> headers, Duration delay, BodyStream stream) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    static Answer json(int status, Object body) {
        try {
            return new Answer(status, JSON.writeValueAsBytes(body), Map.of(), Duration.ZERO, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The vendor's error answer, {@code {"error_code":..,"error_msg":..}}. */
    static Answer error(int status, String code, String message) {
        return json(status, errorBody(code, message));
    }

    // The gateway's own errors also carry the request id in the body.
    static Answer gatewayError(int status, String code, String message) {
        Map<String, Object> body = errorBody(code, message);
        body.put("request_id", requestId());
        return json(status, body);
    }

    /** A random request id, as the gateway sends in {@code X-Request-Id}. */
    static String requestId() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    Answer delayed(Duration d) {
        return new Answer(status, body, headers, d, stream);
    }

    Answer streamed(BodyStream writer) {
        return new Answer(status, body, headers, delay, writer);
    }

    private static Map<String, Object> errorBody(String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_code", code);
        body.put("error_msg", message);
        return body;
    }
}
