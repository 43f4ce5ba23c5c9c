package io.taurusreplicationwatch.testing;

import io.taurusreplicationwatch.WatchApplication;
import io.taurusreplicationwatch.config.WatchConfiguration;
import io.taurusreplicationwatch.config.WatchSettings;
import io.taurusreplicationwatch.observability.BoardServer;
import io.taurusreplicationwatch.state.TaskStateRepository;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.MicrometerUtils;
import org.apache.camel.main.Main;

/**
 * The service as it really starts (Camel Main, {@code config/application.properties}, the YAML routes in
 * {@code routes/}), with test overrides on top. The scheduler's first tick is pushed an hour out unless a test sets
 * {@code watch.poll.initial-delay}, so that tests run polls themselves, one at a time, with {@link #pollCycle()}.
 */
public final class WatchRuntime implements AutoCloseable {

    private final Main main;
    private final ProducerTemplate template;

    private WatchRuntime(Main main) throws Exception {
        this.main = main;
        main.start();
        this.template = context().createProducerTemplate();
    }

    /** Starts the service with these property overrides and an empty process environment. */
    public static WatchRuntime start(Map<String, String> overrides) throws Exception {
        return start(overrides, Map.of());
    }

    /** Starts the service with these property overrides and this process environment (HTTPS_PROXY, NO_PROXY, ...). */
    public static WatchRuntime start(Map<String, String> overrides, Map<String, String> environment)
            throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("watch.poll.initial-delay", "1h");
        properties.put("watch.kafka.delivery-timeout-ms", "4000");
        properties.put("watch.kafka.request-timeout-ms", "1500");
        properties.put("watch.kafka.max-block-ms", "2000");
        properties.put("camel.component.kafka.poll-timeout-ms", "1000");
        // Every runtime gets its own management server: tests run in parallel JVMs and must not share a port.
        properties.put("camel.management.host", "127.0.0.1");
        properties.put("camel.management.port", Integer.toString(LoopbackPorts.free()));
        properties.put("watch.board.port", "0");
        properties.putAll(overrides);
        Main main = WatchApplication.newMain("file:config/application.properties",
                new WatchConfiguration(environment, Clock.systemUTC()));
        properties.forEach(main::addOverrideProperty);
        return new WatchRuntime(main);
    }

    /** Polls every listed instance once, one after the other, saves the state, and returns when all is done. */
    public void pollCycle() {
        WatchSettings settings = context().getRegistry().lookupByNameAndType("watchSettings", WatchSettings.class);
        // The instances as listed: a test that leaves a project to IAM lets the scheduler poll instead.
        settings.instances().forEach(entry -> template.sendBody("direct:poll-instance",
                entry.in(entry.projectId().orElseThrow())));
        taskState().flush();
    }

    /** The base address of the management server: {@code /observe/health}, {@code /observe/metrics}. */
    public URI management() {
        return URI.create("http://127.0.0.1:" + context().getPropertiesComponent()
                .resolveProperty("camel.management.port").orElseThrow());
    }

    /** The address the status board listens on: its page at {@code /}, its JSON under {@code /api/}. */
    public InetSocketAddress board() {
        return context().getRegistry().lookupByNameAndType("boardServer", BoardServer.class).address();
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /** The poll counters, read from the registry that /observe/metrics serves. */
    public PollMeters meters() {
        return new PollMeters(MicrometerUtils.getMeterRegistryFromCamelRegistry(context().getRegistry(),
                MicrometerConstants.METRICS_REGISTRY_NAME));
    }

    public TaskStateRepository taskState() {
        return context().getRegistry().lookupByNameAndType("taskState", TaskStateRepository.class);
    }

    @Override
    public void close() throws Exception {
        template.close();
        main.stop();
    }
}
