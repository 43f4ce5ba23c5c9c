package io.taurusreplicationwatch.observability;

import io.taurusreplicationwatch.api.TaskSnapshot;
import io.taurusreplicationwatch.state.TaskRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last events Kafka acknowledged, newest first, for the status board: a bounded ring fed by the publish route
 * right after the acknowledgement, so that it never shows an event consumers may not get.
 */
public class RecentEvents {

    private final int capacity;
    private final Deque<BoardEvent> events;

    public RecentEvents(int capacity) {
        this.capacity = capacity;
        this.events = new ArrayDeque<>(capacity);
    }

    /** An acknowledged event: its CloudEvents id, type and time, and the task state it announced. */
    public void acknowledged(String id, String type, String time, TaskRecord announced) {
        TaskSnapshot after = announced.snapshot();
        BoardEvent event = new BoardEvent(id, type.substring(type.lastIndexOf('.') + 1), announced.projectId(),
                announced.instanceId(), announced.taskName(), announced.seq(),
                after == null ? null : after.status(), after == null ? null : after.stage(), time);
        synchronized (events) {
            if (events.size() == capacity) {
                events.removeLast();
            }
            events.addFirst(event);
        }
    }

    /** The events kept, newest first. */
    public List<BoardEvent> newestFirst() {
        synchronized (events) {
            return new ArrayList<>(events);
        }
    }
}
