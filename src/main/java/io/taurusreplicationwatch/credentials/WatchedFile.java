package io.taurusreplicationwatch.credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A file read again when it changed: its modification time, size or identity (a Kubernetes secret volume swaps a
 * symbolic link to a new file) differ from the last read. One {@code stat} per check, no watcher thread.
 */
final class WatchedFile {

    private record Version(FileTime modified, long size, Object identity) {
    }

    private final Path path;
    private Version read;

    WatchedFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    /** The file's content if it changed since the last call that returned one; empty if it did not. */
    Optional<String> changed() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        Version now = new Version(attributes.lastModifiedTime(), attributes.size(),
                Objects.requireNonNullElse(attributes.fileKey(), ""));
        if (now.equals(read)) {
            return Optional.empty();
        }
        String content = Files.readString(path, StandardCharsets.UTF_8);
        read = now;
        return Optional.of(content);
    }
}
