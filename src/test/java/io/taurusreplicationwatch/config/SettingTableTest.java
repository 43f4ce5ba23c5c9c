package io.taurusreplicationwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code config/application.properties} and the routes hold to the one declared table of settings. */
class SettingTableTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(watch\\.[a-z0-9.-]+)}}");

    @Test
    void should_ship_exactly_the_declared_keys_in_the_declared_order() throws IOException {
        assertThat(shipped().keySet()).containsExactlyElementsOf(
                Arrays.stream(Setting.values()).map(Setting::key).toList());
    }

    @Test
    void should_ship_every_key_with_its_declared_default() throws IOException {
        Map<String, String> declared = new LinkedHashMap<>();
        Arrays.stream(Setting.values()).forEach(setting -> declared.put(setting.key(), setting.defaultValue()));

        assertThat(shipped()).containsExactlyEntriesOf(declared);
    }

    @Test
    void should_comment_every_key_with_its_declared_doc() throws IOException {
        Map<String, String> comments = new LinkedHashMap<>();
        List<String> comment = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("config/application.properties"))) {
            if (line.isBlank()) {
                comment.clear();
            } else if (line.startsWith("# ---")) {
                continue;
            } else if (line.startsWith("#")) {
                comment.add(line.substring(1).trim());
            } else {
                comments.put(line.split("=", 2)[0].trim(), String.join(" ", comment));
                comment.clear();
            }
        }
        Map<String, String> docs = new LinkedHashMap<>();
        Arrays.stream(Setting.values()).forEach(setting -> docs.put(setting.key(), setting.doc()));

        assertThat(comments).containsExactlyEntriesOf(docs);
    }

    @Test
    void should_declare_every_setting_the_routes_read_and_hand_it_to_them() throws IOException {
        TreeSet<String> read = new TreeSet<>();
        try (DirectoryStream<Path> routes = Files.newDirectoryStream(Path.of("routes"), "*.camel.yaml")) {
            for (Path route : routes) {
                Matcher placeholder = PLACEHOLDER.matcher(Files.readString(route));
                while (placeholder.find()) {
                    read.add(placeholder.group(1));
                }
            }
        }
        WatchSettings settings = WatchSettings.from(key -> Optional.ofNullable(minimal().get(key)),
                Map.of());

        assertThat(read).as("watch.* placeholders in routes/*.camel.yaml").isNotEmpty()
                .contains("watch.kafka.max-block-ms", "watch.poll.tick", "watch.state.save-interval");
        assertThat(settings.routeValues()).containsKeys(read.toArray(String[]::new));
    }

    @Test
    void should_declare_a_valid_default_for_every_setting_that_has_one() {
        for (Setting setting : Setting.values()) {
            if (!setting.defaultValue().isEmpty()) {
                assertThatCode(() -> setting.rule().check(setting.key(), setting.defaultValue(),
                        setting.defaultValue())).as(setting.key()).doesNotThrowAnyException();
            }
        }
    }

    static Map<String, String> minimal() {
        return Map.of(WatchSettings.INSTANCES, "0a1b2c3d4e5f60718293a4b5c6d7e8f9:0123456789abcdef0123456789abcdefin07",
                WatchSettings.ENDPOINT, "https://gaussdb.cn-north-4.myhuaweicloud.com",
                WatchSettings.KAFKA_BROKERS, "localhost:9092",
                WatchSettings.KAFKA_TOPIC, "taurus.replication.changes");
    }

    private static Map<String, String> shipped() throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("config/application.properties"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] pair = line.split("=", 2);
                properties.put(pair[0].trim(), pair[1].trim());
            }
        }
        return properties;
    }
}
