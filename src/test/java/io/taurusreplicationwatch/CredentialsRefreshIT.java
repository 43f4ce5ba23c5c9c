package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taurusreplicationwatch.observability.CredentialsReadiness;
import io.taurusreplicationwatch.polling.PollOutcome;
import io.taurusreplicationwatch.simulator.IamTokenSimulator;
import io.taurusreplicationwatch.simulator.MetadataServiceSimulator;
import io.taurusreplicationwatch.testing.LogCapture;
import io.taurusreplicationwatch.testing.PipelineTestSupport;
import io.taurusreplicationwatch.testing.WatchRuntime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.camel.health.HealthCheck;
import org.apache.logging.log4j.Level;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Credentials that expire within seconds, issued by a metadata service and an IAM on 127.0.0.1 and accepted by the
 * simulated gateway only until they expire; and credential files rewritten between polls. Over several expiries and
 * rotations no poll may be refused, and no secret may reach the log.
 */
class CredentialsRefreshIT extends PipelineTestSupport {

    private static final Duration LIFETIME = Duration.ofSeconds(2);
    private static final int EXPIRIES = 3;
    private static final String DOMAIN = "acme-domain";
    private static final String USER = "watch-user";
    private static final String PASSWORD = "iam-password-never-logged-0123";
    private static final String AGENCY = "taurus-watch-agency";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> issuers = new ArrayList<>();
    private LogCapture logs;

    @AfterEach
    void closeIssuersAndLogs() throws Exception {
        for (AutoCloseable issuer : issuers) {
            issuer.close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    @Test
    void metadata_credentials_are_refreshed_before_they_expire_and_no_poll_is_refused() throws Exception {
        putTasks(2);
        MetadataServiceSimulator metadata = issuer(new MetadataServiceSimulator(simulator, LIFETIME));
        Map<String, String> settings = pollingOnItsOwn(withoutKeyPair());
        settings.put("watch.auth.source", "metadata");
        settings.put("watch.auth.metadata-endpoint", metadata.endpoint().toString());
        logs = LogCapture.start(Level.INFO);
        runtime = WatchRuntime.start(settings);

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> metadata.issued() > EXPIRIES);

        assertNoPollRefused(10);
        assertThat(logs.lines()).noneMatch(line -> metadata.issuedSecrets().stream().anyMatch(line::contains));
    }

    @Test
    void iam_password_tokens_are_refreshed_before_they_expire_and_no_poll_is_refused() throws Exception {
        putTasks(2);
        IamTokenSimulator iam = issuer(new IamTokenSimulator(simulator, LIFETIME, DOMAIN, USER, PASSWORD, AGENCY));
        Map<String, String> settings = pollingOnItsOwn(withoutKeyPair());
        settings.put("watch.iam.endpoint", iam.endpoint().toString());
        settings.put("watch.iam.domain", DOMAIN);
        settings.put("watch.iam.user", USER);
        settings.put("watch.iam.password", PASSWORD);
        logs = LogCapture.start(Level.INFO);
        runtime = WatchRuntime.start(settings);

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> iam.issued() > EXPIRIES);

        assertNoPollRefused(10);
        List<String> secrets = new ArrayList<>(iam.issuedSecrets());
        secrets.add(PASSWORD);
        assertThat(logs.lines()).noneMatch(line -> secrets.stream().anyMatch(line::contains));
    }

    @Test
    void a_revoked_iam_token_is_replaced_within_the_same_poll() throws Exception {
        putTasks(2);
        IamTokenSimulator iam = issuer(new IamTokenSimulator(simulator, Duration.ofHours(1), DOMAIN, USER, PASSWORD, AGENCY));
        Map<String, String> settings = withoutKeyPair();
        // The agency is assumed with the pipeline's key pair, which signs the request to IAM.
        settings.put("watch.auth.access-key", AK);
        settings.put("watch.auth.secret-key", SK);
        settings.put("watch.iam.endpoint", iam.endpoint().toString());
        settings.put("watch.iam.domain", DOMAIN);
        settings.put("watch.iam.agency", AGENCY);
        runtime = WatchRuntime.start(settings);
        runtime.pollCycle();
        simulator.revoke(iam.issuedSecrets().get(0));

        runtime.pollCycle();

        assertThat(iam.issued()).as("one token at the first poll, one after the 401").isEqualTo(2);
        assertThat(runtime.meters().failedPolls()).isZero();
        assertThat(runtime.meters().polls(PollOutcome.COMPLETE)).isEqualTo(2);
    }

    @Test
    void a_rewritten_credentials_file_is_read_again_and_no_poll_is_refused() throws Exception {
        putTasks(2);
        Path file = stateDirectory.resolve("credentials");
        String ak = "FILEAK00000000000000";
        writeAtomically(file, credentialsFile(ak, "file-secret-key-0"));
        simulator.acceptAkSk(ak, "file-secret-key-0");
        Map<String, String> settings = withoutKeyPair();
        settings.put("watch.auth.credentials-file", file.toString());
        logs = LogCapture.start(Level.INFO);
        runtime = WatchRuntime.start(settings);
        runtime.pollCycle();

        for (int rotation = 1; rotation <= EXPIRIES; rotation++) {
            String next = "FILEAK0000000000000" + rotation;
            simulator.acceptAkSk(next, "file-secret-key-" + rotation);
            writeAtomically(file, credentialsFile(next, "file-secret-key-" + rotation));
            simulator.revoke(ak);
            ak = next;
            runtime.pollCycle();
        }

        assertThat(runtime.meters().failedPolls()).isZero();
        assertThat(runtime.meters().polls(PollOutcome.COMPLETE)).isEqualTo(EXPIRIES + 1);
        assertThat(logs.lines()).noneMatch(line -> line.contains("file-secret-key-"));
    }

