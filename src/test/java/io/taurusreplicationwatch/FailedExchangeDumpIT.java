package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taurusreplicationwatch.simulator.Fault;
import io.taurusreplicationwatch.testing.LogCapture;
import io.taurusreplicationwatch.testing.PipelineTestSupport;
import io.taurusreplicationwatch.testing.WatchRuntime;
import java.util.List;
import java.util.Map;
import org.apache.camel.builder.AdviceWith;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/**
 * Camel's default error handler logs a failed exchange with its message history and, with
 * {@code camel.main.log-exhausted-message-body}, its headers and body. A poll whose answer was an API error still
 * carries the signed request's headers; when a step after the poll fails (as one an operator adds to the route may),
 * that exchange is dumped.
 */
class FailedExchangeDumpIT extends PipelineTestSupport {

    private static final String SECURITY_TOKEN = "DumpSecToken5Distinctive0NeverLogged";

    @Test
    void should_dump_a_failed_signed_exchange_with_its_credentials_masked() throws Exception {
        putTasks(2);
        simulator.inject(INSTANCE, Fault.error(500, "DBS.05000001", "internal error").times(1));
        Map<String, String> settings = settings();
        settings.put("watch.auth.security-token", SECURITY_TOKEN);
        settings.put("camel.main.message-history", "true");
        settings.put("camel.main.log-exhausted-message-body", "true");
        runtime = WatchRuntime.start(settings);
        AdviceWith.adviceWith(runtime.context(), "poll-instance", route -> route.weaveAddLast()
                .throwException(new IllegalStateException("a step after the poll failed")));

        List<String> lines;
        try (LogCapture logs = LogCapture.start(Level.INFO)) {
            assertThatThrownBy(runtime::pollCycle).hasRootCauseMessage("a step after the poll failed");
            lines = logs.lines();
        }

        String dump = String.join("\n", lines);
        assertThat(simulator.requests(INSTANCE)).as("the failed request was signed with the temporary credentials")
                .anyMatch(request -> SECURITY_TOKEN.equals(request.header("X-Security-Token")));
        assertThat(dump.contains("Message History") && dump.contains("X-Security-Token=xxxxx")
                && dump.contains("Authorization=xxxxx")).as("the exchange was dumped, its headers masked").isTrue();
        for (String secret : List.of(AK, SK, SECURITY_TOKEN)) {
            assertThat(lines.stream().filter(line -> line.contains(secret)).count()).as("lines with a secret")
                    .isZero();
        }
        assertThat(dump).doesNotContainPattern("Signature=[0-9a-f]{8}");
    }
}
