package io.taurusreplicationwatch.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.testing.LogCapture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/**
 * {@link StateSaveOutcomes}: a streak of failed saves leaves one line with its cause, and its end one more; every save
 * is counted.
 */
class StateSaveOutcomesTest {

    private final List<Boolean> counted = new ArrayList<>();
    private final StateSaveOutcomes saves = new StateSaveOutcomes(Duration.ofSeconds(5), counted::add);

    @Test
    void should_log_a_streak_of_failed_saves_once_without_a_stack_trace_and_its_end_once() {
        try (LogCapture logs = LogCapture.start(Level.INFO)) {
            for (int i = 0; i < 5; i++) {
                saves.failed(failedSave());
            }
            saves.succeeded();
            saves.succeeded();

            assertThat(logs.lines()).filteredOn(line -> line.startsWith(StateSaveOutcomes.class.getName()))
                    .satisfiesExactly(
                            line -> assertThat(line).contains("Cannot save the task state: cannot write the state"
                                    + " file /data/state.json: No space left on device").contains("every 5s")
                                    .doesNotContain(" | "),
                            line -> assertThat(line).contains("again after 5 failed attempt(s)"));
        }
    }

    @Test
    void should_log_a_new_streak_after_a_save_succeeded() {
        try (LogCapture logs = LogCapture.start(Level.WARN)) {
            saves.failed(failedSave());
            saves.succeeded();
            saves.failed(failedSave());

            assertThat(logs.lines()).filteredOn(line -> line.startsWith(StateSaveOutcomes.class.getName()))
                    .hasSize(2);
        }
    }

    @Test
    void should_tell_the_listener_of_every_save_failed_or_not_including_repeats() {
        saves.failed(failedSave());
        saves.failed(failedSave());
        saves.succeeded();
        saves.succeeded();

        assertThat(counted).containsExactly(false, false, true, true);
    }

    private static Exception failedSave() {
        return new UncheckedIOException("cannot write the state file /data/state.json: No space left on device",
                new IOException("No space left on device"));
    }
}
