package io.taurusreplicationwatch.api;

import io.taurusreplicationwatch.credentials.CredentialsExpiredException;
import io.taurusreplicationwatch.credentials.CredentialsProvider;
import io.taurusreplicationwatch.signing.ApigSigner;
import io.taurusreplicationwatch.signing.Credentials;
import io.taurusreplicationwatch.signing.SignableRequest;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.http.HttpMethods;

/**
 * Prepares the request for the next page of the poll under way: the URI, the query and exactly the headers that are
 * signed. The message's headers are replaced, not added to, so that what goes out is what was signed, and nothing
 * of a previous page's answer is sent back. The URI is the endpoint of the instance's region: camel-http sends a
 * request to the host of its {@code CamelHttpUri} header, so one route endpoint serves every region, and the
 * signature covers the host the request goes to. The credentials are the provider's current ones for each page; when
 * it has none that are valid, the page fails as {@value CredentialsExpiredException#CODE}.
 */
public class ReplicationRequestFactory {

    static final String PATH = "/v3/%s/instances/%s/starrocks/databases/replication";

    private final RegionEndpoints endpoints;
    private final String language;
    private final CredentialsProvider credentials;
    private final Clock clock;

    public ReplicationRequestFactory(RegionEndpoints endpoints, String language, CredentialsProvider credentials,
                                     Clock clock) {
        this.endpoints = endpoints;
        this.language = language;
        this.credentials = credentials;
        this.clock = clock;
    }

    /** Turns the message into the signed request for the cursor's next page. */
    public void prepare(PageCursor poll, Message message) {
        WatchedInstance instance = poll.instance();
        URI endpoint = endpoints.of(instance.region());
        String path = stripTrailingSlash(endpoint.getRawPath())
                + PATH.formatted(instance.projectId(), instance.instanceId());
        Map<String, List<String>> query = new LinkedHashMap<>();
        query.put("limit", List.of(Integer.toString(poll.limit())));
        query.put("offset", List.of(Integer.toString(poll.nextOffset())));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Language", language);
        headers.put("X-Project-Id", instance.projectId());
        SignableRequest request = new SignableRequest("GET", endpoint.getRawAuthority(), path, query, headers, null);
        Credentials current;
        try {
            current = credentials.current(instance.projectId());
        } catch (CredentialsExpiredException e) {
            throw new ApiErrorException(0, CredentialsExpiredException.CODE, e.getMessage(), null);
        }
        headers.putAll(current.authenticate(request, clock.instant()));

        message.getHeaders().clear();
        message.getHeaders().putAll(headers);
        // The enum camel-http wants: as a string it would take the type converter's slow lookup on every request.
        message.setHeader(Exchange.HTTP_METHOD, HttpMethods.GET);
        message.setHeader(Exchange.HTTP_URI, endpoint.getScheme() + "://" + endpoint.getRawAuthority() + path);
        message.setHeader(Exchange.HTTP_RAW_QUERY, rawQuery(query));
        message.setBody(null);
    }

    // The query sent is the one signed, encoded as the signature encodes it.
    private static String rawQuery(Map<String, List<String>> query) {
        StringJoiner raw = new StringJoiner("&");
        query.forEach((name, values) -> values.forEach(value ->
                raw.add(ApigSigner.encode(name) + "=" + ApigSigner.encode(value))));
        return raw.toString();
    }

    private static String stripTrailingSlash(String path) {
        return path == null ? "" : path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
