package io.taurusreplicationwatch.state;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The properties every Kafka client of the service starts from (the state store's producer, consumer and admin, the
 * recovery reader, the readiness probe): the one place where connection settings shared by all of them belong, such
 * as security.
 */
public final class KafkaClientProperties {

    private KafkaClientProperties() {
    }

    /** A new modifiable map with the bootstrap servers and the client id. */
    public static Map<String, Object> common(String brokers, String clientId) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, brokers);
        properties.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return properties;
    }
}
