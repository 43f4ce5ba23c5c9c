package io.taurusreplicationwatch.state;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.taurusreplicationwatch.api.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the records in one JSON file. A save writes a sibling temporary file, forces it to disk, then renames it
 * over the old one and forces the directory, so that a crash at any moment leaves either the old or the new file,
 * never a torn one. A file that exists but cannot be read stops the service: starting empty instead would
 * re-announce every task, or worse, lose the removals that were due.
 */
public class FileTaskStateStore implements TaskStateStore {

    static final int FORMAT = 1;
    private static final Logger LOG = LoggerFactory.getLogger(FileTaskStateStore.class);

    private final Path file;

    public FileTaskStateStore(Path file) {
        this.file = file.toAbsolutePath();
    }

    @Override
    public List<TaskRecord> load() {
        // notExists, not !exists: a file that may exist but cannot be reached must stop the service, not reset it.
        if (Files.notExists(file)) {
            LOG.info("No state file at {}: starting with no known tasks", file);
            return List.of();
        }
        // Streamed record by record: no tree of the whole file is built, which halves the start-up time at 100k tasks.
        try (JsonParser json = Json.mapper().createParser(file.toFile())) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw unreadable("it is not a JSON object", null);
            }
            int format = -1;
            List<TaskRecord> records = null;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                if (field.equals("format")) {
                    format = json.getValueAsInt(-1);
                } else if (field.equals("tasks") && value == JsonToken.START_ARRAY) {
                    records = readTasks(json);
                } else {
                    json.skipChildren();
                }
            }
            if (format != FORMAT || records == null) {
                throw unreadable("it is not a format " + FORMAT + " state file", null);
            }
            return records;
        } catch (JsonProcessingException e) {
            // Jackson's own message runs over two lines and ends in a source description; the line and column do.
            throw unreadable(e.getOriginalMessage() + (e.getLocation() == null ? "" : " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()), e);
        } catch (IOException e) {
            throw unreadable(e.getMessage(), e);
        }
    }

    private List<TaskRecord> readTasks(JsonParser json) throws IOException {
        List<TaskRecord> records = new ArrayList<>();
        while (json.nextToken() != JsonToken.END_ARRAY) {
            TaskRecord record = json.currentToken() == JsonToken.START_OBJECT
                    ? Json.mapper().readValue(json, TaskRecord.class) : null;
            if (record == null || record.instanceId() == null || record.taskName() == null) {
                throw unreadable("it holds a task entry without instance_id and task_name", null);
            }
            records.add(record);
        }
        return records;
    }

    @Override
    public void save(Collection<TaskRecord> records) {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = Channels.newOutputStream(channel);
                try (JsonGenerator json = Json.mapper().createGenerator(out)) {
                    json.writeStartObject();
                    json.writeNumberField("format", FORMAT);
                    json.writeArrayFieldStart("tasks");
                    for (TaskRecord record : records) {
                        json.writeObject(record);
                    }
                    json.writeEndArray();
                    json.writeEndObject();
                    json.flush();
                    channel.force(true);
                }
            }
            move(temporary);
            forceDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the state file " + file + ": " + e.getMessage()
                    + " (check that its directory exists and is writable)", e);
        }
    }

    private void move(Path temporary) throws IOException {
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + file.getParent() + " cannot rename atomically", e);
        }
    }

    // Without this the rename itself may be lost by a power cut, bringing the old file back.
    private void forceDirectory() {
        try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException notSupported) {
            LOG.debug("Cannot force directory {} to disk: {}", file.getParent(), notSupported.getMessage());
        }
    }

    private StateUnavailableException unreadable(String reason, Exception cause) {
        return new StateUnavailableException("cannot read the state file " + file + ": " + reason
                + ". Restore it from a backup, or move it aside to start again (every task is then announced as"
                + " discovered once more)", cause);
    }

    @Override
    public String describe() {
        return "file " + file;
    }
}
