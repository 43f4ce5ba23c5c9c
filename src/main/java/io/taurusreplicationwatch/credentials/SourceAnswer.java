package io.taurusreplicationwatch.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.hc.client5.http.classic.HttpClient;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;

/**
 * One answer of a credentials source (metadata service, IAM), read whole: a credentials answer is small, and one
 * larger than {@value #MAX_BODY} bytes is not one.
 */
record SourceAnswer(int status, String body, String subjectToken) {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 64 * 1024;
    private static final int EXCERPT = 160;

    static SourceAnswer send(HttpClient client, ClassicHttpRequest request) throws IOException {
        return client.execute(request, response -> {
            String body = "";
            if (response.getEntity() != null) {
                try (InputStream in = response.getEntity().getContent()) {
                    byte[] bytes = in.readNBytes(MAX_BODY + 1);
                    if (bytes.length > MAX_BODY) {
                        throw new IOException("the answer is larger than " + MAX_BODY + " bytes");
                    }
                    body = new String(bytes, StandardCharsets.UTF_8);
                }
            }
            Header token = response.getFirstHeader("X-Subject-Token");
            return new SourceAnswer(response.getCode(), body, token == null ? null : token.getValue());
        });
    }

    JsonNode json() throws IOException {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IOException("the answer is not JSON: " + excerpt());
        }
    }

    /** A refusal as a message: the status and the start of the body, control characters replaced. */
    IOException failure(String what) {
        return new IOException(what + " answered HTTP " + status + (body.isBlank() ? "" : ": " + excerpt()));
    }

    private String excerpt() {
        String cut = body.length() > EXCERPT ? body.substring(0, EXCERPT) + "..." : body;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /** A required text field of an answer, by JSON pointer. */
    static String text(JsonNode node, String pointer) throws IOException {
        JsonNode value = node.at(pointer);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IOException("the answer has no " + pointer);
        }
        return value.asText();
    }

    static Instant instant(JsonNode node, String pointer) throws IOException {
        String value = text(node, pointer);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IOException(pointer + " '" + value.replaceAll("\\p{Cntrl}", "?") + "' is not an ISO-8601 instant");
        }
    }
}
