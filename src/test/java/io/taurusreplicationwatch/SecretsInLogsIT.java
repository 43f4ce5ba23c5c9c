package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.simulator.Fault;
import io.taurusreplicationwatch.simulator.RecordedRequest;
import io.taurusreplicationwatch.testing.ChildService;
import io.taurusreplicationwatch.testing.PipelineTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The runnable jar with each debugging switch Camel and Log4j offer, really signing its requests (the simulator
 * verifies every signature): none of the AK, SK, security token, IAM token or computed signatures reaches its output.
 * A failure names the secret and shows the offending lines with the secret replaced, never the secret itself.
 */
class SecretsInLogsIT extends PipelineTestSupport {

    private static final String SECURITY_TOKEN = "SecTokenQz7Distinctive0SecurityToken4Log";
    private static final String IAM_TOKEN = "IamTokenWv3Distinctive0XAuthToken8Grep";
    private static final Pattern ANY_SIGNATURE = Pattern.compile("Signature=[0-9a-f]{8,}");
    private static final Duration STARTUP_AT_TRACE = Duration.ofSeconds(90);
    // Stands for -Dlog4j2.configurationFile= the service's own log4j2.xml with only the root level set to TRACE.
    private static final String ROOT_TRACE = "root logger TRACE";

    /** Name, Camel settings, JVM options, and a line the switch makes the service print (proof it took effect). */
    static Stream<Arguments> switches() {
        return Stream.of(
                Arguments.of("tracing", Map.of("camel.main.tracing", "true"), List.of(),
                        "[poll-instanc] [to[{{watch.api.endpoint}}"),
                Arguments.of("message history and exhausted bodies", Map.of("camel.main.message-history", "true",
                        "camel.main.log-exhausted-message-body", "true"), List.of(), "Polled "),
                // YAML dumps of these routes fail inside Camel 4.18 (a Jackson parse error), so XML.
                Arguments.of("route dumps", Map.of("camel.main.dump-routes", "xml"), List.of(), "fetch-page"),
                Arguments.of("camel-http activity log", Map.of("camel.component.http.log-http-activity", "true"),
                        List.of(), "Sending HTTP Request"),
                // Has no effect while the jar's log4j2.xml is found; tested because operators reach for it.
                Arguments.of("-Dlog4j2.level=TRACE", Map.of(), List.of("-Dlog4j2.level=TRACE"), "Polled "),
                Arguments.of("root logger TRACE in the service's log4j2.xml", Map.of(), List.of(ROOT_TRACE),
                        " TRACE "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("switches")
    void should_log_no_key_token_or_signature_when_a_debugging_switch_is_on(String name, Map<String, String> camel,
                                                                            List<String> jvmOptions, String proof)
            throws Exception {
        Map<String, String> environment = new HashMap<>(childEnvironment());
        environment.put("HUAWEICLOUD_SDK_SECURITY_TOKEN", SECURITY_TOKEN);
        String output = runJarUntilItPublished(camel, jvmOptions, environment, Map.of());

        List<RecordedRequest> requests = simulator.requests(INSTANCE);
        assertThat(requests).as("temporary credentials were really sent")
                .anyMatch(request -> SECURITY_TOKEN.equals(request.header("X-Security-Token")));
        // Not contains(): a failure message must not print the output, secrets and all.
        assertThat(output.contains(proof)).as("the switch took effect: the output has " + proof).isTrue();
        assertAbsent(output, "the AK", AK);
        assertAbsent(output, "the SK", SK);
        assertAbsent(output, "the security token", SECURITY_TOKEN);
        assertNoSignature(output, requests);
    }

    @Test
    void should_log_no_iam_token_when_every_switch_is_on() throws Exception {
        simulator.acceptToken(IAM_TOKEN);
        // The token as an operator mounts it: a properties file of its own, listed before the shipped one.
        Path tokenProperties = Files.writeString(stateDirectory.resolve("token.properties"),
                "watch.auth.token = " + IAM_TOKEN + "\n");
        Map<String, String> camel = new HashMap<>();
        switches().forEach(arguments -> camel.putAll(settingsOf(arguments)));
        String output = runJarUntilItPublished(camel, List.of(ROOT_TRACE), Map.of(),
                Map.of("watch.config", "file:" + tokenProperties + ",file:config/application.properties"));

        assertThat(simulator.requests(INSTANCE)).as("the token was really sent")
                .anyMatch(request -> IAM_TOKEN.equals(request.header("X-Auth-Token")));
        assertThat(output.contains("[poll-instanc] [to[") && output.contains("Sending HTTP Request"))
                .as("traced and logged the HTTP activity").isTrue();
        assertAbsent(output, "the IAM token", IAM_TOKEN);
    }

    /**
     * Runs the jar against the simulator until it published the tasks, the first poll failing so that the failure
     * path (a poll ended by an API error, with the signed request still on the exchange) is taken too.
     */
    private String runJarUntilItPublished(Map<String, String> camel, List<String> jvmOptions,
                                          Map<String, String> environment, Map<String, String> extra)
            throws Exception {
        putTasks(3);
        simulator.inject(INSTANCE, Fault.error(500, "DBS.05000001", "internal error").times(1));
        Map<String, String> settings = childSettings();
        settings.put("watch.poll.initial-delay", "0s");
        settings.put("watch.poll.interval", "1s");
        settings.putAll(camel);
        settings.putAll(extra);
        List<String> options = new ArrayList<>();
        for (String option : jvmOptions) {
            options.add(option.equals(ROOT_TRACE) ? "-Dlog4j2.configurationFile=" + rootTraceConfiguration()
                    : option);
        }
        try (ChildService service = ChildService.start(settings, options, environment,
                Files.createTempFile(stateDirectory, "service", ".log"))) {
            try {
                // Generous: at TRACE the jar takes many times its usual start-up on a busy machine.
                events.awaitTotal(3, STARTUP_AT_TRACE);
            } finally {
                service.terminate();
            }
            assertThat(service.awaitExit(60)).as("stops on SIGTERM").isTrue();
            return service.output();
        }
    }

    private Path rootTraceConfiguration() throws IOException {
        String configuration = Files.readString(Path.of("src/main/resources/log4j2.xml"));
        assertThat(configuration).contains("<Root level=\"INFO\">");
        return Files.writeString(stateDirectory.resolve("log4j2-root-trace.xml"),
                configuration.replace("<Root level=\"INFO\">", "<Root level=\"TRACE\">"));
    }

    private static void assertNoSignature(String output, List<RecordedRequest> requests) {
        List<String> signatures = requests.stream().map(request -> request.header("Authorization"))
                .filter(authorization -> authorization != null && authorization.contains("Signature="))
                .map(authorization -> authorization.substring(authorization.indexOf("Signature=") + 10).trim())
                .toList();
        assertThat(signatures).as("requests were signed").isNotEmpty();
        signatures.forEach(signature -> assertAbsent(output, "a request's signature", signature));
        assertThat(output.lines().filter(line -> ANY_SIGNATURE.matcher(line).find()).map(SecretsInLogsIT::redacted)
                .limit(3).toList()).as("lines with a signature").isEmpty();
    }

    /** Fails with the lines holding {@code secret}, every secret in them replaced by a description. */
    private static void assertAbsent(String output, String description, String secret) {
        assertThat(output.lines().filter(line -> line.contains(secret)).map(SecretsInLogsIT::redacted).limit(3)
                .toList()).as("lines with " + description).isEmpty();
    }

    private static String redacted(String line) {
        String redacted = line.replace(AK, "<AK>").replace(SK, "<SK>").replace(SECURITY_TOKEN, "<security token>")
                .replace(IAM_TOKEN, "<IAM token>");
        return ANY_SIGNATURE.matcher(redacted).replaceAll("Signature=<signature>");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> settingsOf(Arguments arguments) {
        return (Map<String, String>) arguments.get()[1];
    }
}
