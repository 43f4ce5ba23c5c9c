package io.taurusreplicationwatch.simulator;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service behind the gateway: each instance's replication tasks, and the paged listing of them, with the
 * vendor's validation of the instance, {@code limit} and {@code offset}.
 */
final class ReplicationListing {

    private static final String INSTANCE_NOT_FOUND_CODE = "DBS.200022";
    private static final String INVALID_PARAMETER_CODE = "DBS.280001";
    private static final int DEFAULT_LIMIT = 10;
    private static final int MAX_LIMIT = 1000;

    private final Map<String, InstanceState> instances = new ConcurrentHashMap<>();
    private volatile OffsetMode offsetMode = OffsetMode.RECORDS;
    private volatile NumberStyle numberStyle = NumberStyle.NUMBERS;

    void offsetMode(OffsetMode mode) {
        this.offsetMode = Objects.requireNonNull(mode, "mode");
    }

    void numberStyle(NumberStyle style) {
        this.numberStyle = Objects.requireNonNull(style, "style");
    }

    void addInstance(String projectId, String instanceId) {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(instanceId, "instanceId");
        instances.compute(instanceId, (id, existing) -> {
            if (existing == null) {
                return new InstanceState(projectId);
            }
            existing.projectId = projectId;
            return existing;
        });
    }

    void removeInstance(String instanceId) {
        instances.remove(instanceId);
    }

    void putTasks(String instanceId, List<SimulatedTask> tasks) {
        instance(instanceId).put(List.copyOf(tasks));
    }

    void removeTask(String instanceId, String taskName) {
        instance(instanceId).remove(taskName);
    }

    List<SimulatedTask> tasks(String instanceId) {
        InstanceState state = instances.get(instanceId);
        return state == null ? List.of() : state.snapshot();
    }

    /** The page {@code route} asks for, or the vendor's 400 for it; {@code offset} null when it was not a number. */
    Answer page(ApiRoute route, QueryParameters query, Integer offset, Duration delay) {
        InstanceState state = instances.get(route.instanceId());
        if (state == null || !state.projectId.equals(route.projectId())) {
            return Answer.error(400, INSTANCE_NOT_FOUND_CODE, "实例不存在").delayed(delay);
        }
        Integer limit = query.nonNegative("limit", DEFAULT_LIMIT);
        if (limit == null || limit < 1 || limit > MAX_LIMIT) {
            return Answer.error(400, INVALID_PARAMETER_CODE, "Invalid parameter: limit").delayed(delay);
        }
        if (offset == null) {
            return Answer.error(400, INVALID_PARAMETER_CODE, "Invalid parameter: offset").delayed(delay);
        }
        return Answer.json(200, page(state.snapshot(), limit, offset)).delayed(delay);
    }

    private InstanceState instance(String instanceId) {
        InstanceState state = instances.get(instanceId);
        if (state == null) {
            throw new IllegalArgumentException("unknown instance " + instanceId + ": call addInstance first");
        }
        return state;
    }

    private Map<String, Object> page(List<SimulatedTask> all, int limit, int offset) {
        long from = offsetMode == OffsetMode.RECORDS ? offset : (long) (Math.max(offset, 1) - 1) * limit;
        int start = (int) Math.min(from, all.size());
        int end = (int) Math.min((long) start + limit, all.size());
        NumberStyle style = numberStyle;
        List<Map<String, Object>> replications = new ArrayList<>(end - start);
        for (SimulatedTask task : all.subList(start, end)) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("source_database", task.sourceDatabase());
            json.put("target_database", task.targetDatabase());
            json.put("task_name", task.taskName());
            json.put("status", task.status());
            json.put("stage", task.stage());
            json.put("percentage", styled(task.percentage(), style));
            json.put("catchup_stage", task.catchupStage());
            json.put("catchup_percentage", styled(task.catchupPercentage(), style));
            json.putAll(task.extraFields());
            replications.add(json);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total_count", styled(all.size(), style));
        body.put("replications", replications);
        body.put("ext_text", null);
        return body;
    }

    // Numbers (and numeric strings) follow the style; anything else is served as stored, so tests can send odd values.
    private static Object styled(Object value, NumberStyle style) {
        if (value == null) {
            return null;
        }
        BigDecimal number = asNumber(value);
        if (number == null) {
            return value;
        }
        if (style == NumberStyle.STRINGS) {
            return value instanceof String ? value : number.stripTrailingZeros().toPlainString();
        }
        return value instanceof Number ? value : number;
    }

    private static BigDecimal asNumber(Object value) {
        if (value instanceof Number n) {
            try {
                return new BigDecimal(n.toString());
            } catch (NumberFormatException nanOrInfinity) {
                return null;
            }
        }
        if (value instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException notNumeric) {
                return null;
            }
        }
        return null;
    }

    /** Tasks of one instance: mutated under its lock, read through an immutable snapshot so a page is consistent. */
    private static final class InstanceState {
        volatile String projectId;
        private final LinkedHashMap<String, SimulatedTask> tasks = new LinkedHashMap<>();
        private volatile List<SimulatedTask> snapshot = List.of();

        InstanceState(String projectId) {
            this.projectId = projectId;
        }

        synchronized void put(List<SimulatedTask> added) {
            added.forEach(task -> tasks.put(task.taskName(), task));
            snapshot = null;
        }

        synchronized void remove(String taskName) {
            if (tasks.remove(taskName) != null) {
                snapshot = null;
            }
        }

        // Rebuilt lazily so loading 10,000 tasks one by one stays linear.
        List<SimulatedTask> snapshot() {
            List<SimulatedTask> current = snapshot;
            if (current != null) {
                return current;
            }
            synchronized (this) {
                if (snapshot == null) {
                    snapshot = List.copyOf(tasks.values());
                }
                return snapshot;
            }
        }
    }
}
