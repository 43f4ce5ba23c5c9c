package io.taurusreplicationwatch.bench;

import io.taurusreplicationwatch.testing.EmbeddedKafkaBroker;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The initial-sync baseline: a plain KafkaProducer with the producer settings of {@code routes/publish.camel.yaml}
 * (acks=all, idempotence, 5 requests in flight, camel-kafka's linger.ms=0) sending the records the service
 * published (same keys, values and headers) as fast as it can: send them all, then flush.
 */
final class BaselineProducer {

    private BaselineProducer() {
    }

    /**
     * Wall and CPU time from the first send until every record is acknowledged. The producer is built beforehand
     * but fetches the fresh topic's metadata within the time, as the service's producer does.
     */
    static Sample sendAll(EmbeddedKafkaBroker broker, String topic, List<ConsumerRecord<String, String>> records)
            throws Exception {
        Map<String, Object> props = new HashMap<>(broker.producerProps());
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            Sample sent = Sample.measure(() -> {
                for (ConsumerRecord<String, String> record : records) {
                    producer.send(new ProducerRecord<>(topic, null, record.key(), record.value(), record.headers()),
                            (metadata, e) -> {
                                if (e != null) {
                                    failure.compareAndSet(null, e);
                                }
                            });
                }
                producer.flush();
            });
            if (failure.get() != null) {
                throw new IllegalStateException("baseline send failed", failure.get());
            }
            return sent;
        }
    }
}
