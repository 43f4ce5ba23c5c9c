package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taurusreplicationwatch.events.ChangeType;
import io.taurusreplicationwatch.testing.ChangeEventConsumer;
import io.taurusreplicationwatch.testing.ChangeEventConsumer.Event;
import io.taurusreplicationwatch.testing.LogCapture;
import io.taurusreplicationwatch.testing.PipelineTestSupport;
import io.taurusreplicationwatch.testing.SaslListeners;
import io.taurusreplicationwatch.testing.WatchRuntime;
import io.taurusreplicationwatch.testing.WithSaslListeners;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every Kafka client of the service against a broker secured as DMS for Kafka is: SASL_SSL with SCRAM-SHA-512 and a
 * JKS trust store, with hostname verification on (certificate for 127.0.0.1) and off (certificate for another name),
 * and SASL_PLAINTEXT with PLAIN. The events are read back by a consumer configured by hand, the state store reads
 * and writes through the secured listener only, and no password reaches a log line.
 */
@WithSaslListeners
class KafkaSecurityIT extends PipelineTestSupport {

    private static final String WRONG_PASSWORD = "not-the-sasl-pw-93kd";
    private static final String KAFKA_CLIENTS = "org.apache.kafka.clients";

    private SaslListeners sasl;
    private LogCapture logs;
    private ChangeEventConsumer secured;
    private CamelContext kamelets;

    // INFO: at DEBUG the broker in this JVM logs every request, and the tests would mostly measure that.
    @BeforeEach
    void captureLogs() {
        sasl = KAFKA.sasl();
        logs = LogCapture.start(Level.INFO);
    }

    @AfterEach
    void closeClients() throws Exception {
        if (kamelets != null) {
            kamelets.close();
        }
        if (secured != null) {
            secured.close();
        }
        if (logs != null) {
            assertNoPasswordLogged();
        }
    }

    private void assertNoPasswordLogged() {
        logs.close();
        assertThat(logs.lines()).isNotEmpty().noneMatch(line -> line.contains(sasl.password())
                || line.contains(sasl.storePassword()) || line.contains(WRONG_PASSWORD));
        logs = null;
    }

