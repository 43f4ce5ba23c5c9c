package io.taurusreplicationwatch.api;

import java.time.Duration;

/**
 * The client's timeouts for every outbound HTTP call: establishing a connection (TCP, and TLS), waiting for an
 * answer (and for each of its bytes), a read while a connection is set up, and waiting for a pooled connection.
 */
public record ApiTimeouts(Duration connect, Duration response, Duration socket, Duration connectionRequest) {
}
