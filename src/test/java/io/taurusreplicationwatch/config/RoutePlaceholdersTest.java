package io.taurusreplicationwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The routes' {@code {{watch.*}}} placeholders resolve to what {@link WatchConfiguration} validated. */
class RoutePlaceholdersTest {

    @TempDir
    Path directory;

    @Test
    void should_resolve_a_key_the_file_leaves_out_to_its_declared_default_and_a_set_one_as_validated()
            throws Exception {
        Path file = directory.resolve("application.properties");
        Files.write(file, List.of(
                "watch.instances = " + SettingTableTest.minimal().get(WatchSettings.INSTANCES),
                "watch.api.endpoint = https://gaussdb.cn-north-4.myhuaweicloud.com",
                "watch.kafka.brokers = 127.0.0.1:9",
                "watch.kafka.topic = changes",
                "watch.kafka.max-block-ms =  2500 ",
                "watch.state.store = memory",
                "watch.state.recover-from-topic = false",
                "watch.auth.token = fake-iam-token-for-placeholders",
                "camel.management.enabled = false"));
        try (CamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("file:" + file);

            new WatchConfiguration(Map.of(), Clock.systemUTC()).configure(context);

            assertThat(context.resolvePropertyPlaceholders("{{watch.poll.tick}}")).isEqualTo("25ms");
            assertThat(context.resolvePropertyPlaceholders("{{watch.state.save-interval}}")).isEqualTo("30s");
            assertThat(context.resolvePropertyPlaceholders("{{watch.kafka.client-id}}"))
                    .isEqualTo("taurus-replication-watch");
            assertThat(context.resolvePropertyPlaceholders("{{watch.kafka.max-block-ms}}")).isEqualTo("2500");
        }
    }
}
