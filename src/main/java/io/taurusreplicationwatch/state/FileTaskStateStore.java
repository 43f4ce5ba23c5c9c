package io.taurusreplicationwatch.state;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.taurusreplicationwatch.api.Json;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the records in a snapshot file ({@link SnapshotFormat}) and a journal of JSON lines beside it
 * ({@code <file>.journal}). A save appends one line
 * with only what changed and forces it to disk, so it costs what changed, not what is known. When the journal holds
 * more entries than the snapshot (and at stop), the snapshot is rewritten whole: a sibling temporary file, forced,
 * renamed over the old one, the directory forced; then the journal is emptied. Each save is numbered and the
 * snapshot names the last save it holds, so a crash between the rename and the emptying replays nothing twice.
 * <p>
 * A crash at any moment leaves a readable state: a torn last journal line is the save that did not finish, and is
 * dropped. A snapshot or a whole journal line that cannot be read stops the service: starting without it would
 * renumber events consumers already have.
 */
public class FileTaskStateStore implements TaskStateStore {

    // The JSON snapshot written before the journal; still read, never written.
    private static final int FIRST_FORMAT = 1;
    // Below this many journal entries a snapshot is not worth its O(tasks) rewrite, however small the state.
    private static final int MIN_ENTRIES_BEFORE_COMPACTION = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(FileTaskStateStore.class);

    private final Path file;
    private final StateJournal journal;
    private boolean opened;
    private long lastSave;
    private long snapshotEntries;
    private long journalEntries;
    // After a failed save the files may be torn, gone or replaced (a lost mount): the next save writes them anew.
    private boolean snapshotDue;

    public FileTaskStateStore(Path file) {
        this.file = file.toAbsolutePath();
        this.journal = new StateJournal(this.file.resolveSibling(this.file.getFileName() + ".journal"));
    }

    @Override
    public synchronized StateCheckpoint load() {
        List<TaskRecord> snapshotRecords = List.of();
        Optional<Instant> takenAt = Optional.empty();
        long snapshotSave = 0;
        // notExists, not !exists: a file that may exist but cannot be reached must stop the service, not reset it.
        if (Files.notExists(file)) {
            LOG.info("No state snapshot at {}", file);
        } else {
            SnapshotFormat.Snapshot snapshot = readSnapshot();
            snapshotRecords = snapshot.records();
            takenAt = Optional.of(snapshot.takenAt());
            snapshotSave = snapshot.lastSave();
        }
        snapshotEntries = snapshotRecords.size();
        journalEntries = 0;
        lastSave = snapshotSave;
        List<Entry> entries = new ArrayList<>();
        try {
            for (byte[] line : journal.read()) {
                Entry entry = readEntry(line);
                if (entry.save() <= snapshotSave) {
                    continue;
                }
                if (entry.save() != lastSave + 1) {
                    throw unreadable(journal.file(), "it continues from save " + (entry.save() - 1) + ", but the"
                            + " snapshot holds save " + lastSave + " (a snapshot or part of the journal is missing)",
                            null);
                }
                entries.add(entry);
                lastSave = entry.save();
                takenAt = Optional.of(entry.takenAt());
            }
        } catch (IOException e) {
            throw unreadable(journal.file(), reason(e), e);
        }
        opened = true;
        if (entries.isEmpty()) {
            // The usual start after a clean stop: the snapshot as it is, without a map of every task built twice.
            return new StateCheckpoint(snapshotRecords, takenAt);
        }
        Map<String, TaskRecord> records = new LinkedHashMap<>();
        snapshotRecords.forEach(record -> records.put(record.taskKey(), record));
        for (Entry entry : entries) {
            entry.put().forEach(record -> records.put(record.taskKey(), record));
            entry.forget().forEach(records::remove);
            journalEntries += entry.put().size() + entry.forget().size();
        }
        return new StateCheckpoint(new ArrayList<>(records.values()), takenAt);
    }

    @Override
    public synchronized void save(StateChanges changes) {
        if (!opened) {
            load();
        }
        try {
            Files.createDirectories(file.getParent());
            long save = lastSave + 1;
            long entries = journalEntries + changes.changed().size() + changes.forgotten().size();
            boolean journalWasEmpty = journal.size() == 0;
            if (snapshotDue || (changes.atStop() ? entries > 0
                    : entries > Math.max(MIN_ENTRIES_BEFORE_COMPACTION, snapshotEntries))) {
                Collection<TaskRecord> everything = changes.everything().get();
                writeSnapshot(everything, changes.takenAt(), save);
                journal.clear();
                snapshotEntries = everything.size();
                journalEntries = 0;
                snapshotDue = false;
            } else if (!changes.isEmpty()) {
                journal.append(entryLine(save, changes));
                if (journalWasEmpty) {
                    forceDirectory();
                }
                journalEntries = entries;
            } else {
                return;
            }
            lastSave = save;
        } catch (IOException e) {
            snapshotDue = true;
            close();
            throw new UncheckedIOException("cannot write the state file " + file + ": " + e.getMessage()
                    + " (check that its directory exists and is writable)", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            journal.close();
        } catch (IOException e) {
            LOG.debug("Cannot close {}: {}", journal.file(), e.getMessage());
        }
    }

    private record Entry(long save, Instant takenAt, List<TaskRecord> put, List<String> forget) {
    }

    /** The binary snapshot this store writes, or the JSON file of the first format (dated by its modification). */
    private SnapshotFormat.Snapshot readSnapshot() {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            in.mark(4);
            byte[] magic = in.readNBytes(4);
            if (magic.length == 4 && ByteBuffer.wrap(magic).getInt() == SnapshotFormat.MAGIC) {
                return SnapshotFormat.read(in);
            }
            in.reset();
            return readFirstFormat(in);
        } catch (EOFException e) {
            throw unreadable(file, "it ends early (it is cut short)", e);
        } catch (IOException | java.time.DateTimeException e) {
            throw unreadable(file, reason(e), e);
        }
    }

