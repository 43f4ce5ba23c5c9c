package io.taurusreplicationwatch.simulator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Actions a test runs once, on the thread answering it, when a given page of an instance is requested. */
final class PageHooks {

    private final Map<String, List<PageHook>> hooks = new ConcurrentHashMap<>();

    void add(String instanceId, int offset, Runnable action) {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(action, "action");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, was " + offset);
        }
        List<PageHook> ofInstance = hooks.computeIfAbsent(instanceId, id -> new ArrayList<>());
        synchronized (ofInstance) {
            ofInstance.add(new PageHook(offset, action));
        }
    }

    // Taken under the lock, run outside it: an action may register another hook or change tasks.
    void run(String instanceId, Integer offset) {
        List<PageHook> ofInstance = hooks.get(instanceId);
        if (ofInstance == null || offset == null) {
            return;
        }
        List<Runnable> due = new ArrayList<>();
        synchronized (ofInstance) {
            for (Iterator<PageHook> it = ofInstance.iterator(); it.hasNext(); ) {
                PageHook hook = it.next();
                if (hook.offset == offset) {
                    due.add(hook.action);
                    it.remove();
                }
            }
        }
        due.forEach(Runnable::run);
    }

    private record PageHook(int offset, Runnable action) {
    }
}
