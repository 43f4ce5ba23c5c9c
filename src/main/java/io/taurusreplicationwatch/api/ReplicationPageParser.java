package io.taurusreplicationwatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Turns the HTTP answer of one page request into a {@link ReplicationPage}, or into an {@link ApiErrorException}
 * that names what was wrong. Tolerant where the vendor's documentation is sloppy: {@code total_count} and the
 * percentages may be numbers or strings, {@code replications} may be {@code null} on an empty listing. Strict where
 * a wrong value could cost a task: a {@code total_count} that is not a whole number from 0 to the int range is
 * handed on as unusable, not as absent, and a task name with control characters is rejected, not passed on.
 * <p>
 * The message leaves this step with the page as its body and no headers: nothing of the HTTP exchange, the
 * credentials headers least of all, travels further down the route.
 */
public class ReplicationPageParser {

    static final String REQUEST_ID_HEADER = "X-Request-Id";
    static final String RETRY_AFTER_HEADER = "Retry-After";
    private static final int EXCERPT = 200;

    private final Clock clock;

    public ReplicationPageParser(Clock clock) {
        this.clock = clock;
    }

    /** Replaces the HTTP answer in the message by the page it holds; an API error is thrown. */
    public void parse(Message message) {
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String requestId = message.getHeader(REQUEST_ID_HEADER, String.class);
        byte[] body = message.getBody(byte[].class);
        ReplicationPage page;
        try {
            page = parse(status, body == null ? new byte[0] : body, requestId);
        } catch (ApiErrorException e) {
            throw e.withRetryAfter(retryAfter(message.getHeader(RETRY_AFTER_HEADER, String.class)));
        }
        message.getHeaders().clear();
        message.setBody(page);
    }

    /** {@code Retry-After} as delay-seconds or as an HTTP date; null when absent or unreadable. */
    Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration wait = Duration.between(clock.instant(),
                        ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /** The body stays bytes: only an error message needs it as text. */
    public ReplicationPage parse(int status, byte[] body, String requestId) {
        if (status < 200 || status > 299) {
            throw error(status, body, requestId);
        }
        if (isBlank(body)) {
            throw new ApiErrorException(status, ApiErrorException.EMPTY_RESPONSE, "the API answered with an empty body",
                    requestId);
        }
        JsonNode root = readTree(status, body, requestId);
        if (!root.isObject()) {
            throw malformed(status, "the answer is not a JSON object: " + excerpt(body), requestId);
        }
        JsonNode total = root.get("total_count");
        Integer totalCount = count(total);
        String unusableTotal = totalCount != null || total == null || total.isNull() ? null
                : total.isTextual() ? total.textValue() : total.toString();
        JsonNode replications = root.get("replications");
        if (replications == null || replications.isNull()) {
            if (totalCount == null || totalCount != 0) {
                throw malformed(status, "the answer has no replications array: " + excerpt(body), requestId);
            }
            return new ReplicationPage(0, List.of(), 0, 0);
        }
        if (!replications.isArray()) {
            throw malformed(status, "replications is not an array: " + excerpt(body), requestId);
        }
        List<TaskSnapshot> tasks = new ArrayList<>(replications.size());
        List<String> rejected = new ArrayList<>();
        int invalid = 0;
        for (JsonNode entry : replications) {
            TaskSnapshot task = entry.isObject() ? TaskSnapshot.fromFields(fields(entry)) : null;
            if (task == null || task.taskName() == null || task.taskName().isBlank()) {
                invalid++;
            } else if (UntrustedText.hasControlCharacters(task.taskName())) {
                rejected.add(task.taskName());
            } else {
                tasks.add(task);
            }
        }
        return new ReplicationPage(totalCount, tasks, replications.size(), invalid, unusableTotal, rejected);
    }

    // Straight from the tree: converting each entry with the mapper would serialize it to tokens and bind them again.
    private static Map<String, Object> fields(JsonNode entry) {
        Map<String, Object> fields = new LinkedHashMap<>();
        entry.fields().forEachRemaining(field -> fields.put(field.getKey(), value(field.getValue())));
        return fields;
    }

    private static Object value(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.isBigDecimal() ? node.decimalValue() : node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.isNull() ? null : Json.mapper().convertValue(node, Object.class);
    }

    private static ApiErrorException error(int status, byte[] body, String requestId) {
        try {
            JsonNode root = Json.mapper().readTree(body);
            if (root != null && root.hasNonNull("error_code")) {
                return ApiErrorException.reported(status, root.get("error_code").asText(),
                        root.path("error_msg").asText(""), requestId);
            }
        } catch (IOException notJson) {
            // an error page from a proxy or gateway: reported below by its status and an excerpt
        }
        return new ApiErrorException(status, "HTTP." + status, excerpt(body), requestId);
    }

    private static JsonNode readTree(int status, byte[] body, String requestId) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw malformed(status, "the answer is not JSON (" + e.getMessage() + "): " + excerpt(body),
                    requestId);
        }
    }

    /** A whole number from 0 to {@link Integer#MAX_VALUE}, as a JSON number or string; null for anything else. */
    private static Integer count(JsonNode node) {
        if (node == null || !(node.isNumber() || node.isTextual())) {
            return null;
        }
        try {
            BigDecimal value = node.isNumber() ? node.decimalValue() : new BigDecimal(node.textValue().trim());
            if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0
                    || value.stripTrailingZeros().scale() > 0) {
                return null;
            }
            return value.intValueExact();
        } catch (NumberFormatException | ArithmeticException notACount) {
            return null;
        }
    }

    private static ApiErrorException malformed(int status, String message, String requestId) {
        return new ApiErrorException(status, ApiErrorException.MALFORMED_RESPONSE, message, requestId);
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    private static String excerpt(byte[] body) {
        return excerpt(text(body));
    }

    private static String excerpt(String body) {
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() <= EXCERPT ? flat : flat.substring(0, EXCERPT) + "…";
    }
}
