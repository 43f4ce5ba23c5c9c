package io.taurusreplicationwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StartupChecks} against the real file system and network. Tests run as root, for whom no permission bit
 * makes a directory unwritable, so the places that cannot be written lie under a regular file or in /proc.
 */
class StartupChecksTest {

    @TempDir
    Path directory;

    @Test
    void should_accept_a_state_file_in_a_missing_directory_it_can_create_and_leave_no_probe_behind() throws IOException {
        Path file = directory.resolve("data/state.json");

        assertThatCode(() -> StartupChecks.stateFile(file)).doesNotThrowAnyException();

        assertThat(file.getParent()).isDirectory();
        try (var left = Files.list(file.getParent())) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void should_refuse_a_state_file_that_names_a_directory_and_suggest_a_file_in_it() {
        InvalidSettingException error = catchThrowableOfType(() -> StartupChecks.stateFile(directory),
                InvalidSettingException.class);

        assertThat(error.property()).isEqualTo(WatchSettings.STATE_FILE);
        assertThat(error).hasMessageContaining("is a directory")
                .hasMessageContaining(directory.resolve("replication-state.json").toString());
    }

    @Test
    void should_refuse_a_state_file_whose_directory_cannot_be_created_because_a_file_is_in_the_way()
            throws IOException {
        Path blocker = Files.createFile(directory.resolve("not-a-directory"));

        InvalidSettingException error = catchThrowableOfType(
                () -> StartupChecks.stateFile(blocker.resolve("state.json")), InvalidSettingException.class);

        assertThat(error.property()).isEqualTo(WatchSettings.STATE_FILE);
        assertThat(error).hasMessageContaining(blocker + " cannot be created")
                .hasMessageContaining("is a file, not a directory").hasMessageContaining("set watch.state.file");
    }

    @Test
    void should_refuse_a_directory_that_exists_but_takes_no_file() {
        InvalidSettingException error = catchThrowableOfType(
                () -> StartupChecks.writableDirectory(WatchSettings.CLUSTER_LOCK_DIR, Path.of("/proc/self"),
                        "the lock directory"), InvalidSettingException.class);

        assertThat(error.property()).isEqualTo(WatchSettings.CLUSTER_LOCK_DIR);
        assertThat(error).hasMessageContaining("/proc/self is not writable");
    }

    @Test
    void should_refuse_a_management_host_that_is_no_address_of_this_machine() {
        // 192.0.2.0/24 is reserved for documentation: never an address of a real interface.
        InvalidSettingException error = catchThrowableOfType(() -> StartupChecks.managementServer("192.0.2.1", 0),
                InvalidSettingException.class);

        assertThat(error.property()).isEqualTo(StartupChecks.MANAGEMENT_HOST);
        assertThat(error).hasMessageContaining("cannot listen on 192.0.2.1:0");
    }

    @Test
    void should_name_the_port_when_another_process_holds_it() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InvalidSettingException error = catchThrowableOfType(
                    () -> StartupChecks.managementServer("127.0.0.1", taken.getLocalPort()),
                    InvalidSettingException.class);

            assertThat(error.property()).isEqualTo(StartupChecks.MANAGEMENT_PORT);
            assertThat(error).hasMessageContaining("choose another camel.management.port");
        }
    }

    @Test
    void should_accept_a_free_loopback_port() {
        assertThatCode(() -> StartupChecks.managementServer("127.0.0.1", 0)).doesNotThrowAnyException();
    }
}
