package io.taurusreplicationwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.taurusreplicationwatch.simulator.Fault;
import io.taurusreplicationwatch.simulator.TaurusDbSimulator;
import io.taurusreplicationwatch.testing.ConnectProxy;
import io.taurusreplicationwatch.testing.LogCapture;
import io.taurusreplicationwatch.testing.LoopbackPorts;
import io.taurusreplicationwatch.testing.PipelineTestSupport;
import io.taurusreplicationwatch.testing.TestCertificates;
import io.taurusreplicationwatch.testing.WatchRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API over https as in production, against the simulator over TLS with certificates of a CA made for this class:
 * trusted through watch.api.truststore, a held answer cut at watch.api.response-timeout, a certificate the service
 * does not trust or issued for another name refused with a code of its own, and the way through a CONNECT proxy (settings or
 * environment, Basic authentication, NO_PROXY). Figures are printed with the prefix {@code [https]}.
 */
class HttpsAndProxyIT extends PipelineTestSupport {

    private static final String PROXY_USER = "watch-proxy-user";
    private static final String PROXY_PASSWORD = "proxy-pa55word-never-logged";

    @TempDir
    static Path certificateDirectory;
    private static TestCertificates authority;
    private static SSLContext serverTls;
    private static SSLContext wrongNameTls;

    @BeforeAll
    static void makeCertificates() {
        authority = TestCertificates.authority(certificateDirectory.resolve("ca"));
        serverTls = authority.sslContext(authority.keyStore("api", "ip:127.0.0.1", "dns:localhost"));
        wrongNameTls = authority.sslContext(authority.keyStore("wrong-name", "dns:wrong.example"));
    }

    @Test
    void polls_over_https_with_the_truststore_set_and_publishes_every_task() throws Exception {
        useHttpsSimulator(serverTls);
        putTasks(3);
        runtime = WatchRuntime.start(trusting("PKCS12"));

        runtime.pollCycle();

        assertThat(events.awaitTotal(3, EVENT_WAIT)).hasSize(3);
        assertThat(simulator.endpoint().getScheme()).isEqualTo("https");
        assertThat(runtime.meters().failedPolls()).isZero();
    }

