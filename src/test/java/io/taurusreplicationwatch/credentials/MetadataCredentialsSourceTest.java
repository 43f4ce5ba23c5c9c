package io.taurusreplicationwatch.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taurusreplicationwatch.signing.AkSkCredentials;
import io.taurusreplicationwatch.simulator.MetadataServiceSimulator;
import io.taurusreplicationwatch.simulator.TaurusDbSimulator;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The metadata service's session-token dance, as the official SDK's {@code MetadataAccessor} does it. */
class MetadataCredentialsSourceTest {

    private final TaurusDbSimulator gateway = TaurusDbSimulator.start();
    private final MetadataServiceSimulator metadata = new MetadataServiceSimulator(gateway, Duration.ofHours(24));
    private final CloseableHttpClient client = HttpClients.createDefault();
    private final List<String> secrets = new CopyOnWriteArrayList<>();
    private final MetadataCredentialsSource source = new MetadataCredentialsSource(metadata.endpoint(), client,
            Clock.systemUTC(), secrets::addAll);

    @AfterEach
    void close() throws Exception {
        client.close();
        metadata.close();
        gateway.close();
    }

    @Test
    void the_temporary_key_pair_comes_with_its_security_token_and_expiry_after_one_session_token() throws Exception {
        IssuedCredentials issued = source.fetch("p");
        source.fetch("p");

        AkSkCredentials credentials = (AkSkCredentials) issued.credentials();
        assertThat(credentials.securityToken()).startsWith("tmp-security-token-");
        assertThat(issued.expiresAt()).isAfter(Instant.now().plus(Duration.ofHours(23)));
        assertThat(metadata.requests()).as("one session token for both").isEqualTo(3);
        assertThat(secrets).as("the session token is a secret too").anyMatch(secret -> secret.startsWith("session-"));
    }

    @Test
    void a_metadata_service_without_sessions_is_asked_without_a_session_token() throws Exception {
        metadata.withoutSessions();

        assertThat(source.fetch("p").credentials()).isInstanceOf(AkSkCredentials.class);
    }

    @Test
    void an_expired_session_token_is_renewed_once_on_401() throws Exception {
        source.fetch("p");
        metadata.expireSessions();

        assertThat(source.fetch("p").credentials()).isInstanceOf(AkSkCredentials.class);
        assertThat(metadata.requests()).isEqualTo(5);
    }

    @Test
    void a_metadata_service_that_is_down_is_a_failure_naming_its_answer() {
        metadata.down(true);

        IOException failure = catchThrowableOfType(IOException.class, () -> source.fetch("p"));

        assertThat(failure).hasMessageContaining("answered HTTP 503");
    }
}