    @Test
    void should_publish_and_keep_the_state_through_sasl_ssl_with_hostname_verification() throws Exception {
        Map<String, String> settings = secured(broker.saslSslBootstrapServers(), true);
        settings.put("watch.state.store", "kafka");
        settings.put("watch.state.kafka-topic", topic + "-state");
        // The state must come from the store alone, not from reading the change topic back.
        settings.put("watch.state.recover-from-topic", "false");
        putTasks(3);
        runtime = WatchRuntime.start(settings);
        runtime.pollCycle();
        secured = new ChangeEventConsumer(consumerProperties(broker.saslSslBootstrapServers(), true), topic);
        assertThat(secured.awaitTotal(3, EVENT_WAIT)).extracting(Event::type)
                .containsOnly(ChangeType.DISCOVERED.cloudEventType());

        stopService();
        simulator.putTask(INSTANCE, task("task_002").withStatus("No"));
        runtime = WatchRuntime.start(settings);
        runtime.pollCycle();

        List<Event> afterRestart = secured.awaitTotal(4, EVENT_WAIT);
        assertThat(secured.readFor(QUIET)).as("the loaded state knew task_001 and task_003").isEmpty();
        assertThat(afterRestart).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(ChangeType.CHANGED.cloudEventType());
            assertThat(event.header("ce_id")).endsWith("/task_002/2");
        });
    }

    @Test
    void should_connect_to_a_certificate_for_another_host_when_hostname_verification_is_off() throws Exception {
        String misnamed = broker.misnamedSaslSslBootstrapServers();
        putTasks(2);
        // Store file: start-up reads the change topic back through the same listener.
        runtime = WatchRuntime.start(secured(misnamed, false));
        runtime.pollCycle();

        secured = new ChangeEventConsumer(consumerProperties(misnamed, false), topic);
        assertThat(secured.awaitTotal(2, EVENT_WAIT)).extracting(Event::key)
                .containsExactlyInAnyOrder(key("task_001"), key("task_002"));
        // The Kamelet user's own Camel context follows; what it logs is not the service's.
        assertNoPasswordLogged();

        assertThat(readWithTheKamelet(misnamed, 2)).as("the Kamelet with an empty endpoint identification algorithm")
                .containsExactlyInAnyOrder("task_001", "task_002");
    }

    @Test
    void should_stop_start_up_naming_hostname_verification_when_the_certificate_names_another_host() {
        Map<String, String> settings = secured(broker.misnamedSaslSslBootstrapServers(), true);

        assertThatThrownBy(() -> runtime = WatchRuntime.start(settings)).satisfies(failure ->
                assertThat(WatchApplication.startupFailure(failure)).doesNotContain("\n")
                        .contains("the TLS handshake failed").contains("watch.kafka.hostname-verification"));
    }

    @Test
    void should_stop_start_up_with_one_line_naming_watch_kafka_password_when_the_password_is_wrong() {
        // A refused login is where a password would be printed, if anywhere: read to DEBUG, and the clients' own
        // configuration dump (INFO, which the shipped logging leaves out) too.
        logs.close();
        logs = LogCapture.start(Level.DEBUG);
        Configurator.setLevel(KAFKA_CLIENTS, Level.INFO);
        Map<String, String> settings = secured(broker.saslSslBootstrapServers(), true);
        settings.put("watch.kafka.password", WRONG_PASSWORD);

        try {
            assertThatThrownBy(() -> runtime = WatchRuntime.start(settings)).satisfies(failure -> {
                String line = WatchApplication.startupFailure(failure);
                assertThat(line).doesNotContain("\n").doesNotContain(WRONG_PASSWORD)
                        .contains("SASL authentication failed").contains("watch.kafka.password");
            });
        } finally {
            Configurator.setLevel(KAFKA_CLIENTS, Level.WARN);
        }
        assertThat(logs.lines()).as("Kafka's configuration dump").anyMatch(line -> line.contains("ConsumerConfig")
                && line.contains("sasl.jaas.config = [hidden]") && line.contains("ssl.truststore.password = [hidden]")
                && line.contains("ssl.endpoint.identification.algorithm = https"));
    }

    @Test
    void should_publish_through_sasl_plaintext_with_plain() throws Exception {
        Map<String, String> settings = settings();
        settings.put("watch.kafka.brokers", broker.saslPlaintextBootstrapServers());
        settings.put("watch.kafka.security-protocol", "SASL_PLAINTEXT");
        settings.put("watch.kafka.sasl-mechanism", "PLAIN");
        settings.put("watch.kafka.username", sasl.user());
        settings.put("watch.kafka.password", sasl.password());
        putTasks(2);
        runtime = WatchRuntime.start(settings);
        runtime.pollCycle();

        assertThat(events.awaitTotal(2, EVENT_WAIT)).extracting(Event::key)
                .containsExactlyInAnyOrder(key("task_001"), key("task_002"));
    }

    @Test
    void should_hand_the_pass_through_to_the_event_producer_and_refuse_a_name_kafka_does_not_know() throws Exception {
        Map<String, String> misspelt = settings();
        misspelt.put("watch.kafka.client.lingr.ms", "5");
        assertThatThrownBy(() -> runtime = WatchRuntime.start(misspelt)).satisfies(failure ->
                assertThat(WatchApplication.startupFailure(failure)).startsWith("watch.kafka.client.lingr.ms: 'lingr.ms'"
                        + " is not a property of Kafka's producer, consumer or admin client"));

        // An event is larger than 100 bytes: a producer that got the pass-through refuses every one.
        Map<String, String> settings = settings();
        settings.put("watch.kafka.client.max.request.size", "100");
        putTasks(1);
        runtime = WatchRuntime.start(settings);
        runtime.pollCycle();

        assertThat(runtime.meters().failedPolls()).isEqualTo(1);
        assertThat(runtime.meters().errorsByCode()).containsKey("KAFKA.RecordTooLargeException");
        assertThat(events.readFor(QUIET)).isEmpty();
    }

    /** The ce_subject of the first {@code count} events the Kamelet reads through SASL_SSL, SCRAM-SHA-512. */
    private List<Object> readWithTheKamelet(String brokers, int count) throws Exception {
        List<Object> received = new CopyOnWriteArrayList<>();
        kamelets = new DefaultCamelContext();
        kamelets.getComponent("kamelet", KameletComponent.class).setLocation("file:kamelets");
        String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + sasl.user()
                + "\" password=\"" + sasl.password() + "\";";
        String uri = "kamelet:taurusdb-starrocks-replication-source?bootstrapServers=" + brokers + "&topic=" + topic
                + "&consumerGroup=secured&securityProtocol=SASL_SSL&saslMechanism=SCRAM-SHA-512"
                + "&saslJaasConfig=RAW(" + jaas + ")&sslTruststoreLocation=" + sasl.trustStore()
                + "&sslTruststorePassword=RAW(" + sasl.storePassword() + ")&sslEndpointIdentificationAlgorithm=";
        kamelets.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("secured-kamelet-user").process(exchange -> received.add(exchange.getMessage()
                        .getHeader("ce_subject")));
            }
        });
        kamelets.start();
        Awaitility.await().atMost(EVENT_WAIT).until(() -> received.size() >= count);
        return List.copyOf(received);
    }

    /** The service's settings for SASL_SSL, SCRAM-SHA-512 and the JKS trust store at {@code brokers}. */
    private Map<String, String> secured(String brokers, boolean hostnameVerification) {
        Map<String, String> settings = settings();
        settings.put("watch.kafka.brokers", brokers);
        settings.put("watch.kafka.security-protocol", "SASL_SSL");
        settings.put("watch.kafka.sasl-mechanism", "SCRAM-SHA-512");
        settings.put("watch.kafka.username", sasl.user());
        settings.put("watch.kafka.password", sasl.password());
        settings.put("watch.kafka.truststore-location", sasl.trustStore().toString());
        settings.put("watch.kafka.truststore-password", sasl.storePassword());
        settings.put("watch.kafka.truststore-type", "JKS");
        settings.put("watch.kafka.hostname-verification", Boolean.toString(hostnameVerification));
        return settings;
    }

    private Map<String, Object> consumerProperties(String brokers, boolean hostnameVerification) {
        Map<String, Object> properties = new HashMap<>(broker.consumerProps("secured-" + topic));
        properties.putAll(sasl.clientProperties(hostnameVerification));
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, brokers);
        return properties;
    }
}
