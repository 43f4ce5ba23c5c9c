package io.taurusreplicationwatch.state;

import io.taurusreplicationwatch.api.Json;
import io.taurusreplicationwatch.api.TaskSnapshot;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary layout of a state snapshot: a magic number, the format, the checkpoint's time and last save, the record
 * count, then each record's fields in a fixed order. It is read with a few small stream calls that the JIT compiles
 * within the first records, where a JSON parser's large methods run interpreted for much of the first load at start-up.
 * Values are tagged by type, so a record reads back equal to the one written; a value of another type (a nested
 * object the API added) travels as JSON text. Format 3 adds the times of the last change, the last move of the progress
 * and the stall after each record's snapshot; format 2, without them, is still read.
 */
final class SnapshotFormat {

    /** The first four bytes, "TRWS"; a JSON snapshot (format 1) starts with '{'. */
    static final int MAGIC = 0x54525753;
    static final int VERSION = 3;
    // Without the times of format 3: still read, never written.
    private static final int WITHOUT_TIMES = 2;

    private static final byte NULL = 0;
    private static final byte TEXT = 1;
    private static final byte WHOLE = 2;
    private static final byte DECIMAL = 3;
    private static final byte TRUE = 4;
    private static final byte FALSE = 5;
    private static final byte JSON = 6;

    private SnapshotFormat() {
    }

    record Snapshot(List<TaskRecord> records, Instant takenAt, long lastSave) {
    }

    static void write(DataOutputStream out, Collection<TaskRecord> records, Instant takenAt, long lastSave)
            throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeLong(takenAt.getEpochSecond());
        out.writeInt(takenAt.getNano());
        out.writeLong(lastSave);
        out.writeInt(records.size());
        for (TaskRecord record : records) {
            text(out, record.projectId());
            text(out, record.instanceId());
            text(out, record.taskName());
            out.writeLong(record.seq());
            out.writeInt(record.missedPolls());
            text(out, record.removedAt());
            TaskSnapshot snapshot = record.snapshot();
            out.writeBoolean(snapshot != null);
            if (snapshot != null) {
                text(out, snapshot.taskName());
                text(out, snapshot.sourceDatabase());
                text(out, snapshot.targetDatabase());
                text(out, snapshot.status());
                text(out, snapshot.stage());
                value(out, snapshot.percentage());
                text(out, snapshot.catchupStage());
                value(out, snapshot.catchupPercentage());
                out.writeInt(snapshot.extraFields().size());
                for (Map.Entry<String, Object> extra : snapshot.extraFields().entrySet()) {
                    text(out, extra.getKey());
                    value(out, extra.getValue());
                }
            }
            text(out, record.changedAt());
            text(out, record.progress());
            text(out, record.progressAt());
            text(out, record.stalledAt());
        }
    }

    /** Reads a snapshot whose magic number the caller has already read. */
    static Snapshot read(DataInputStream in) throws IOException {
        int version = in.readInt();
        if (version != VERSION && version != WITHOUT_TIMES) {
            throw new IOException("it is a binary snapshot of format " + version + ", not " + WITHOUT_TIMES + " or "
                    + VERSION);
        }
        Instant takenAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
        long lastSave = in.readLong();
        int count = in.readInt();
        if (count < 0) {
            throw new IOException("it claims " + count + " records");
        }
        List<TaskRecord> records = new ArrayList<>(Math.min(count, 1 << 20));
        for (int i = 0; i < count; i++) {
            String projectId = text(in);
            String instanceId = text(in);
            String taskName = text(in);
            long seq = in.readLong();
            int missedPolls = in.readInt();
            String removedAt = text(in);
            TaskSnapshot snapshot = in.readBoolean() ? snapshot(in) : null;
            if (version == WITHOUT_TIMES) {
                records.add(new TaskRecord(projectId, instanceId, taskName, seq, snapshot, missedPolls, removedAt));
                continue;
            }
            String changedAt = text(in);
            String progress = text(in);
            String progressAt = text(in);
            String stalledAt = text(in);
            records.add(new TaskRecord(projectId, instanceId, taskName, seq, snapshot, missedPolls, removedAt,
                    changedAt, progress, progressAt, stalledAt));
        }
        return new Snapshot(records, takenAt, lastSave);
    }

    private static TaskSnapshot snapshot(DataInputStream in) throws IOException {
        String taskName = text(in);
        String sourceDatabase = text(in);
        String targetDatabase = text(in);
        String status = text(in);
        String stage = text(in);
        Object percentage = value(in);
        String catchupStage = text(in);
        Object catchupPercentage = value(in);
        int extras = in.readInt();
        Map<String, Object> extraFields = extras == 0 ? Map.of() : new LinkedHashMap<>();
        for (int i = 0; i < extras; i++) {
            extraFields.put(text(in), value(in));
        }
        return new TaskSnapshot(taskName, sourceDatabase, targetDatabase, status, stage, percentage, catchupStage,
                catchupPercentage, extraFields);
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String text(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void value(DataOutputStream out, Object value) throws IOException {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof String text) {
            out.writeByte(TEXT);
            text(out, text);
        } else if (value instanceof Long whole) {
            out.writeByte(WHOLE);
            out.writeLong(whole);
        } else if (value instanceof Double decimal) {
            out.writeByte(DECIMAL);
            out.writeDouble(decimal);
        } else if (value instanceof Boolean flag) {
            out.writeByte(flag ? TRUE : FALSE);
        } else {
            out.writeByte(JSON);
            text(out, Json.mapper().writeValueAsString(value));
        }
    }

    private static Object value(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case TEXT -> text(in);
            case WHOLE -> in.readLong();
            case DECIMAL -> in.readDouble();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case JSON -> Json.mapper().readValue(text(in), Object.class);
            default -> throw new IOException("unknown value tag " + tag);
        };
    }
}
