package io.taurusreplicationwatch.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When {@link RefreshRule#DEFAULT} fetches credentials again, for the lifetimes the sources issue. */
class RefreshRuleTest {

    private static final Instant OBTAINED = Instant.parse("2026-12-01T00:00:00Z");
    private final RefreshRule rule = RefreshRule.DEFAULT;

    @Test
    void an_iam_token_of_a_day_is_refreshed_forty_minutes_before_it_expires_as_the_sdk_does() {
        Instant expires = OBTAINED.plus(Duration.ofHours(24));

        assertThat(rule.refreshAt(OBTAINED, expires)).isEqualTo(expires.minus(Duration.ofMinutes(40)));
    }

    @Test
    void short_lived_credentials_are_refreshed_with_a_third_of_their_lifetime_left() {
        assertThat(rule.refreshAt(OBTAINED, OBTAINED.plus(Duration.ofMinutes(15))))
                .isEqualTo(OBTAINED.plus(Duration.ofMinutes(10)));
        assertThat(rule.refreshAt(OBTAINED, OBTAINED.plusSeconds(3))).isEqualTo(OBTAINED.plusSeconds(2));
    }

    @Test
    void a_failed_refresh_is_retried_after_a_quarter_of_the_time_left_within_its_bounds() {
        assertThat(rule.retryAt(OBTAINED, OBTAINED.plusSeconds(8))).isEqualTo(OBTAINED.plusSeconds(2));
        assertThat(rule.retryAt(OBTAINED, OBTAINED.plus(Duration.ofMinutes(40))))
                .as("at most 30 s").isEqualTo(OBTAINED.plusSeconds(30));
        assertThat(rule.retryAt(OBTAINED, OBTAINED.plusMillis(100)))
                .as("at least 100 ms").isEqualTo(OBTAINED.plusMillis(100));
    }
}
