package io.taurusreplicationwatch.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.signing.TokenCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A token file rotated in place, as {@link FileCredentials} follows it. */
class FileCredentialsTest {

    @TempDir
    Path directory;

    @Test
    void a_rewritten_file_is_read_again_and_an_empty_rewrite_keeps_the_last_token() throws Exception {
        Path file = directory.resolve("token");
        Files.writeString(file, "token-one\n");
        List<String> secrets = new CopyOnWriteArrayList<>();
        FileCredentials credentials = FileCredentials.tokenFile(file, secrets::addAll);

        Files.writeString(file, "token-two-longer\n");
        assertThat(credentials.current("p")).isEqualTo(new TokenCredentials("token-two-longer"));
        Files.writeString(file, "");

        assertThat(credentials.current("p")).as("half-written").isEqualTo(new TokenCredentials("token-two-longer"));
        assertThat(secrets).containsExactly("token-one", "token-two-longer");
    }
}