    private SnapshotFormat.Snapshot readFirstFormat(InputStream in) throws IOException {
        try (JsonParser json = Json.mapper().createParser(in)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw unreadable(file, "it is not a state snapshot", null);
            }
            int format = -1;
            List<TaskRecord> records = null;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                if (field.equals("format")) {
                    format = json.getValueAsInt(-1);
                } else if (field.equals("tasks") && value == JsonToken.START_ARRAY) {
                    records = readTasks(json, file);
                } else {
                    json.skipChildren();
                }
            }
            if (format != FIRST_FORMAT || records == null) {
                throw unreadable(file, "it is neither a state snapshot nor a format " + FIRST_FORMAT + " state file",
                        null);
            }
            return new SnapshotFormat.Snapshot(records, Files.getLastModifiedTime(file).toInstant(), 0);
        }
    }

    private Entry readEntry(byte[] line) {
        try (JsonParser json = Json.mapper().createParser(line)) {
            long save = -1;
            Instant takenAt = null;
            List<TaskRecord> put = List.of();
            List<String> forget = new ArrayList<>();
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw unreadable(journal.file(), "a line is not a JSON object", null);
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                switch (field) {
                    case "save" -> save = json.getValueAsLong(-1);
                    case "at" -> takenAt = Instant.parse(json.getValueAsString());
                    case "put" -> put = value == JsonToken.START_ARRAY ? readTasks(json, journal.file()) : null;
                    case "forget" -> {
                        while (json.nextToken() == JsonToken.VALUE_STRING) {
                            forget.add(json.getText());
                        }
                    }
                    default -> json.skipChildren();
                }
            }
            if (save < 1 || takenAt == null || put == null) {
                throw unreadable(journal.file(), "a line is not a save entry", null);
            }
            return new Entry(save, takenAt, put, forget);
        } catch (IOException | java.time.DateTimeException e) {
            throw unreadable(journal.file(), reason(e), e);
        }
    }

    private List<TaskRecord> readTasks(JsonParser json, Path source) throws IOException {
        List<TaskRecord> records = new ArrayList<>();
        while (json.nextToken() != JsonToken.END_ARRAY) {
            TaskRecord record = TaskRecordReader.read(json);
            if (record == null || record.instanceId() == null || record.taskName() == null) {
                throw unreadable(source, "it holds a task entry without instance_id and task_name", null);
            }
            records.add(record);
        }
        return records;
    }

    private static byte[] entryLine(long save, StateChanges changes) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(512 + 400 * changes.changed().size());
        try (JsonGenerator json = Json.mapper().createGenerator(line)) {
            json.writeStartObject();
            json.writeNumberField("save", save);
            json.writeStringField("at", changes.takenAt().toString());
            json.writeArrayFieldStart("put");
            for (TaskRecord record : changes.changed()) {
                json.writeObject(record);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("forget");
            for (String taskKey : changes.forgotten()) {
                json.writeString(taskKey);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        return line.toByteArray();
    }

    private void writeSnapshot(Collection<TaskRecord> records, Instant takenAt, long save) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel),
                    1 << 16));
            SnapshotFormat.write(out, records, takenAt, save);
            out.flush();
            channel.force(true);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + file.getParent() + " cannot rename atomically", e);
        }
        forceDirectory();
    }

    // Without this a new name (the renamed snapshot, a new journal) may be lost by a power cut.
    private void forceDirectory() {
        try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException notSupported) {
            LOG.debug("Cannot force directory {} to disk: {}", file.getParent(), notSupported.getMessage());
        }
    }

    private static StateUnavailableException unreadable(Path source, String reason, Exception cause) {
        return new StateUnavailableException("cannot read the state file " + source + ": " + reason
                + ". Restore it from a backup, or move it aside to start again (the tasks are then rebuilt from the"
                + " change topic, or announced as discovered once more if watch.state.recover-from-topic is off)",
                cause);
    }

    // Jackson's own message runs over two lines and ends in a source description; the line and column do.
    private static String reason(Exception e) {
        if (e instanceof JsonProcessingException json) {
            return json.getOriginalMessage() + (json.getLocation() == null ? "" : " at line "
                    + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr());
        }
        return e.getMessage();
    }

    @Override
    public String describe() {
        return "file " + file;
    }
}
