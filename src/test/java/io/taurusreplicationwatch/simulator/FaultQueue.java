package io.taurusreplicationwatch.simulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The faults scripted for each instance, served in the order queued, each to as many requests as it asks for. */
final class FaultQueue {

    private final Map<String, Deque<PendingFault>> faults = new ConcurrentHashMap<>();

    void inject(String instanceId, Fault fault) {
        Objects.requireNonNull(fault, "fault");
        Deque<PendingFault> queue = faults.computeIfAbsent(instanceId, id -> new ArrayDeque<>());
        synchronized (queue) {
            queue.addLast(new PendingFault(fault, new AtomicInteger(fault.times())));
        }
    }

    void clear() {
        faults.values().forEach(queue -> {
            synchronized (queue) {
                queue.clear();
            }
        });
    }

    /** The first queued fault that matches a request at this offset (null when it was not a number), or null. */
    Fault take(String instanceId, Integer offset) {
        Deque<PendingFault> queue = faults.get(instanceId);
        if (queue == null) {
            return null;
        }
        synchronized (queue) {
            for (Iterator<PendingFault> it = queue.iterator(); it.hasNext(); ) {
                PendingFault pending = it.next();
                // An unparsable offset matches only faults that do not care about the offset.
                if (pending.fault.atOffset() != null && (offset == null || !pending.fault.matches(offset))) {
                    continue;
                }
                if (pending.remaining.decrementAndGet() <= 0) {
                    it.remove();
                }
                return pending.fault;
            }
        }
        return null;
    }

    private record PendingFault(Fault fault, AtomicInteger remaining) {
    }
}
