package io.taurusreplicationwatch.simulator;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many requests the simulator handles at once, and the most since the last reset. A request counts from its
 * arrival until just before the last bytes of its answer are written: a client that sends its next request only
 * after reading a whole answer can then never be counted twice.
 */
final class ConcurrencyGauge {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    /** Counts one request in; leave it with {@link Request#leave()}. */
    Request enter() {
        return new Request();
    }

    int max() {
        return maxInFlight.get();
    }

    void reset() {
        maxInFlight.set(inFlight.get());
    }

    /** One request being handled: entered on creation, left at most once. */
    final class Request {
        private final AtomicBoolean left = new AtomicBoolean();

        private Request() {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
        }

        void leave() {
            if (left.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
            }
        }
    }
}
