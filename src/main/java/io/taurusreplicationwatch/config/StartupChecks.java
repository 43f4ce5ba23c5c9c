package io.taurusreplicationwatch.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * The settings that name places on this machine, tried before anything starts: a state file or lock directory that
 * cannot be written, or a management address that cannot be bound, would otherwise pass start-up and fail later,
 * repeatedly or silently (a poller forever standing by, a service without health endpoints).
 */
final class StartupChecks {

    // Camel's own settings: read as set, since Camel, not the table, defaults them when the file leaves them out.
    static final String MANAGEMENT_ENABLED = Setting.MANAGEMENT_ENABLED.key();
    static final String MANAGEMENT_HOST = Setting.MANAGEMENT_HOST.key();
    static final String MANAGEMENT_PORT = Setting.MANAGEMENT_PORT.key();

    private StartupChecks() {
    }

    static void verify(WatchSettings settings, Function<String, Optional<String>> properties) {
        if (settings.stateStore() == WatchSettings.StateStoreKind.FILE) {
            stateFile(settings.stateFile());
        }
        settings.clusterLockDir().ifPresent(directory -> writableDirectory(WatchSettings.CLUSTER_LOCK_DIR,
                directory.toAbsolutePath(), "the lock directory"));
        if (properties.apply(MANAGEMENT_ENABLED).map(String::trim).orElse("false").equalsIgnoreCase("true")) {
            managementServer(properties.apply(MANAGEMENT_HOST).map(String::trim).orElse("0.0.0.0"),
                    Integer.parseInt(properties.apply(MANAGEMENT_PORT).map(String::trim).orElse("9876")));
        }
        if (settings.board().enabled()) {
            boardServer(settings.board().host(), settings.board().port());
        }
    }

    static void stateFile(Path file) {
        Path absolute = file.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new InvalidSettingException(WatchSettings.STATE_FILE, "'" + file + "' is a directory; name a file"
                    + " in it, such as " + absolute.resolve("replication-state.json"));
        }
        writableDirectory(WatchSettings.STATE_FILE, absolute.getParent(), "the directory of the state file");
    }

    /** Creates the directory if it is missing, and writes and deletes a file in it. */
    static void writableDirectory(String property, Path directory, String what) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new InvalidSettingException(property, what + " " + directory + " cannot be created (" + reason(e)
                    + "); create it, or set " + property + " to a place this user can write");
        }
        try {
            Files.delete(Files.createTempFile(directory, ".write-probe", ".tmp"));
        } catch (IOException e) {
            throw new InvalidSettingException(property, what + " " + directory + " is not writable (" + reason(e)
                    + "); let this user write there, or set " + property + " to a place it can write");
        }
    }

    /** Binds and releases the address Camel's management server will listen on. */
    static void managementServer(String host, int port) {
        listenable(MANAGEMENT_HOST, MANAGEMENT_PORT, host, port, "0.0.0.0 for all of them");
    }

    /** Binds and releases the address the status board will listen on. */
    static void boardServer(String host, int port) {
        listenable(Setting.BOARD_HOST.key(), Setting.BOARD_PORT.key(), host, port, "127.0.0.1");
    }

    private static void listenable(String hostKey, String portKey, String host, int port, String fallback) {
        try (ServerSocket socket = new ServerSocket()) {
            // As the server binds, so that a port just released by a previous run does not fail here.
            socket.setReuseAddress(true);
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                throw new InvalidSettingException(hostKey, "'" + host + "' is not a known host name or"
                        + " address; set it to an address of this machine, or " + fallback);
            }
            socket.bind(address);
        } catch (IOException e) {
            boolean portTaken = String.valueOf(e.getMessage()).contains("in use");
            throw new InvalidSettingException(portTaken ? portKey : hostKey, "cannot listen on "
                    + host + ":" + port + " (" + e.getMessage() + "); " + (portTaken
                    ? "another process holds that port: choose another " + portKey
                    : "set " + hostKey + " to an address of this machine, or " + fallback));
        }
    }

    private static String reason(IOException e) {
        if (e instanceof FileAlreadyExistsException exists) {
            return exists.getFile() + " is a file, not a directory";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage();
    }
}
