package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.config.WatchConfiguration;
import io.taurusreplicationwatch.testing.ChangeEventConsumer.Event;
import io.taurusreplicationwatch.testing.LoopbackPorts;
import io.taurusreplicationwatch.testing.PipelineTestSupport;
import java.util.List;
import java.util.Map;
import org.apache.camel.main.KameletMain;
import org.junit.jupiter.api.Test;

/**
 * The YAML routes on Camel JBang's runtime: {@code camel run} starts a {@link KameletMain}, and this test starts one
 * the same way, with the options README's "Camel JBang" section gives to {@code camel run}: the properties file, the
 * routes, and {@code camel.main.configuration-classes} naming the class that binds the beans the routes call.
 * Downloading is off because the dependencies are already on the classpath ({@code camel run --dep} adds them).
 */
class JBangRuntimeIT extends PipelineTestSupport {

    @Test
    void should_poll_and_publish_when_the_routes_run_on_camel_jbangs_runtime() throws Exception {
        putTasks(4);
        // The argument is only the instance type Camel reports; camel run passes its own.
        KameletMain main = new KameletMain("camel-jbang");
        main.setDownload(false);
        // Tests only talk to 127.0.0.1: what it looks up is in the local Maven repository already.
        main.setMavenCentralEnabled(false);
        main.setPropertyPlaceholderLocations("file:config/application.properties");
        main.addOverrideProperty("camel.main.routes-include-pattern", "file:routes/*.camel.yaml");
        main.addOverrideProperty("camel.main.configuration-classes", WatchConfiguration.class.getName());
        main.addOverrideProperty("camel.management.host", "127.0.0.1");
        main.addOverrideProperty("camel.management.port", Integer.toString(LoopbackPorts.free()));
        main.addOverrideProperty("watch.board.port", "0");
        main.addOverrideProperty("watch.poll.initial-delay", "0s");
        for (Map.Entry<String, String> setting : settings().entrySet()) {
            main.addOverrideProperty(setting.getKey(), setting.getValue());
        }
        main.start();
        try {
            List<Event> discovered = events.awaitTotal(4, EVENT_WAIT);

            assertThat(discovered).extracting(Event::key).containsExactlyInAnyOrder(
                    key("task_001"), key("task_002"), key("task_003"), key("task_004"));
            assertThat(main.getCamelContext().getRoutes()).extracting(route -> route.getRouteId())
                    .contains("poll-scheduler", "poll-instance", "publish-changes", "save-state");
        } finally {
            main.stop();
        }
    }
}