    @Test
    void a_token_file_rewritten_in_place_is_read_again_and_no_poll_is_refused() throws Exception {
        putTasks(2);
        Path file = stateDirectory.resolve("token");
        String token = "file-token-0";
        Files.writeString(file, token + "\n");
        simulator.acceptToken(token);
        Map<String, String> settings = withoutKeyPair();
        settings.put("watch.auth.token-file", file.toString());
        runtime = WatchRuntime.start(settings);
        runtime.pollCycle();

        for (int rotation = 1; rotation <= EXPIRIES; rotation++) {
            String next = "file-token-" + rotation;
            simulator.acceptToken(next);
            Files.writeString(file, next + "\n");
            simulator.revoke(token);
            token = next;
            runtime.pollCycle();
        }

        assertThat(runtime.meters().failedPolls()).isZero();
        assertThat(runtime.meters().polls(PollOutcome.COMPLETE)).isEqualTo(EXPIRIES + 1);
    }

    @Test
    void with_the_source_down_the_last_credentials_serve_until_they_expire_then_polls_fail_and_readiness_is_down()
            throws Exception {
        putTasks(2);
        MetadataServiceSimulator metadata = issuer(new MetadataServiceSimulator(simulator, Duration.ofSeconds(6)));
        Map<String, String> settings = withoutKeyPair();
        settings.put("watch.auth.source", "metadata");
        settings.put("watch.auth.metadata-endpoint", metadata.endpoint().toString());
        runtime = WatchRuntime.start(settings);
        runtime.pollCycle();
        metadata.down(true);
        int before = metadata.requests();

        // Past the refresh time the source is asked, fails, and the held credentials still serve the poll.
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            runtime.pollCycle();
            return metadata.requests() > before;
        });
        assertThat(runtime.meters().failedPolls()).as("polls while the held credentials were valid").isZero();
        // Asked directly: within the seconds the held credentials have left, an HTTP round trip may come too late.
        assertThat(runtime.context().getRegistry().lookupByNameAndType("credentialsReadiness",
                CredentialsReadiness.class).call().getState()).isEqualTo(HealthCheck.State.UP);

        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            runtime.pollCycle();
            return runtime.meters().failedPolls() > 0;
        });
        assertThat(runtime.meters().errorsByCode()).containsOnlyKeys("WATCH.CREDENTIALS_EXPIRED");
        assertCredentialsCheck("DOWN");

        metadata.down(false);
        long completeBefore = runtime.meters().polls(PollOutcome.COMPLETE);
        runtime.pollCycle();
        assertThat(runtime.meters().polls(PollOutcome.COMPLETE)).isEqualTo(completeBefore + 1);
        assertCredentialsCheck("UP");
    }

    private void assertNoPollRefused(int atLeastPolls) {
        assertThat(runtime.meters().errorsByCode()).as("errors by code").isEmpty();
        assertThat(runtime.meters().failedPolls()).isZero();
        assertThat(runtime.meters().polls(PollOutcome.COMPLETE)).isGreaterThanOrEqualTo(atLeastPolls);
    }

    /** The credentials check as /observe/health/ready answers: listed while DOWN, the whole answer UP otherwise. */
    private void assertCredentialsCheck(String status) throws Exception {
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(runtime.management()
                + "/observe/health/ready")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(ready.body());
        String credentials = StreamSupport.stream(answer.path("checks").spliterator(), false)
                .filter(check -> check.path("name").asText().equals("credentials")).findFirst()
                .map(check -> check.path("status").asText())
                .orElse(answer.path("status").asText().equals("UP") ? "UP" : "not listed");
        assertThat(credentials).as(ready.body()).isEqualTo(status);
    }

    private <T extends AutoCloseable> T issuer(T issuer) {
        issuers.add(issuer);
        return issuer;
    }

    private Map<String, String> withoutKeyPair() {
        Map<String, String> settings = settings();
        settings.remove("watch.auth.access-key");
        settings.remove("watch.auth.secret-key");
        return settings;
    }

    /** The scheduler polls by itself, several times per credentials lifetime. */
    private static Map<String, String> pollingOnItsOwn(Map<String, String> settings) {
        settings.put("watch.poll.initial-delay", "0s");
        settings.put("watch.poll.interval", "200ms");
        return settings;
    }

    private static String credentialsFile(String ak, String sk) {
        return "[basic]\nak = " + ak + "\nsk = " + sk + "\n";
    }

    /** As a Kubernetes secret volume rotates: a new file moved over the old one. */
    private static void writeAtomically(Path file, String content) throws Exception {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, content);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
