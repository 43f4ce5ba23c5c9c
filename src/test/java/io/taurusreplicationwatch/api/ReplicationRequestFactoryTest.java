package io.taurusreplicationwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.credentials.FixedCredentials;
import io.taurusreplicationwatch.signing.AkSkCredentials;
import io.taurusreplicationwatch.signing.ApigSigner;
import io.taurusreplicationwatch.signing.SignableRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** {@link ReplicationRequestFactory}: the request that goes out is exactly the request that was signed. */
class ReplicationRequestFactoryTest {

    // Fake secrets, only ever used in this test.
    private static final String AK = "FAKEAK00000000000001";
    private static final String SK = "fakeSecretKey0000000000000000000000000001";
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private record Cursor(WatchedInstance instance, int limit, int nextOffset) implements PageCursor {
    }

    private static final RegionEndpoints ENDPOINTS = new RegionEndpoints("cn-north-4",
            URI.create("https://gaussdb.example:8443/"),
            Map.of("cn-south-1", URI.create("http://127.0.0.1:40123/south")));

    @Test
    void should_send_the_query_and_headers_the_signature_covers() {
        Message message = prepared(new WatchedInstance("cn-north-4", "project-1", "instance-1"));

        URI sent = URI.create(message.getHeader(Exchange.HTTP_URI, String.class));
        assertThat(message.getHeader(Exchange.HTTP_RAW_QUERY, String.class)).isEqualTo("limit=50&offset=100");
        assertThat(message.getHeader("Authorization")).isEqualTo(signatureOf(message, sent));
        assertThat(sent).hasToString("https://gaussdb.example:8443/v3/project-1/instances/instance-1/starrocks/databases"
                + "/replication");
    }

    @Test
    void should_send_and_sign_each_request_for_the_endpoint_of_its_instances_region() {
        Message overridden = prepared(new WatchedInstance("cn-south-1", "project-2", "instance-2"));
        Message derived = prepared(new WatchedInstance("ap-southeast-1", "project-3", "instance-3"));

        URI south = URI.create(overridden.getHeader(Exchange.HTTP_URI, String.class));
        URI singapore = URI.create(derived.getHeader(Exchange.HTTP_URI, String.class));
        assertThat(south).hasToString("http://127.0.0.1:40123/south/v3/project-2/instances/instance-2/starrocks"
                + "/databases/replication");
        assertThat(singapore).hasToString("https://gaussdb.ap-southeast-1.myhuaweicloud.com/v3/project-3/instances"
                + "/instance-3/starrocks/databases/replication");
        assertThat(overridden.getHeader("Authorization")).isEqualTo(signatureOf(overridden, south));
        assertThat(derived.getHeader("Authorization")).isEqualTo(signatureOf(derived, singapore));
    }

    private static Message prepared(WatchedInstance instance) {
        ReplicationRequestFactory factory = new ReplicationRequestFactory(ENDPOINTS, "en-us",
                new FixedCredentials(new AkSkCredentials(AK, SK, null), "test"),
                Clock.fixed(NOW, ZoneOffset.UTC));
        Message message = new DefaultExchange(new DefaultCamelContext()).getMessage();
        message.setHeader("Authorization", "left over from the previous page");
        factory.prepare(new Cursor(instance, 50, 100), message);
        return message;
    }

    /** The signature of the request as it is sent: to that URI, with that query and those headers. */
    private static String signatureOf(Message message, URI sent) {
        Map<String, List<String>> sentQuery = new LinkedHashMap<>();
        for (String pair : message.getHeader(Exchange.HTTP_RAW_QUERY, String.class).split("&")) {
            String[] nameValue = pair.split("=", 2);
            sentQuery.put(nameValue[0], List.of(nameValue[1]));
        }
        Map<String, String> signedHeaders = new LinkedHashMap<>();
        signedHeaders.put("X-Language", message.getHeader("X-Language", String.class));
        signedHeaders.put("X-Project-Id", message.getHeader("X-Project-Id", String.class));
        signedHeaders.put(ApigSigner.SDK_DATE_HEADER, message.getHeader(ApigSigner.SDK_DATE_HEADER, String.class));
        return ApigSigner.authorization(AK, SK, new SignableRequest("GET", sent.getRawAuthority(), sent.getRawPath(),
                sentQuery, signedHeaders, null));
    }
}
