package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.config.InvalidSettingException;
import java.io.FileNotFoundException;
import java.nio.file.NoSuchFileException;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;

class WatchApplicationTest {

    @Test
    void should_explain_a_bad_setting_by_its_own_message_however_deep_it_is_wrapped() {
        Exception failure = new RuntimeCamelException(new IllegalStateException(
                new InvalidSettingException("watch.poll.interval", "'0s' must be at least 1s")));

        assertThat(WatchApplication.startupFailure(failure)).startsWith("watch.poll.interval").contains("'0s'");
    }

    @Test
    void should_say_what_was_not_found_and_where_it_looked_for_a_missing_routes_or_config_path() {
        assertThat(WatchApplication.startupFailure(new RuntimeCamelException(new NoSuchFileException("routes"))))
                .startsWith("not found: routes").contains("working directory").contains("-Dwatch.config");
        assertThat(WatchApplication.startupFailure(new FileNotFoundException("config/application.properties")))
                .startsWith("not found: config/application.properties");
    }
}
