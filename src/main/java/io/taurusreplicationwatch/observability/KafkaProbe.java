package io.taurusreplicationwatch.observability;

import io.taurusreplicationwatch.state.KafkaClientProperties;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Asks Kafka for its cluster (Admin describeCluster) every probe interval, on a thread of its own, and tells
 * {@link KafkaReadiness} whether it answered. Without it, Kafka's reachability would be known only from sends, and
 * there are none while no task changes. One small request on a connection the admin client keeps open.
 */
public class KafkaProbe extends ServiceSupport {

    private final CamelContext camelContext;
    private final KafkaClientProperties kafka;
    private final String clientId;
    private final Duration interval;
    // Each probe waits at most one interval, so probes never pile up.
    private final int timeoutMs;
    private final KafkaReadiness readiness;
    private Admin admin;
    private ScheduledExecutorService executor;

    public KafkaProbe(CamelContext camelContext, KafkaClientProperties kafka, String clientId, Duration interval,
                      KafkaReadiness readiness) {
        this.camelContext = camelContext;
        this.kafka = kafka;
        this.clientId = clientId;
        this.interval = interval;
        this.timeoutMs = (int) Math.min(interval.toMillis(), Integer.MAX_VALUE);
        this.readiness = readiness;
    }

    @Override
    protected void doStart() {
        Map<String, Object> properties = kafka.common(clientId + "-health");
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        // The client logs every failed connection attempt at WARN: at most one per probe, not one per 50 ms.
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, Math.min(timeoutMs, 1000));
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, timeoutMs);
        admin = Admin.create(properties);
        executor = camelContext.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "KafkaProbe");
        executor.scheduleWithFixedDelay(this::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void probe() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs)).nodes()
                    .get(timeoutMs, TimeUnit.MILLISECONDS);
            readiness.answered();
        } catch (ExecutionException e) {
            readiness.unanswered(String.valueOf(e.getCause().getMessage()));
        } catch (TimeoutException e) {
            readiness.unanswered("no answer within " + timeoutMs + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: readiness would keep its last answer for good.
            readiness.unanswered(String.valueOf(e.getMessage()));
        }
    }

    @Override
    protected void doStop() {
        if (executor != null) {
            camelContext.getExecutorServiceManager().shutdownNow(executor);
            executor = null;
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
            admin = null;
        }
    }
}
