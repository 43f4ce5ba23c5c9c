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

    @Test
    void should_send_the_query_and_headers_the_signature_covers() {
        ReplicationRequestFactory factory = new ReplicationRequestFactory(URI.create("https://gaussdb.example:8443/"),
                "en-us", new FixedCredentials(new AkSkCredentials(AK, SK, null), "test"), Clock.fixed(NOW, ZoneOffset.UTC));
        Message message = new DefaultExchange(new DefaultCamelContext()).getMessage();
        message.setHeader("Authorization", "left over from the previous page");

        factory.prepare(new Cursor(new WatchedInstance("project-1", "instance-1"), 50, 100), message);

        String rawQuery = message.getHeader(Exchange.HTTP_RAW_QUERY, String.class);
        assertThat(rawQuery).isEqualTo("limit=50&offset=100");
        Map<String, List<String>> sentQuery = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            String[] nameValue = pair.split("=", 2);
            sentQuery.put(nameValue[0], List.of(nameValue[1]));
        }
        URI sent = URI.create(message.getHeader(Exchange.HTTP_URI, String.class));
        Map<String, String> signedHeaders = new LinkedHashMap<>();
        signedHeaders.put("X-Language", message.getHeader("X-Language", String.class));
        signedHeaders.put("X-Project-Id", message.getHeader("X-Project-Id", String.class));
        signedHeaders.put(ApigSigner.SDK_DATE_HEADER, message.getHeader(ApigSigner.SDK_DATE_HEADER, String.class));
        SignableRequest asSent = new SignableRequest("GET", sent.getRawAuthority(), sent.getRawPath(), sentQuery,
                signedHeaders, null);

        assertThat(message.getHeader("Authorization")).isEqualTo(ApigSigner.authorization(AK, SK, asSent));
        assertThat(sent.getRawPath()).isEqualTo("/v3/project-1/instances/instance-1/starrocks/databases/replication");
    }
}
