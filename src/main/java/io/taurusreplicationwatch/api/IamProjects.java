package io.taurusreplicationwatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.taurusreplicationwatch.signing.ApigSigner;
import io.taurusreplicationwatch.signing.Credentials;
import io.taurusreplicationwatch.signing.SignableRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.classic.HttpClient;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * The projects IAM lists under a name, asked as the vendor SDK asks for the project of a region when none is
 * configured ({@code BasicCredentials.processAuthParams}): {@code GET /v3/projects?name=<region>}, authenticated as
 * every API request is (signed with the key pair, or with the IAM token).
 */
public final class IamProjects {

    static final String PATH = "/v3/projects";
    // IAM names its answers by trace id; the gateway in front of it by request id.
    private static final List<String> TRACE_HEADERS = List.of("X-IAM-Trace-Id", "X-Request-Id");

    private final URI endpoint;
    private final Credentials credentials;
    private final HttpClient client;
    private final Clock clock;

    public IamProjects(URI endpoint, Credentials credentials, HttpClient client, Clock clock) {
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.client = client;
        this.clock = clock;
    }

    /**
     * The ids of the projects named {@code name}, in IAM's order. An error answer is an {@link ApiErrorException}
     * with IAM's {@code error_code}; an answer without a list of projects, one with {@code WATCH.MALFORMED_RESPONSE}.
     */
    public List<String> idsNamed(String name) throws IOException {
        String path = (endpoint.getRawPath() == null ? "" : endpoint.getRawPath().replaceAll("/+$", "")) + PATH;
        SignableRequest request = new SignableRequest("GET", endpoint.getRawAuthority(), path,
                Map.of("name", List.of(name)), Map.of(), null);
        Map<String, String> headers = credentials.authenticate(request, clock.instant());
        HttpGet get = new HttpGet(endpoint.getScheme() + "://" + endpoint.getRawAuthority() + path + "?name="
                + ApigSigner.encode(name));
        headers.forEach(get::setHeader);
        return client.execute(get, IamProjects::projectIds);
    }

    private static List<String> projectIds(ClassicHttpResponse response) throws IOException {
        String body = body(response.getEntity());
        String traceId = traceId(response);
        JsonNode answer;
        try {
            answer = body.isBlank() ? null : Json.mapper().readTree(body);
        } catch (IOException notJson) {
            answer = null;
        }
        if (response.getCode() != 200) {
            throw error(response.getCode(), answer, body, traceId);
        }
        JsonNode projects = answer == null ? null : answer.get("projects");
        if (projects == null || !projects.isArray()) {
            throw new ApiErrorException(200, ApiErrorException.MALFORMED_RESPONSE, "IAM's answer holds no list of"
                    + " projects: " + excerpt(body), traceId);
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode project : projects) {
            JsonNode id = project.get("id");
            if (id == null || !id.isTextual() || id.asText().isEmpty()) {
                throw new ApiErrorException(200, ApiErrorException.MALFORMED_RESPONSE, "IAM listed a project"
                        + " without an id: " + excerpt(body), traceId);
            }
            ids.add(id.asText());
        }
        return ids;
    }

    /**
     * IAM's error as the SDK reads it: {@code error_code}/{@code error_msg}, or {@code code}/{@code message}, at the
     * top or in an object inside ({@code {"error": {"code": ..., "message": ...}}}).
     */
    private static ApiErrorException error(int status, JsonNode answer, String body, String traceId) {
        JsonNode error = errorObject(answer);
        if (error == null) {
            return new ApiErrorException(status, "HTTP." + status, excerpt(body), traceId);
        }
        JsonNode code = error.has("error_code") ? error.get("error_code") : error.get("code");
        JsonNode message = error.has("error_code") ? error.get("error_msg") : error.get("message");
        return ApiErrorException.reported(status, code.asText(), message.asText(), traceId);
    }

    private static JsonNode errorObject(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        if (node.has("error_code") && node.has("error_msg") || node.has("code") && node.has("message")) {
            return node;
        }
        for (JsonNode value : node) {
            JsonNode inner = errorObject(value);
            if (inner != null) {
                return inner;
            }
        }
        return null;
    }

    private static String body(HttpEntity entity) throws IOException {
        try {
            return entity == null ? "" : EntityUtils.toString(entity, StandardCharsets.UTF_8);
        } catch (ParseException e) {
            throw new IOException("IAM's answer cannot be read: " + e.getMessage(), e);
        }
    }

    private static String traceId(ClassicHttpResponse response) {
        for (String name : TRACE_HEADERS) {
            Header header = response.getFirstHeader(name);
            if (header != null) {
                return header.getValue();
            }
        }
        return null;
    }

    private static String excerpt(String body) {
        return body.isEmpty() ? "(empty body)" : UntrustedText.quote(body);
    }
}
