package io.taurusreplicationwatch.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One replication task as the API listed it, normalized: stage and status as lower-case enum values when they are
 * known ({@code "Incremental"} becomes {@code incremental}), percentages as numbers whether they arrived as numbers or
 * strings. A value the normalization does not know is kept as it came, and fields the API adds beyond the documented
 * ones are kept in {@link #extraFields()}: a snapshot never drops what the service said.
 */
public record TaskSnapshot(String taskName, String sourceDatabase, String targetDatabase, String status,
                           String stage, Object percentage, String catchupStage, Object catchupPercentage,
                           Map<String, Object> extraFields) {

    public static final String TASK_NAME = "task_name";
    public static final String SOURCE_DATABASE = "source_database";
    public static final String TARGET_DATABASE = "target_database";
    public static final String STATUS = "status";
    public static final String STAGE = "stage";
    public static final String PERCENTAGE = "percentage";
    public static final String CATCHUP_STAGE = "catchup_stage";
    public static final String CATCHUP_PERCENTAGE = "catchup_percentage";
    public static final Set<String> DOCUMENTED_FIELDS = Set.of(TASK_NAME, SOURCE_DATABASE, TARGET_DATABASE, STATUS,
            STAGE, PERCENTAGE, CATCHUP_STAGE, CATCHUP_PERCENTAGE);

    private static final Set<String> STAGES = Set.of("wait", "incremental", "full", "cancelled", "paused");
    private static final Set<String> STATUSES = Set.of("yes", "no");

    public TaskSnapshot {
        extraFields = extraFields == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(extraFields));
    }

    /** Normalizes a task as decoded from JSON, by the API or from the state file. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static TaskSnapshot fromFields(Map<String, Object> fields) {
        Map<String, Object> extra = new TreeMap<>();
        fields.forEach((name, value) -> {
            if (!DOCUMENTED_FIELDS.contains(name)) {
                extra.put(name, value);
            }
        });
        return new TaskSnapshot(
                text(fields.get(TASK_NAME)),
                text(fields.get(SOURCE_DATABASE)),
                text(fields.get(TARGET_DATABASE)),
                enumValue(fields.get(STATUS), STATUSES),
                enumValue(fields.get(STAGE), STAGES),
                number(fields.get(PERCENTAGE)),
                enumValue(fields.get(CATCHUP_STAGE), STAGES),
                number(fields.get(CATCHUP_PERCENTAGE)),
                extra);
    }

    /** All fields, documented ones first, as they appear in a change event. */
    @JsonValue
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(TASK_NAME, taskName);
        fields.put(SOURCE_DATABASE, sourceDatabase);
        fields.put(TARGET_DATABASE, targetDatabase);
        fields.put(STATUS, status);
        fields.put(STAGE, stage);
        fields.put(PERCENTAGE, percentage);
        fields.put(CATCHUP_STAGE, catchupStage);
        fields.put(CATCHUP_PERCENTAGE, catchupPercentage);
        fields.putAll(extraFields);
        return fields;
    }

    /** The value of one field by its API name, documented or extra. */
    public Object field(String name) {
        // On the path of every task of every poll: no map is built for one value.
        return switch (name) {
            case TASK_NAME -> taskName;
            case SOURCE_DATABASE -> sourceDatabase;
            case TARGET_DATABASE -> targetDatabase;
            case STATUS -> status;
            case STAGE -> stage;
            case PERCENTAGE -> percentage;
            case CATCHUP_STAGE -> catchupStage;
            case CATCHUP_PERCENTAGE -> catchupPercentage;
            default -> extraFields.get(name);
        };
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String enumValue(Object value, Set<String> known) {
        if (value == null) {
            return null;
        }
        if (known.contains(value)) {
            return (String) value;
        }
        String text = value.toString().trim();
        String lower = text.toLowerCase(Locale.ROOT);
        return known.contains(lower) ? lower : value.toString();
    }

    // Numbers arrive as JSON numbers, numeric strings, or "42%"; anything else is kept as the string it was.
    private static Object number(Object value) {
        if (value == null || value instanceof Long) {
            return value;
        }
        String text = value.toString().trim();
        if (text.endsWith("%")) {
            text = text.substring(0, text.length() - 1).trim();
        }
        try {
            BigDecimal decimal = new BigDecimal(text);
            if (decimal.signum() == 0 || decimal.stripTrailingZeros().scale() <= 0) {
                return decimal.longValueExact();
            }
            return decimal.doubleValue();
        } catch (NumberFormatException | ArithmeticException notANumber) {
            return value instanceof Number ? value : value.toString();
        }
    }
}
