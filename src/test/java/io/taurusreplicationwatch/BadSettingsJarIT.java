package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.testing.ChildService;
import io.taurusreplicationwatch.testing.PipelineTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The jar, started with one bad setting at a time, stops before anything starts: exit code 1 and one ERROR line that
 * names our property, with no stack trace and no secret.
 */
class BadSettingsJarIT extends PipelineTestSupport {

    private static final String PASSWORD = "endpoint-pw-7f3a9c";

    @ParameterizedTest
    @ValueSource(strings = {"endpoint-with-password", "state-file-under-a-file", "topic-kafka-refuses",
            "management-enabled-yes", "damaged-state-file", "lock-dir-under-a-file"})
    void should_exit_with_1_and_one_line_naming_the_property_without_stack_trace_or_secret(String bad)
            throws Exception {
        Map<String, String> settings = childSettings();
        String named = breakSetting(bad, settings);

        String output;
        try (ChildService service = ChildService.start(settings, List.of(), childEnvironment(),
                Files.createTempFile(stateDirectory, bad, ".log"))) {
            assertThat(service.awaitExit(90)).as("stops on its own").isTrue();
            assertThat(service.exitCode()).isEqualTo(1);
            output = service.output();
        }
        List<String> errors = output.lines().filter(line -> line.contains(" ERROR ")).toList();
        assertThat(errors).singleElement().asString().contains("Cannot start: " + named);
        assertThat(output.lines()).noneMatch(line -> line.stripLeading().startsWith("at ")).as(output);
        assertThat(output).doesNotContain(SK).doesNotContain(PASSWORD).doesNotContain("Exception:");
        assertThat(output).doesNotContain("Started poll-scheduler");
    }

    /** Spoils one setting and returns how the error line must begin. */
    private String breakSetting(String bad, Map<String, String> settings) throws Exception {
        Path aFile = Files.writeString(stateDirectory.resolve("a-file"), "");
        String stateFile = settings.get("watch.state.file");
        return switch (bad) {
            case "endpoint-with-password" -> {
                settings.put("watch.api.endpoint", simulator.endpoint().toString()
                        .replace("://", "://watcher:" + PASSWORD + "@"));
                yield "watch.api.endpoint: 'http://***@127.0.0.1";
            }
            case "state-file-under-a-file" -> {
                settings.put("watch.state.file", aFile.resolve("state.json").toString());
                yield "watch.state.file: the directory of the state file " + aFile + " cannot be created";
            }
            case "topic-kafka-refuses" -> {
                settings.put("watch.kafka.topic", "bad topic!");
                yield "watch.kafka.topic: 'bad topic!' is not a Kafka topic name";
            }
            case "management-enabled-yes" -> {
                settings.put("camel.management.enabled", "yes");
                yield "camel.management.enabled: 'yes' is not accepted";
            }
            case "damaged-state-file" -> {
                Files.writeString(Path.of(stateFile), "not json");
                yield "cannot read the state file " + stateFile + ": Unrecognized token 'not'";
            }
            case "lock-dir-under-a-file" -> {
                settings.put("watch.cluster.lock-dir", aFile.resolve("lock").toString());
                yield "watch.cluster.lock-dir: the lock directory " + aFile.resolve("lock") + " cannot be created";
            }
            default -> throw new IllegalArgumentException(bad);
        };
    }
}
