package io.taurusreplicationwatch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link GuardedResponseStream} and {@link GuardedRequest}: the count, the refusal, and how a request ends. */
class GuardedResponseStreamTest {

    private static final RequestLimits LIMITS = new RequestLimits(1000, Duration.ofSeconds(5));

    private final AtomicInteger connectionsClosed = new AtomicInteger();
    private final List<GuardedRequest> ended = new ArrayList<>();
    private final GuardedRequest request = new GuardedRequest(LIMITS, connectionsClosed::incrementAndGet, ended::add);

    @Test
    void an_answer_of_exactly_the_limit_is_read_whole_and_ends_the_request_at_its_end() throws IOException {
        try (InputStream body = new GuardedResponseStream(new ByteArrayInputStream(new byte[1000]), request)) {
            assertThat(body.readAllBytes()).hasSize(1000);
            assertThat(ended).containsExactly(request);
        }
        assertThat(ended).as("ended once").hasSize(1);
        assertThat(connectionsClosed).hasValue(0);
    }

    @Test
    void one_byte_over_the_limit_refuses_the_answer_and_closes_its_connection() {
        request.answered(200, "req-1");
        InputStream body = new GuardedResponseStream(new ByteArrayInputStream(new byte[5000]), request);

        ApiErrorException refused = catchThrowableOfType(body::readAllBytes, ApiErrorException.class);

        assertThat(refused.errorCode()).isEqualTo("WATCH.RESPONSE_TOO_LARGE");
        assertThat(refused.httpStatus()).isEqualTo(200);
        assertThat(refused.requestId()).isEqualTo("req-1");
        assertThat(refused.getMessage()).contains("watch.api.max-response-size (1000 bytes)");
        assertThat(connectionsClosed).hasValue(1);
        assertThat(ended).containsExactly(request);
    }

    @Test
    void single_byte_reads_and_skips_are_counted_too() throws IOException {
        InputStream body = new GuardedResponseStream(new ByteArrayInputStream(new byte[5000]), request);
        assertThat(body.skip(600)).isEqualTo(600);
        for (int i = 0; i < 400; i++) {
            assertThat(body.read()).isZero();
        }

        ApiErrorException refused = catchThrowableOfType(body::read, ApiErrorException.class);

        assertThat(refused.errorCode()).isEqualTo("WATCH.RESPONSE_TOO_LARGE");
    }

    @Test
    void a_read_broken_by_the_deadline_fails_with_the_deadline_not_the_socket_error() {
        InputStream brokenBySocketClose = new InputStream() {
            @Override
            public int read() throws IOException {
                request.deadlinePassed();
                throw new SocketException("Socket closed");
            }
        };
        InputStream body = new GuardedResponseStream(brokenBySocketClose, request);

        ApiErrorException late = catchThrowableOfType(body::read, ApiErrorException.class);

        assertThat(late.errorCode()).isEqualTo("WATCH.REQUEST_DEADLINE");
        assertThat(late.getMessage()).startsWith("WATCH.REQUEST_DEADLINE: no complete answer within"
                + " watch.api.request-deadline (5s");
        assertThat(connectionsClosed).hasValue(1);
    }

    @Test
    void a_request_that_finished_is_not_aborted_by_a_late_deadline() {
        request.finish();
        request.deadlinePassed();
        request.serviceStopping();

        request.rethrowIfAborted();
        assertThat(connectionsClosed).as("a connection back in the pool is left alone").hasValue(0);
        assertThat(ended).hasSize(1);
    }

    @Test
    void a_socket_error_of_its_own_passes_unchanged() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new SocketException("Connection reset");
            }
        };
        InputStream body = new GuardedResponseStream(failing, request);

        assertThat(catchThrowableOfType(body::read, SocketException.class)).hasMessage("Connection reset");
    }
}