    @Test
    void a_held_https_answer_fails_the_poll_at_the_response_timeout_long_before_the_hold_ends() throws Exception {
        useHttpsSimulator(serverTls);
        putTasks(3);
        Duration hold = Duration.ofSeconds(20);
        simulator.inject(INSTANCE, Fault.delay(hold));
        Map<String, String> settings = trusting("PKCS12");
        settings.put("watch.api.response-timeout", "2s");
        runtime = WatchRuntime.start(settings);

        Instant started = Instant.now();
        runtime.pollCycle();
        Duration took = Duration.between(started, Instant.now());

        assertThat(runtime.meters().errorsByCode()).containsEntry("WATCH.SocketTimeoutException", 1L);
        assertThat(took).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(6));
        System.out.printf("[https] an answer held %d s over https failed the poll after %d ms"
                + " (watch.api.response-timeout=2s)%n", hold.toSeconds(), took.toMillis());
        runtime.pollCycle();
        assertThat(events.awaitTotal(3, EVENT_WAIT)).hasSize(3);
    }

    @Test
    void a_certificate_of_a_private_authority_without_the_truststore_fails_with_tls_untrusted_and_advice_naming_it()
            throws Exception {
        useHttpsSimulator(serverTls);
        putTasks(1);
        // The JVM's default trust: the authorities of its cacerts, not this class's.
        runtime = WatchRuntime.start(settings());

        List<String> warnings = pollCapturing(Level.WARN);

        assertThat(runtime.meters().errorsByCode()).containsEntry("WATCH.TLS_UNTRUSTED", 1L);
        assertThat(warnings).filteredOn(line -> line.contains("WATCH.TLS_UNTRUSTED")).singleElement()
                .satisfies(line -> assertThat(line).contains("set watch.api.truststore"));
        assertThat(simulator.requestCount(INSTANCE)).as("no request reached the API").isZero();
    }

    @Test
    void a_certificate_for_another_host_name_fails_with_tls_hostname_mismatch() throws Exception {
        useHttpsSimulator(wrongNameTls);
        putTasks(1);
        runtime = WatchRuntime.start(trusting("PKCS12"));

        List<String> warnings = pollCapturing(Level.WARN);

        assertThat(runtime.meters().errorsByCode()).containsEntry("WATCH.TLS_HOSTNAME_MISMATCH", 1L);
        assertThat(warnings).filteredOn(line -> line.contains("WATCH.TLS_HOSTNAME_MISMATCH")).singleElement()
                .satisfies(line -> assertThat(line).contains("not issued for that host", "Certificate for <127.0.0.1>"));
        assertThat(simulator.requestCount(INSTANCE)).isZero();
    }

    @Test
    void polls_through_a_connect_proxy_with_basic_authentication_and_never_logs_its_password() throws Exception {
        useHttpsSimulator(serverTls);
        putTasks(3);
        try (ConnectProxy proxy = ConnectProxy.start().requireBasic(PROXY_USER, PROXY_PASSWORD)) {
            Map<String, String> settings = trusting("JKS");
            settings.put("watch.api.proxy", proxy.address());
            settings.put("watch.api.proxy-user", PROXY_USER);
            settings.put("watch.api.proxy-password", PROXY_PASSWORD);
            List<String> lines;
            try (LogCapture logs = LogCapture.start(Level.DEBUG)) {
                runtime = WatchRuntime.start(settings);
                runtime.pollCycle();
                assertThat(events.awaitTotal(3, EVENT_WAIT)).hasSize(3);
                lines = logs.lines();
            }

            assertThat(simulator.requestCount(INSTANCE)).isEqualTo(1);
            assertThat(proxy.connects()).isNotEmpty().allSatisfy(connect ->
                    assertThat(connect.target()).isEqualTo(simulator.endpoint().getAuthority()));
            assertThat(proxy.connects().get(proxy.connects().size() - 1).proxyAuthorization())
                    .isEqualTo("Basic " + Base64.getEncoder().encodeToString((PROXY_USER + ":" + PROXY_PASSWORD)
                            .getBytes(StandardCharsets.UTF_8)));
            assertThat(lines).anySatisfy(line -> assertThat(line).contains("API proxy: " + proxy.address()));
            assertThat(lines).noneSatisfy(line -> assertThat(line).contains(PROXY_PASSWORD));
        }
    }

    @Test
    void a_wrong_proxy_password_fails_the_poll_with_the_proxy_auth_code() throws Exception {
        useHttpsSimulator(serverTls);
        putTasks(1);
        try (ConnectProxy proxy = ConnectProxy.start().requireBasic(PROXY_USER, PROXY_PASSWORD)) {
            Map<String, String> settings = trusting("PKCS12");
            settings.put("watch.api.proxy", proxy.address());
            settings.put("watch.api.proxy-user", PROXY_USER);
            settings.put("watch.api.proxy-password", "not-the-password");
            runtime = WatchRuntime.start(settings);

            List<String> warnings = pollCapturing(Level.WARN);

            assertThat(runtime.meters().errorsByCode()).containsEntry("WATCH.PROXY_AUTH", 1L);
            assertThat(warnings).filteredOn(line -> line.contains("WATCH.PROXY_AUTH")).singleElement()
                    .satisfies(line -> assertThat(line).contains("watch.api.proxy-password")
                            .doesNotContain("not-the-password"));
            assertThat(simulator.requestCount(INSTANCE)).isZero();
        }
    }

    @Test
    void a_proxy_that_refuses_the_tunnel_or_cannot_be_reached_fails_with_its_own_code() throws Exception {
        useHttpsSimulator(serverTls);
        putTasks(1);
        try (ConnectProxy proxy = ConnectProxy.start().refuseWith(403)) {
            Map<String, String> settings = trusting("PKCS12");
            settings.put("watch.api.proxy", proxy.address());
            runtime = WatchRuntime.start(settings);
            runtime.pollCycle();
            assertThat(runtime.meters().errorsByCode()).containsEntry("WATCH.PROXY_REFUSED", 1L);
            stopService();

            settings.put("watch.api.proxy", "127.0.0.1:" + LoopbackPorts.free());
            runtime = WatchRuntime.start(settings);
            runtime.pollCycle();
            assertThat(runtime.meters().errorsByCode()).containsEntry("WATCH.PROXY_UNREACHABLE", 1L);
        }
    }

    @Test
    void https_proxy_from_the_environment_is_taken_and_no_proxy_sends_the_api_direct() throws Exception {
        useHttpsSimulator(serverTls);
        putTasks(2);
        try (ConnectProxy proxy = ConnectProxy.start().requireBasic(PROXY_USER, PROXY_PASSWORD)) {
            String proxyUrl = "http://" + PROXY_USER + ":" + PROXY_PASSWORD + "@" + proxy.address();
            runtime = WatchRuntime.start(trusting("PKCS12"), Map.of("HTTPS_PROXY", proxyUrl));
            runtime.pollCycle();
            assertThat(events.awaitTotal(2, EVENT_WAIT)).hasSize(2);
            int throughProxy = proxy.connects().size();
            assertThat(throughProxy).isPositive();
            stopService();

            runtime = WatchRuntime.start(trusting("PKCS12"), Map.of("https_proxy", proxyUrl,
                    "NO_PROXY", "localhost,127.0.0.1"));
            runtime.pollCycle();

            assertThat(runtime.meters().failedPolls()).isZero();
            assertThat(simulator.requestCount(INSTANCE)).isEqualTo(2);
            assertThat(proxy.connects()).as("the second service went direct").hasSize(throughProxy);
        }
    }

    private void useHttpsSimulator(SSLContext tls) {
        TaurusDbSimulator https = simulators.startHttps(tls);
        simulator = https;
    }

    private Map<String, String> trusting(String storeType) {
        Map<String, String> settings = settings();
        settings.put("watch.api.truststore", authority.trustStore(storeType).toString());
        settings.put("watch.api.truststore-password", authority.password());
        return settings;
    }

    private List<String> pollCapturing(Level level) {
        try (LogCapture logs = LogCapture.start(level)) {
            runtime.pollCycle();
            return logs.lines();
        }
    }
}
