package io.taurusreplicationwatch.bench;

import io.taurusreplicationwatch.api.WatchedInstance;
import io.taurusreplicationwatch.testing.WatchRuntime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.ProducerTemplate;

/**
 * One poll of every instance, driven by the benchmark instead of the scheduler so that a cycle has a start and an
 * end to time. Checks after each cycle that no poll failed and that the expected number of events was published,
 * so that a fast but broken cycle can never pass for a result.
 */
final class ServicePolls implements AutoCloseable {

    private final WatchRuntime runtime;
    private final List<WatchedInstance> instances;
    private final ProducerTemplate template;

    ServicePolls(WatchRuntime runtime, List<WatchedInstance> instances) throws Exception {
        this.runtime = runtime;
        this.instances = instances;
        this.template = runtime.context().createProducerTemplate();
        // The benchmark saves the state at the end of each cycle; the save timer must not save at the same time:
        // two concurrent flushes write the same temporary file and one of them fails.
        runtime.context().getRouteController().stopRoute("save-state");
    }

    /** One instance after the other on the caller's thread, as {@code WatchRuntime.pollCycle()} does. */
    void pollSequentially(long expectedEvents) {
        expect(expectedEvents, () -> instances.forEach(i -> template.sendBody("direct:poll-instance", i)));
    }

    /**
     * Through the shipped {@code instance-pollers} route: the instances are queued where the scheduler queues them
     * and taken by its {@code watch.poll.max-concurrent-instances} pollers; each request returns when its poll ended.
     */
    void pollThroughPollers(long expectedEvents) {
        expect(expectedEvents, () -> CompletableFuture.allOf(instances.stream()
                .map(i -> template.asyncRequestBody("seda:instance-polls", i))
                .toArray(CompletableFuture[]::new)).join());
    }

    /** Writes the task state, as the save timer does after a poll that changed it. */
    void saveState() {
        runtime.taskState().flush();
    }

    private void expect(long expectedEvents, Runnable cycle) {
        long failedBefore = runtime.meters().failedPolls();
        long publishedBefore = runtime.meters().publishedEvents();
        cycle.run();
        long failed = runtime.meters().failedPolls() - failedBefore;
        long published = runtime.meters().publishedEvents() - publishedBefore;
        if (failed != 0 || published != expectedEvents) {
            throw new IllegalStateException("poll cycle went wrong: " + failed + " failed poll(s), " + published
                    + " event(s) published where " + expectedEvents + " were expected; errors "
                    + runtime.meters().errorsByCode() + " (see target/bench-service.log)");
        }
    }

    @Override
    public void close() throws Exception {
        template.close();
    }
}
