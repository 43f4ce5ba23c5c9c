package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.config.InvalidSettingException;
import io.taurusreplicationwatch.state.StateUnavailableException;
import java.io.FileNotFoundException;
import java.nio.file.NoSuchFileException;
import org.apache.camel.PropertyBindingException;
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

    @Test
    void should_name_the_camel_property_camel_could_not_bind_and_its_value() {
        Exception failure = new PropertyBindingException(new Object(), "enabled", "yes", "camel.management.",
                "enabled", new IllegalArgumentException("Cannot convert the String value: yes to type: boolean"));

        assertThat(WatchApplication.startupFailure(failure)).startsWith("camel.management.enabled: 'yes' is not"
                + " accepted").contains("Cannot convert");
    }

    @Test
    void should_not_print_the_value_of_a_sensitive_camel_property_it_could_not_bind() {
        Exception failure = new PropertyBindingException(new Object(), "password", "hunter2", "camel.component.kafka.",
                "sasl-password", new IllegalArgumentException("cannot"));

        assertThat(WatchApplication.startupFailure(failure)).doesNotContain("hunter2");
    }

    @Test
    void should_explain_unreadable_state_by_its_own_message_not_by_the_parser_error_beneath_it() {
        Exception failure = new RuntimeCamelException(new StateUnavailableException("cannot read the state file"
                + " /data/state.json: Unrecognized token 'not'. Restore it from a backup",
                new IllegalStateException("Unrecognized token 'not'")));

        assertThat(WatchApplication.startupFailure(failure)).startsWith("cannot read the state file /data/state.json")
                .contains("Restore it from a backup");
    }

    @Test
    void should_explain_a_failure_in_one_line() {
        assertThat(WatchApplication.startupFailure(new IllegalStateException("first line\n at [Source: x]")))
                .isEqualTo("first line at [Source: x]");
    }
}
