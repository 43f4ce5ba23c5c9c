package io.taurusreplicationwatch.state;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The properties every Kafka client of the service starts from (the state store's producer, consumer and admin, the
 * recovery reader, the readiness probe, the routes' event producer): the one place where the connection settings
 * shared by all of them are put together, so that no client connects differently from the others.
 *
 * @param brokers  the bootstrap servers
 * @param security how the clients authenticate and encrypt, and the pass-through properties
 */
public record KafkaClientProperties(String brokers, KafkaSecurity security) {

    /** Plain connections to {@code brokers}, with Kafka's defaults. */
    public static KafkaClientProperties plaintext(String brokers) {
        return new KafkaClientProperties(brokers, KafkaSecurity.plaintext());
    }

    /** A new modifiable map with the security, the pass-through, the bootstrap servers and the client id. */
    public Map<String, Object> common(String clientId) {
        Map<String, Object> properties = new HashMap<>(shared());
        properties.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return properties;
    }

    /** What every client gets whoever names it: the security, the pass-through and the bootstrap servers. */
    public Map<String, Object> shared() {
        Map<String, Object> properties = new HashMap<>(security.properties());
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, brokers);
        return properties;
    }
}
