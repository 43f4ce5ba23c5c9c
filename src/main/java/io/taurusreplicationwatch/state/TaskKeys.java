package io.taurusreplicationwatch.state;

/** The identity of a task across instances, {@code {instance_id}/{task_name}}: the state key and the Kafka key. */
public final class TaskKeys {

    private TaskKeys() {
    }

    public static String of(String instanceId, String taskName) {
        return instanceId + "/" + taskName;
    }
}
