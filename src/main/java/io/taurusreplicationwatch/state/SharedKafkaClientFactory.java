package io.taurusreplicationwatch.state;

import java.util.Properties;
import org.apache.camel.component.kafka.DefaultKafkaClientFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * camel-kafka's client factory for the routes' endpoints: the properties Camel made from the endpoint's options, with
 * {@link KafkaClientProperties#shared()} on top, so that the event producer connects exactly as the service's other
 * clients do. The YAML names no security option, and an empty {@code ssl.endpoint.identification.algorithm} (which
 * Camel's own options cannot express) reaches the producer.
 */
public class SharedKafkaClientFactory extends DefaultKafkaClientFactory {

    private final KafkaClientProperties kafka;

    public SharedKafkaClientFactory(KafkaClientProperties kafka) {
        this.kafka = kafka;
    }

    @Override
    public Producer getProducer(Properties kafkaProps) {
        return super.getProducer(withShared(kafkaProps));
    }

    @Override
    public Consumer getConsumer(Properties kafkaProps) {
        return super.getConsumer(withShared(kafkaProps));
    }

    private Properties withShared(Properties fromEndpoint) {
        Properties properties = new Properties();
        properties.putAll(fromEndpoint);
        properties.putAll(kafka.shared());
        return properties;
    }
}
