package io.taurusreplicationwatch.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An append-only file of lines, one line per save, each forced to disk before the save returns. A line counts only
 * once it is whole, newline included: a crash mid-append leaves a torn last line, which {@link #read} drops and cuts
 * off so that the next append starts clean. A line that is whole but cannot be used is the caller's to refuse.
 */
final class StateJournal implements AutoCloseable {

    private final Path file;
    private FileChannel channel;

    StateJournal(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** The whole lines, without their newline; a torn last line is cut off the file. */
    List<byte[]> read() throws IOException {
        if (Files.notExists(file)) {
            return List.of();
        }
        byte[] bytes = Files.readAllBytes(file);
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                byte[] line = new byte[i - start];
                System.arraycopy(bytes, start, line, 0, line.length);
                lines.add(line);
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            try (FileChannel torn = FileChannel.open(file, StandardOpenOption.WRITE)) {
                torn.truncate(start);
                torn.force(true);
            }
        }
        return lines;
    }

    /** Appends one line (it must hold no newline) and forces it to disk. */
    void append(byte[] line) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n').flip();
        FileChannel out = channel();
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
        // Data only: the journal's length is part of the data, its timestamps need not be.
        out.force(false);
    }

    /** Empties the journal once a snapshot holds everything it said. */
    void clear() throws IOException {
        FileChannel out = channel();
        out.truncate(0);
        out.force(true);
    }

    long size() throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    private FileChannel channel() throws IOException {
        if (channel == null) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        }
        return channel;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
