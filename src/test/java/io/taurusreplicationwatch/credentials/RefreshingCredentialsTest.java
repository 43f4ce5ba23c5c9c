package io.taurusreplicationwatch.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taurusreplicationwatch.signing.Credentials;
import io.taurusreplicationwatch.signing.TokenCredentials;
import io.taurusreplicationwatch.testing.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** How {@link RefreshingCredentials} holds, refreshes and gives up credentials, on a clock the test moves. */
class RefreshingCredentialsTest {

    private static final Duration LIFETIME = Duration.ofMinutes(15);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final ScriptedSource source = new ScriptedSource();
    private final List<String> secrets = new CopyOnWriteArrayList<>();
    private final RefreshingCredentials credentials = new RefreshingCredentials(source, RefreshRule.DEFAULT, clock,
            secrets::addAll);

    /** Issues token-1, token-2, ... living {@link #LIFETIME}, per project when scoped; fails while told to. */
    private final class ScriptedSource implements CredentialsSource {
        private final List<String> fetchedFor = new ArrayList<>();
        private boolean scoped;
        private boolean failing;

        @Override
        public IssuedCredentials fetch(String projectId) throws IOException {
            fetchedFor.add(projectId);
            if (failing) {
                throw new IOException("the issuer answered HTTP 503");
            }
            return new IssuedCredentials(new TokenCredentials("token-" + fetchedFor.size()),
                    clock.instant().plus(LIFETIME));
        }

        @Override
        public boolean scopedByProject() {
            return scoped;
        }

        @Override
        public String describe() {
            return "scripted tokens";
        }
    }

    @Test
    void credentials_are_fetched_once_and_again_only_when_a_third_of_their_lifetime_is_left() {
        Credentials first = credentials.current("p");
        clock.advance(Duration.ofMinutes(10).minusMillis(1));
        assertThat(credentials.current("p")).isEqualTo(first);

        clock.advance(Duration.ofMillis(1));

        assertThat(credentials.current("p")).isEqualTo(new TokenCredentials("token-2"));
        assertThat(source.fetchedFor).hasSize(2);
        assertThat(secrets).containsExactly("token-1", "token-2");
    }

    @Test
    void with_the_source_down_the_held_credentials_serve_until_they_expire_then_the_code_is_thrown() {
        Credentials held = credentials.current("p");
        source.failing = true;
        clock.advance(Duration.ofMinutes(10));

        assertThat(credentials.current("p")).isEqualTo(held);
        assertThat(credentials.problem()).isEmpty();
        clock.advance(Duration.ofMinutes(5));
        CredentialsExpiredException expired = catchThrowableOfType(CredentialsExpiredException.class,
                () -> credentials.current("p"));

        assertThat(expired.getMessage()).contains("expired at 2026-12-01T10:15:00Z", "scripted tokens", "HTTP 503");
        assertThat(credentials.problem()).hasValueSatisfying(problem -> assertThat(problem).contains("HTTP 503"));
    }

    @Test
    void a_failed_refresh_is_not_retried_by_every_request_before_its_retry_time() {
        credentials.current("p");
        source.failing = true;
        clock.advance(Duration.ofMinutes(10));
        credentials.current("p");
        clock.advance(Duration.ofSeconds(29));
        credentials.current("p");
        assertThat(source.fetchedFor).as("5 min left: the next try after 30 s").hasSize(2);

        clock.advance(Duration.ofSeconds(1));
        credentials.current("p");

        assertThat(source.fetchedFor).hasSize(3);
    }

    @Test
    void the_first_good_refresh_after_expiry_clears_the_problem() {
        credentials.current("p");
        source.failing = true;
        clock.advance(LIFETIME);
        catchThrowableOfType(CredentialsExpiredException.class, () -> credentials.current("p"));
        source.failing = false;

        assertThat(credentials.current("p")).isEqualTo(new TokenCredentials("token-3"));
        assertThat(credentials.problem()).isEmpty();
    }

    @Test
    void a_scoped_source_gets_one_set_of_credentials_per_project() {
        source.scoped = true;

        Credentials a = credentials.current("project-a");
        Credentials b = credentials.current("project-b");

        assertThat(a).isNotEqualTo(b);
        assertThat(credentials.current("project-a")).isEqualTo(a);
        assertThat(source.fetchedFor).containsExactly("project-a", "project-b");
    }

    @Test
    void refused_credentials_are_fetched_again_once_and_replaced() {
        Credentials refused = credentials.current("p");

        assertThat(credentials.refused("p", refused)).contains(new TokenCredentials("token-2"));
        assertThat(credentials.refused("p", refused)).as("already replaced: no second fetch")
                .contains(new TokenCredentials("token-2"));
        assertThat(source.fetchedFor).hasSize(2);
    }
}
